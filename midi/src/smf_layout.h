// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reads the MThd header chunk and finds the track (MTrk) chunks, skipping chunks of other types and
// ignoring whatever follows the last declared track. Threads: any except a real-time audio thread.
#include <cstddef>
#include <string>
#include <vector>

namespace mynah::midi {

struct TrackChunk {
    std::size_t beginOffset = 0;  // first byte after the chunk's 8-byte header
    std::size_t endOffset = 0;    // one past its last byte
};

struct SmfLayout {
    int format = 0;
    int ticksPerQuarter = 0;
    std::vector<TrackChunk> tracks;  // as many as the header declares
};

// Throws MidiError for anything but a format 0 or 1 file with ticks per quarter note and all its tracks.
SmfLayout readSmfLayout(const std::vector<unsigned char>& bytes, const std::string& fileName);

}  // namespace mynah::midi
