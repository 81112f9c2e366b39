// SPDX-License-Identifier: GPL-3.0-or-later
// parseMidi: finds the track chunks, parses each, merges their events on one time line.
#include <algorithm>

#include "byte_reader.h"
#include "error_text.h"
#include "mynah/midi/midi_file.h"
#include "smf_layout.h"
#include "tempo_map.h"
#include "track_parser.h"

namespace mynah::midi {

namespace {

std::vector<ParsedTrack> parseTracks(const std::vector<unsigned char>& bytes, const SmfLayout& layout,
                                     const std::string& fileName) {
    std::vector<ParsedTrack> tracks;
    for (std::size_t index = 0; index < layout.tracks.size(); ++index) {
        const TrackChunk& chunk = layout.tracks[index];
        ByteReader reader(bytes, chunk.beginOffset, chunk.endOffset, fileName, trackName(index));
        tracks.push_back(parseTrack(reader, static_cast<int>(index)));
    }
    return tracks;
}

// Tempo changes of every track, in track order (a later track wins at the same tick).
std::vector<TempoChange> allTempoChanges(const std::vector<ParsedTrack>& tracks) {
    std::vector<TempoChange> changes;
    for (const ParsedTrack& track : tracks)
        changes.insert(changes.end(), track.tempoChanges.begin(), track.tempoChanges.end());
    return changes;
}

// All events sorted by tick; same tick: track order, then file order.
std::vector<MidiEvent> mergedEvents(const std::vector<ParsedTrack>& tracks) {
    std::vector<MidiEvent> events;
    for (const ParsedTrack& track : tracks) events.insert(events.end(), track.events.begin(), track.events.end());
    std::stable_sort(events.begin(), events.end(),
                     [](const MidiEvent& a, const MidiEvent& b) { return a.tick < b.tick; });
    return events;
}

long long lastTick(const std::vector<ParsedTrack>& tracks) {
    long long tick = 0;
    for (const ParsedTrack& track : tracks) tick = std::max(tick, track.endTick);
    return tick;
}

bool hasNoteOn(const std::vector<MidiEvent>& events) {
    return std::any_of(events.begin(), events.end(),
                       [](const MidiEvent& event) { return event.type == MidiEvent::Type::NoteOn; });
}

}  // namespace

MidiSong parseMidi(const std::vector<unsigned char>& bytes, const std::string& name) {
    const SmfLayout layout = readSmfLayout(bytes, name);
    const std::vector<ParsedTrack> tracks = parseTracks(bytes, layout, name);
    const TempoMap tempoMap(allTempoChanges(tracks), layout.ticksPerQuarter);

    MidiSong song;
    song.format = layout.format;
    song.ticksPerQuarter = layout.ticksPerQuarter;
    song.events = mergedEvents(tracks);
    if (!hasNoteOn(song.events)) throwMidiError(name, "has no note events");
    for (MidiEvent& event : song.events) event.timeSeconds = tempoMap.secondsAt(event.tick);
    song.tempoChanges = tempoMap.changesInSeconds();
    song.durationSeconds = tempoMap.secondsAt(lastTick(tracks));
    return song;
}

}  // namespace mynah::midi
