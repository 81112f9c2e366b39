// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Standard MIDI File (SMF) reader: formats 0 and 1 with a ticks-per-quarter-note time division,
// running status (kept across meta and sysex events, as some files expect), sysex and meta events
// skipped except tempo, whose events from all tracks make one tempo map for every track.
// Threads: any thread except a real-time audio thread (it allocates; readMidiFile also reads a file).
// Malformed input never crashes, never reads out of bounds and never allocates from a length field:
// every failure is a MidiError.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mynah::midi {

// One line: "<name>: <what is wrong>", with " at byte <offset>" (from the file's start) where useful.
// Messages count tracks from 1 ("track 2" is the second track chunk); MidiEvent::track counts from 0.
class MidiError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct MidiEvent {
    // data1 / data2 by type:
    //   NoteOn, NoteOff: note 0..127 / velocity (a NoteOn with velocity 0 is read as NoteOff, velocity 0)
    //   PolyPressure: note / pressure          Controller: controller number / value
    //   ProgramChange: program / 0             ChannelPressure: pressure / 0
    //   PitchBend: bend -8192..8191 (0 = centre) / 0
    enum class Type { NoteOn, NoteOff, PitchBend, Controller, ProgramChange, ChannelPressure, PolyPressure };

    double timeSeconds = 0.0;  // from the song's start, through the merged tempo map
    long long tick = 0;        // absolute, in the file's ticks
    int track = 0;             // index of the track chunk, from 0
    int channel = 0;           // 0..15
    Type type = Type::NoteOn;
    int data1 = 0;
    int data2 = 0;
};

constexpr int kDefaultMicrosecondsPerQuarter = 500000;  // 120 bpm, until the first tempo event

struct MidiSong {
    int format = 0;           // 0 or 1
    int ticksPerQuarter = 0;  // from the header's time division
    // Channel events of all tracks merged and sorted by time; stable: events at the same time keep
    // track order, then file order within a track.
    std::vector<MidiEvent> events;
    // The file's tempo events as (seconds, microseconds per quarter note), sorted; several at one tick
    // keep only the last (in track order). Before the first one the tempo is the default.
    std::vector<std::pair<double, double>> tempoChanges;
    double durationSeconds = 0.0;  // time of the last event of any kind, End-of-Track included
};

// Parses a whole file held in memory. `name` only appears in error messages (usually the path).
// Throws MidiError; a file without a single NoteOn is an error ("has no note events").
MidiSong parseMidi(const std::vector<unsigned char>& bytes, const std::string& name);

// Decodes one live channel message (a host's MIDI bytes: status, then its data bytes) into `event`
// (type, channel, data; time fields untouched), as the file reader decodes them. Returns false, leaving
// `event` alone, for anything else: system and sysex messages, running status, too few bytes.
// Threads: any, the audio thread included (no allocation).
bool decodeChannelMessageBytes(const unsigned char* bytes, int numBytes, MidiEvent* event);

constexpr long long kMaxMidiFileBytes = 64LL * 1024 * 1024;

// Reads and parses the file at `path` (at most kMaxMidiFileBytes). Throws MidiError naming `path`.
MidiSong readMidiFile(const std::string& path);

}  // namespace mynah::midi
