// SPDX-License-Identifier: GPL-3.0-or-later
// Seconds through the merged tempo map, song duration, and the file structure the reader tolerates.
#include <catch2/catch.hpp>

#include "mynah/midi/midi_file.h"
#include "smf_bytes.h"

using namespace mynah::midi;
using namespace mynah::midi::test;

namespace {

constexpr int kTicksPerQuarter = 480;

// Track 1's notes: one beat on, one beat off, three times.
TrackWriter threeNotes() {
    return TrackWriter()
        .noteOn(0, 0, 60, 100)
        .noteOff(480, 0, 60)
        .noteOn(480, 0, 62, 100)
        .noteOff(480, 0, 62)
        .noteOn(480, 0, 64, 100)
        .noteOff(480, 0, 64)
        .endOfTrack();
}

std::vector<double> eventSeconds(const MidiSong& song) {
    std::vector<double> seconds;
    for (const MidiEvent& event : song.events) seconds.push_back(event.timeSeconds);
    return seconds;
}

}  // namespace

TEST_CASE("a tempo change in track 0 of a format 1 file times the notes of track 1") {
    // 120 bpm for two beats (1 s), then 240 bpm.
    const TrackWriter tempoTrack = TrackWriter().tempo(0, 500000).tempo(960, 250000).endOfTrack(960);
    const MidiSong song = parseMidi(smfFile(1, kTicksPerQuarter, {tempoTrack, threeNotes()}), "song.mid");

    CHECK(song.format == 1);
    CHECK(song.ticksPerQuarter == kTicksPerQuarter);
    CHECK(eventSeconds(song) == std::vector<double>{0.0, 0.5, 1.0, 1.25, 1.5, 1.75});
    CHECK(song.events[5].tick == 2400);
    CHECK(song.events[5].track == 1);
    CHECK(song.tempoChanges == std::vector<std::pair<double, double>>{{0.0, 500000.0}, {1.0, 250000.0}});
    CHECK(song.durationSeconds == 1.75);
}

TEST_CASE("without tempo events the tempo is 120 bpm") {
    const MidiSong song = parseMidi(smfFile(0, kTicksPerQuarter, {threeNotes()}), "song.mid");
    CHECK(eventSeconds(song) == std::vector<double>{0.0, 0.5, 1.0, 1.5, 2.0, 2.5});
    CHECK(song.tempoChanges.empty());
}

TEST_CASE("a tempo event in any track applies to all tracks") {
    const TrackWriter slowDown =
        TrackWriter().noteOn(0, 1, 40, 90).tempo(480, 1000000).noteOff(480, 1, 40).endOfTrack();
    const MidiSong song = parseMidi(smfFile(1, kTicksPerQuarter, {threeNotes(), slowDown}), "song.mid");
    // Tick 480 is at 0.5 s; after it one beat takes 1 s.
    CHECK(eventSeconds(song) == std::vector<double>{0.0, 0.0, 0.5, 1.5, 1.5, 2.5, 3.5, 4.5});
    CHECK(song.tempoChanges == std::vector<std::pair<double, double>>{{0.5, 1000000.0}});
}

TEST_CASE("tempo events at the same tick: the last in track order wins") {
    const TrackWriter first = TrackWriter().tempo(0, 1000000).noteOn(0, 0, 60, 100).noteOff(480, 0, 60).endOfTrack();
    const TrackWriter second = TrackWriter().tempo(0, 250000).endOfTrack();
    const MidiSong song = parseMidi(smfFile(1, kTicksPerQuarter, {first, second}), "song.mid");
    CHECK(song.events[1].timeSeconds == 0.25);
    CHECK(song.tempoChanges == std::vector<std::pair<double, double>>{{0.0, 250000.0}});
}

TEST_CASE("duration runs to the last End-of-Track") {
    const TrackWriter lateEnd = TrackWriter().noteOn(0, 0, 60, 100).noteOff(480, 0, 60).endOfTrack(960);
    const MidiSong song = parseMidi(smfFile(0, kTicksPerQuarter, {lateEnd}), "song.mid");
    CHECK(song.durationSeconds == 1.5);
}

TEST_CASE("a track chunk without End-of-Track ends at the chunk's end") {
    const TrackWriter noEnd = TrackWriter().noteOn(0, 0, 60, 100).noteOff(480, 0, 60);
    const MidiSong song = parseMidi(smfFile(0, kTicksPerQuarter, {noEnd}), "song.mid");
    CHECK(song.events.size() == 2);
    CHECK(song.durationSeconds == 0.5);
}

TEST_CASE("bytes after End-of-Track inside the chunk are ignored") {
    const TrackWriter trailing = threeNotes().event(0, {0xF4, 0xFF, 0xFF});
    const MidiSong song = parseMidi(smfFile(0, kTicksPerQuarter, {trailing}), "song.mid");
    CHECK(song.events.size() == 6);
}

TEST_CASE("unknown chunks are skipped, garbage after the last track is ignored") {
    const Bytes track = chunk("MTrk", threeNotes().bytes());
    const Bytes unknown = chunk("XFIH", {1, 2, 3, 4, 5});
    const Bytes garbage = {0xDE, 0xAD, 0xBE, 0xEF, 'M', 'T', 'r', 'k', 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
    const MidiSong song = parseMidi(concat({headerChunk(0, 1, kTicksPerQuarter), unknown, track, garbage}), "song.mid");
    CHECK(song.events.size() == 6);
}

TEST_CASE("an unknown chunk running past the end of the file after the last track is ignored") {
    const Bytes track = chunk("MTrk", threeNotes().bytes());
    const Bytes cutChunk = {'J', 'U', 'N', 'K', 0x00, 0x01, 0x00, 0x00, 1, 2, 3};
    CHECK(parseMidi(concat({headerChunk(0, 1, kTicksPerQuarter), track, cutChunk}), "song.mid").events.size() == 6);
}

TEST_CASE("a header longer than 6 bytes is read, its extra bytes skipped") {
    const Bytes header = chunk("MThd", {0, 1, 0, 1, 0x01, 0xE0, 0xAA, 0xBB});
    const MidiSong song = parseMidi(concat({header, chunk("MTrk", threeNotes().bytes())}), "song.mid");
    CHECK(song.format == 1);
    CHECK(song.ticksPerQuarter == kTicksPerQuarter);
    CHECK(song.events.size() == 6);
}

TEST_CASE("format 0 with several track chunks is read like format 1") {
    const MidiSong song = parseMidi(smfFile(0, kTicksPerQuarter, {threeNotes(), threeNotes()}), "song.mid");
    CHECK(song.events.size() == 12);
}
