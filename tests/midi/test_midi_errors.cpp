// SPDX-License-Identifier: GPL-3.0-or-later
// Every malformed input gives one specific MidiError line naming the file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "mynah/midi/midi_file.h"
#include "smf_bytes.h"

using namespace mynah::midi;
using namespace mynah::midi::test;
using Catch::Matchers::Contains;

namespace {

constexpr std::size_t kFirstTrackBodyOffset = 22;  // 14-byte header chunk + 8-byte MTrk header

// A one-track file whose track body is `body` as written.
Bytes fileWithTrackBody(const Bytes& body) {
    return concat({headerChunk(0, 1, 96), chunk("MTrk", body)});
}

Bytes fileWithTrack(const TrackWriter& track) {
    return fileWithTrackBody(track.bytes());
}

Bytes header(std::initializer_list<unsigned char> fields) {
    return chunk("MThd", Bytes(fields));
}

}  // namespace

TEST_CASE("errors in the header name the file and the problem") {
    const Bytes track = chunk("MTrk", TrackWriter().noteOn(0, 0, 60, 100).endOfTrack().bytes());
    REQUIRE_THROWS_AS(parseMidi({}, "song.mid"), MidiError);
    REQUIRE_THROWS_WITH(parseMidi({}, "song.mid"), "song.mid: is empty");
    REQUIRE_THROWS_WITH(parseMidi({'R', 'I', 'F', 'F', 0, 0, 0, 4, 'R', 'M', 'I', 'D'}, "song.mid"),
                        "song.mid: not a MIDI file (no MThd header)");
    REQUIRE_THROWS_WITH(parseMidi({'M', 'T'}, "song.mid"), "song.mid: not a MIDI file (no MThd header)");
    REQUIRE_THROWS_WITH(parseMidi({'M', 'T', 'h', 'd', 0, 0, 0, 6, 0}, "song.mid"),
                        "song.mid: header is truncated at byte 9");
    REQUIRE_THROWS_WITH(parseMidi(concat({header({0, 0, 0, 1}), track}), "song.mid"),
                        "song.mid: header chunk is too short (length 4, expected 6)");
    REQUIRE_THROWS_WITH(parseMidi(concat({header({0, 2, 0, 1, 0, 96}), track}), "song.mid"),
                        "song.mid: format 2 (independent sequences) is not supported");
    REQUIRE_THROWS_WITH(parseMidi(concat({header({0, 7, 0, 1, 0, 96}), track}), "song.mid"),
                        "song.mid: unknown format 7 (expected 0 or 1)");
    REQUIRE_THROWS_WITH(parseMidi(concat({header({0, 1, 0, 1, 0xE7, 0x28}), track}), "song.mid"),
                        "song.mid: SMPTE time division is not supported");
    REQUIRE_THROWS_WITH(parseMidi(concat({header({0, 1, 0, 1, 0, 0}), track}), "song.mid"),
                        "song.mid: time division of 0 ticks per quarter note is invalid");
    REQUIRE_THROWS_WITH(parseMidi(concat({header({0, 1, 0, 0, 0, 96}), track}), "song.mid"),
                        "song.mid: header declares no tracks");
}

TEST_CASE("missing and truncated track chunks are errors") {
    const Bytes track = chunk("MTrk", TrackWriter().noteOn(0, 0, 60, 100).endOfTrack().bytes());
    REQUIRE_THROWS_WITH(parseMidi(concat({headerChunk(1, 3, 96), track}), "song.mid"),
                        "song.mid: header declares 3 tracks but the file holds only 1");
    REQUIRE_THROWS_WITH(parseMidi(concat({headerChunk(1, 2, 96), track, chunk("XXXX", {1, 2})}), "song.mid"),
                        "song.mid: header declares 2 tracks but the file holds only 1");

    Bytes cutSecondTrack = concat({headerChunk(1, 2, 96), track, track});
    cutSecondTrack.resize(cutSecondTrack.size() - 2);
    REQUIRE_THROWS_WITH(parseMidi(cutSecondTrack, "song.mid"),
                        "song.mid: track 2 is truncated at byte " + std::to_string(cutSecondTrack.size()));

    // The chunk length is right, but its last event is cut off by it.
    Bytes noteCutByChunk = TrackWriter().noteOn(0, 0, 60, 100).bytes();
    noteCutByChunk.pop_back();
    REQUIRE_THROWS_WITH(parseMidi(fileWithTrackBody(noteCutByChunk), "song.mid"),
                        "song.mid: track 1 is truncated at byte 25");
    REQUIRE_THROWS_WITH(parseMidi(fileWithTrack(TrackWriter().noteOn(0, 0, 60, 100).event(0, {0xF0, 0x7F, 1, 2})),
                                  "song.mid"),
                        Contains("track 1 is truncated at byte"));
}

TEST_CASE("errors inside a track give the byte offset") {
    const std::string first = std::to_string(kFirstTrackBodyOffset);
    const std::string second = std::to_string(kFirstTrackBodyOffset + 1);
    REQUIRE_THROWS_WITH(parseMidi(fileWithTrack(TrackWriter().event(0, {60, 100})), "song.mid"),
                        "song.mid: track 1 has running status with no previous status at byte " + second);
    REQUIRE_THROWS_WITH(parseMidi(fileWithTrackBody({0x81, 0x81, 0x81, 0x81, 0x00, 0x90, 60, 100}), "song.mid"),
                        "song.mid: track 1 has a variable-length quantity longer than 4 bytes at byte " + first);
    REQUIRE_THROWS_WITH(parseMidi(fileWithTrack(TrackWriter().event(0, {0xF4})), "song.mid"),
                        "song.mid: track 1 has unexpected status byte 0xF4 at byte " + second);
    REQUIRE_THROWS_WITH(parseMidi(fileWithTrack(TrackWriter().event(0, {0x90, 60, 0x80, 60})), "song.mid"),
                        Contains("track 1 has status byte 0x80 where a data byte (0..127) belongs at byte 25"));
    REQUIRE_THROWS_WITH(parseMidi(fileWithTrack(TrackWriter().event(0, {0xFF, 0x51, 0x02, 0x07, 0xA1})), "song.mid"),
                        Contains("track 1 has a tempo event of length 2 (expected 3) at byte 26"));
    REQUIRE_THROWS_WITH(parseMidi(fileWithTrack(TrackWriter().tempo(0, 0).noteOn(0, 0, 60, 100)), "song.mid"),
                        Contains("track 1 has a tempo of 0 microseconds per quarter note at byte 26"));
}

TEST_CASE("a song without a note-on is an error") {
    REQUIRE_THROWS_WITH(parseMidi(fileWithTrack(TrackWriter().event(0, {0xB0, 7, 100}).endOfTrack()), "song.mid"),
                        "song.mid: has no note events");
    REQUIRE_THROWS_WITH(parseMidi(fileWithTrack(TrackWriter().noteOn(0, 0, 60, 0).noteOff(0, 0, 61)), "song.mid"),
                        "song.mid: has no note events");
}

TEST_CASE("readMidiFile names the path in its errors and reads a real file") {
    namespace fs = std::filesystem;
    const fs::path folder = fs::temp_directory_path() / ("mynah_midi_test_" + std::to_string(std::random_device{}()));
    fs::create_directories(folder);
    const std::string missing = (folder / "missing.mid").string();
    REQUIRE_THROWS_WITH(readMidiFile(missing), missing + ": no such file");
    REQUIRE_THROWS_WITH(readMidiFile(folder.string()), folder.string() + ": is a directory, not a MIDI file");

    const std::string emptyPath = (folder / "empty.mid").string();
    std::ofstream(emptyPath, std::ios::binary).close();
    REQUIRE_THROWS_WITH(readMidiFile(emptyPath), emptyPath + ": is empty");

    const std::string songPath = (folder / "one_note.mid").string();
    const Bytes bytes = oneNoteFile();
    std::ofstream(songPath, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    CHECK(readMidiFile(songPath).events.size() == 2);
    fs::remove_all(folder);
}
