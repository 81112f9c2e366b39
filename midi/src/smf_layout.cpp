// SPDX-License-Identifier: GPL-3.0-or-later
#include "smf_layout.h"

#include <algorithm>
#include <cstdint>

#include "byte_reader.h"
#include "error_text.h"

namespace mynah::midi {

namespace {

constexpr std::size_t kChunkIdBytes = 4;
constexpr std::size_t kChunkHeaderBytes = 8;  // id + 32-bit length
constexpr std::uint32_t kHeaderFieldBytes = 6;  // format, track count, time division
constexpr unsigned kSmpteDivisionBit = 0x8000;

bool hasChunkId(const std::vector<unsigned char>& bytes, std::size_t offset, const char* id) {
    return bytes.size() - offset >= kChunkIdBytes && std::equal(id, id + kChunkIdBytes, bytes.begin() + offset);
}

struct HeaderFields {
    unsigned format = 0;
    unsigned trackCount = 0;
    unsigned division = 0;
};

// Reads MThd; leaves `file` at the first byte after the header chunk.
HeaderFields readHeaderChunk(ByteReader& file) {
    file.skip(kChunkIdBytes);
    const std::uint32_t lengthBytes = file.readU32();
    if (lengthBytes < kHeaderFieldBytes)
        file.fail("chunk is too short (length " + std::to_string(lengthBytes) + ", expected 6)");
    HeaderFields fields;
    fields.format = file.readU16();
    fields.trackCount = file.readU16();
    fields.division = file.readU16();
    file.skip(lengthBytes - kHeaderFieldBytes);  // a longer header is allowed: later fields unknown
    return fields;
}

void checkHeaderFields(const HeaderFields& fields, const std::string& fileName) {
    if (fields.format == 2) throwMidiError(fileName, "format 2 (independent sequences) is not supported");
    if (fields.format > 2)
        throwMidiError(fileName, "unknown format " + std::to_string(fields.format) + " (expected 0 or 1)");
    if (fields.division & kSmpteDivisionBit) throwMidiError(fileName, "SMPTE time division is not supported");
    if (fields.division == 0) throwMidiError(fileName, "time division of 0 ticks per quarter note is invalid");
    if (fields.trackCount == 0) throwMidiError(fileName, "header declares no tracks");
}

// Collects up to `trackCount` MTrk chunks from `offset` on. A chunk of another type is skipped; one that
// runs past the end of the file ends the search (it is trailing garbage).
std::vector<TrackChunk> findTrackChunks(const std::vector<unsigned char>& bytes, std::size_t offset,
                                        unsigned trackCount, const std::string& fileName) {
    std::vector<TrackChunk> tracks;
    while (tracks.size() < trackCount && bytes.size() - offset >= kChunkHeaderBytes) {
        const bool isTrack = hasChunkId(bytes, offset, "MTrk");
        ByteReader chunkHeader(bytes, offset + kChunkIdBytes, offset + kChunkHeaderBytes, fileName, "chunk");
        const std::uint64_t lengthBytes = chunkHeader.readU32();
        const std::size_t bodyOffset = offset + kChunkHeaderBytes;
        if (lengthBytes > bytes.size() - bodyOffset) {
            if (isTrack) throwMidiError(fileName, trackName(tracks.size()) + " is truncated" + atByte(bytes.size()));
            break;
        }
        offset = bodyOffset + static_cast<std::size_t>(lengthBytes);
        if (isTrack) tracks.push_back({bodyOffset, offset});
    }
    if (tracks.size() < trackCount)
        throwMidiError(fileName, "header declares " + std::to_string(trackCount) + " tracks but the file holds only " +
                                     std::to_string(tracks.size()));
    return tracks;
}

}  // namespace

SmfLayout readSmfLayout(const std::vector<unsigned char>& bytes, const std::string& fileName) {
    if (bytes.empty()) throwMidiError(fileName, "is empty");
    if (!hasChunkId(bytes, 0, "MThd")) throwMidiError(fileName, "not a MIDI file (no MThd header)");
    ByteReader file(bytes, 0, bytes.size(), fileName, "header");
    const HeaderFields fields = readHeaderChunk(file);
    checkHeaderFields(fields, fileName);
    SmfLayout layout;
    layout.format = static_cast<int>(fields.format);
    layout.ticksPerQuarter = static_cast<int>(fields.division);
    layout.tracks = findTrackChunks(bytes, file.offset(), fields.trackCount, fileName);
    return layout;
}

}  // namespace mynah::midi
