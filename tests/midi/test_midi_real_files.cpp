// SPDX-License-Identifier: GPL-3.0-or-later
// Real files: a Nottingham melody from ../shared (skipped when absent) and the fuzzer's seed corpus.
#include <catch2/catch.hpp>

#include <filesystem>

#include "mynah/midi/midi_file.h"
#include "song_checks.h"

using namespace mynah::midi;
using namespace mynah::midi::test;
namespace fs = std::filesystem;

namespace {

int noteOnCount(const MidiSong& song) {
    int count = 0;
    for (const MidiEvent& event : song.events) count += event.type == MidiEvent::Type::NoteOn;
    return count;
}

}  // namespace

TEST_CASE("a Nottingham melody parses into increasing notes") {
    const std::string path = std::string(MYNAH_SHARED_MIDI_DIR) + "/ashover1.mid";
    if (!fs::exists(path)) {
        WARN("skipped: " << path << " is absent");
        return;
    }
    const MidiSong song = readMidiFile(path);
    CHECK(songProblem(song).empty());
    CHECK(noteOnCount(song) > 10);
    double previousNoteSeconds = -1.0;
    for (const MidiEvent& event : song.events) {
        if (event.type != MidiEvent::Type::NoteOn) continue;
        CHECK(event.timeSeconds > previousNoteSeconds);
        CHECK((event.data1 >= 0 && event.data1 <= 127));
        previousNoteSeconds = event.timeSeconds;
    }
    CHECK(song.durationSeconds > previousNoteSeconds);
}

TEST_CASE("every file of the fuzzer's seed corpus parses") {
    int fileCount = 0;
    for (const fs::directory_entry& entry : fs::directory_iterator(MYNAH_MIDI_CORPUS_DIR)) {
        if (entry.path().extension() != ".mid") continue;
        ++fileCount;
        INFO(entry.path().string());
        CHECK(fs::file_size(entry.path()) < 2048);
        const MidiSong song = readMidiFile(entry.path().string());
        CHECK(songProblem(song).empty());
        CHECK(noteOnCount(song) > 0);
    }
    CHECK(fileCount >= 3);
}
