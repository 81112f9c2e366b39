// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Test helper: writes Standard MIDI File bytes (tracks event by event, chunks, whole files).
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace mynah::midi::test {

using Bytes = std::vector<unsigned char>;

inline void appendVariableLength(Bytes& out, std::uint32_t value) {
    unsigned char groups[4];
    int count = 0;
    do {
        groups[count++] = static_cast<unsigned char>(value & 0x7Fu);
        value >>= 7;
    } while (value != 0 && count < 4);
    while (count > 1) out.push_back(static_cast<unsigned char>(groups[--count] | 0x80u));
    out.push_back(groups[0]);
}

inline void appendU32(Bytes& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(value >> shift));
}

// One track's events; each call writes a delta time (ticks since the previous event) and one event.
class TrackWriter {
public:
    TrackWriter& event(std::uint32_t deltaTicks, std::initializer_list<unsigned> eventBytes) {
        appendVariableLength(bytes_, deltaTicks);
        for (unsigned byte : eventBytes) bytes_.push_back(static_cast<unsigned char>(byte));
        return *this;
    }
    TrackWriter& noteOn(std::uint32_t deltaTicks, int channel, int note, int velocity) {
        return event(deltaTicks, {0x90u + channel, unsigned(note), unsigned(velocity)});
    }
    TrackWriter& noteOff(std::uint32_t deltaTicks, int channel, int note) {
        return event(deltaTicks, {0x80u + channel, unsigned(note), 0x40});
    }
    TrackWriter& tempo(std::uint32_t deltaTicks, std::uint32_t microsecondsPerQuarter) {
        return event(deltaTicks, {0xFF, 0x51, 0x03, microsecondsPerQuarter >> 16, (microsecondsPerQuarter >> 8) & 0xFF,
                                  microsecondsPerQuarter & 0xFF});
    }
    TrackWriter& endOfTrack(std::uint32_t deltaTicks = 0) { return event(deltaTicks, {0xFF, 0x2F, 0x00}); }

    const Bytes& bytes() const { return bytes_; }

private:
    Bytes bytes_;
};

inline Bytes chunk(const std::string& id, const Bytes& body) {
    Bytes out(id.begin(), id.end());
    appendU32(out, static_cast<std::uint32_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

inline Bytes headerChunk(int format, int trackCount, int ticksPerQuarter) {
    return chunk("MThd", {0, static_cast<unsigned char>(format), static_cast<unsigned char>(trackCount >> 8),
                          static_cast<unsigned char>(trackCount), static_cast<unsigned char>(ticksPerQuarter >> 8),
                          static_cast<unsigned char>(ticksPerQuarter)});
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

// A file of `format` whose header declares exactly the given tracks.
inline Bytes smfFile(int format, int ticksPerQuarter, const std::vector<TrackWriter>& tracks) {
    Bytes out = headerChunk(format, static_cast<int>(tracks.size()), ticksPerQuarter);
    for (const TrackWriter& track : tracks) {
        const Bytes trackChunk = chunk("MTrk", track.bytes());
        out.insert(out.end(), trackChunk.begin(), trackChunk.end());
    }
    return out;
}

// One track, one note: the smallest valid song.
inline Bytes oneNoteFile() {
    return smfFile(0, 96, {TrackWriter().noteOn(0, 0, 60, 100).noteOff(96, 0, 60).endOfTrack()});
}

}  // namespace mynah::midi::test
