// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Parses the events of one track chunk: channel messages (with running status), tempo meta events,
// End-of-Track; other meta events and sysex are skipped by their length. A chunk that ends without
// End-of-Track ends the track there. Threads: any except a real-time audio thread.
#include <vector>

#include "byte_reader.h"
#include "mynah/midi/midi_file.h"

namespace mynah::midi {

struct TempoChange {
    long long tick = 0;
    int microsecondsPerQuarter = kDefaultMicrosecondsPerQuarter;
};

struct ParsedTrack {
    std::vector<MidiEvent> events;  // file order; timeSeconds not yet set
    std::vector<TempoChange> tempoChanges;
    long long endTick = 0;  // tick of the track's last event of any kind
};

// `chunk` covers the chunk's body; `trackIndex` (from 0) goes into each event. Throws MidiError.
ParsedTrack parseTrack(ByteReader& chunk, int trackIndex);

}  // namespace mynah::midi
