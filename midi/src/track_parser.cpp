// SPDX-License-Identifier: GPL-3.0-or-later
#include "track_parser.h"

#include <cstdint>
#include <string>
#include <utility>

#include "channel_message.h"
#include "error_text.h"

namespace mynah::midi {

namespace {

constexpr unsigned kSysexStatus = 0xF0;
constexpr unsigned kSysexContinuationStatus = 0xF7;
constexpr unsigned kMetaStatus = 0xFF;
constexpr unsigned kEndOfTrackMeta = 0x2F;
constexpr unsigned kSetTempoMeta = 0x51;
constexpr unsigned kTempoBytes = 3;
constexpr unsigned kNoRunningStatus = 0;

class TrackParser {
public:
    TrackParser(ByteReader& chunk, int trackIndex) : chunk_(chunk), trackIndex_(trackIndex) {}

    ParsedTrack run() {
        bool endOfTrack = false;
        while (!chunk_.atEnd() && !endOfTrack) {
            tick_ += chunk_.readVariableLength();
            endOfTrack = readEvent();
        }
        track_.endTick = tick_;
        return std::move(track_);
    }

private:
    // Returns true at End-of-Track.
    bool readEvent() {
        const unsigned status = readStatus();
        if (status == kMetaStatus) return readMetaEvent();
        if (status == kSysexStatus || status == kSysexContinuationStatus)
            chunk_.skip(chunk_.readVariableLength());
        else
            readChannelMessage(status);
        return false;
    }

    // A data byte where a status byte belongs repeats the last channel status (running status).
    // Meta events and sysex leave running status as it was (files that rely on it still load).
    unsigned readStatus() {
        const std::size_t statusOffset = chunk_.offset();
        const unsigned byte = chunk_.peekByte();
        if (byte < kFirstChannelStatus) {
            if (runningStatus_ == kNoRunningStatus)
                chunk_.fail("has running status with no previous status" + atByte(statusOffset));
            return runningStatus_;
        }
        chunk_.readByte();
        if (isChannelStatus(byte)) return runningStatus_ = byte;
        if (byte != kMetaStatus && byte != kSysexStatus && byte != kSysexContinuationStatus)
            chunk_.fail("has unexpected status byte " + hexByte(byte) + atByte(statusOffset));
        return byte;
    }

    bool readMetaEvent() {
        const unsigned metaType = chunk_.readByte();
        const std::uint32_t lengthBytes = chunk_.readVariableLength();
        if (metaType == kSetTempoMeta) {
            readTempo(lengthBytes);
        } else {
            chunk_.skip(lengthBytes);
        }
        return metaType == kEndOfTrackMeta;
    }

    void readTempo(std::uint32_t lengthBytes) {
        const std::size_t tempoOffset = chunk_.offset();
        if (lengthBytes < kTempoBytes)
            chunk_.fail("has a tempo event of length " + std::to_string(lengthBytes) + " (expected 3)" +
                        atByte(tempoOffset));
        const std::uint32_t microsecondsPerQuarter = chunk_.readU24();
        chunk_.skip(lengthBytes - kTempoBytes);
        if (microsecondsPerQuarter == 0)
            chunk_.fail("has a tempo of 0 microseconds per quarter note" + atByte(tempoOffset));
        track_.tempoChanges.push_back({tick_, static_cast<int>(microsecondsPerQuarter)});
    }

    void readChannelMessage(unsigned status) {
        const int firstDataByte = readDataByte();
        const int secondDataByte = dataByteCount(status) == 2 ? readDataByte() : 0;
        MidiEvent event = decodeChannelMessage(status, firstDataByte, secondDataByte);
        event.tick = tick_;
        event.track = trackIndex_;
        track_.events.push_back(event);
    }

    int readDataByte() {
        const std::size_t dataOffset = chunk_.offset();
        const unsigned byte = chunk_.readByte();
        if (byte >= kFirstChannelStatus)
            chunk_.fail("has status byte " + hexByte(byte) + " where a data byte (0..127) belongs" +
                        atByte(dataOffset));
        return static_cast<int>(byte);
    }

    ByteReader& chunk_;
    const int trackIndex_;
    long long tick_ = 0;
    unsigned runningStatus_ = kNoRunningStatus;
    ParsedTrack track_;
};

}  // namespace

ParsedTrack parseTrack(ByteReader& chunk, int trackIndex) {
    return TrackParser(chunk, trackIndex).run();
}

}  // namespace mynah::midi
