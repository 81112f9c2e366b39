// SPDX-License-Identifier: GPL-3.0-or-later
// Malformed input (every truncation, random bytes, mutated files) parses or throws MidiError: never
// anything else, never a crash (run these under ASan + UBSan too).
#include <catch2/catch.hpp>

#include <random>

#include "mynah/midi/midi_file.h"
#include "smf_bytes.h"
#include "song_checks.h"

using namespace mynah::midi;
using namespace mynah::midi::test;

namespace {

constexpr unsigned kSeed = 20240611;
constexpr int kRandomCases = 3000;

// A track using most of the format: tempo, meta text, sysex, running status, bend, controllers.
TrackWriter richTrack() {
    return TrackWriter()
        .tempo(0, 600000)
        .event(0, {0xFF, 0x03, 0x03, 'a', 'b', 'c'})
        .event(0, {0xF0, 0x03, 0x7E, 0x7F, 0xF7})
        .event(0, {0xB0, 7, 100})
        .noteOn(0, 0, 60, 100)
        .event(48, {62, 90})
        .event(0x3FFF, {60, 0})
        .event(0, {0xE0, 0x00, 0x50})
        .event(0, {0x80, 62, 0})
        .tempo(96, 400000)
        .event(0, {0xC0, 5})
        .endOfTrack(96);
}

Bytes richFile() {
    return smfFile(1, 96, {richTrack(), TrackWriter().noteOn(10, 9, 36, 127).noteOff(10, 9, 36).endOfTrack()});
}

Bytes randomBytes(std::mt19937& random, std::size_t count) {
    std::uniform_int_distribution<int> byte(0, 255);
    Bytes bytes(count);
    for (unsigned char& value : bytes) value = static_cast<unsigned char>(byte(random));
    return bytes;
}

}  // namespace

TEST_CASE("the test files themselves parse") {
    CHECK(parseMidi(richFile(), "rich.mid").events.size() == 9);
    CHECK(parseMidi(oneNoteFile(), "one.mid").events.size() == 2);
}

TEST_CASE("a valid file cut at every byte offset parses or throws MidiError") {
    const Bytes whole = richFile();
    int badCases = 0;
    for (std::size_t length = 0; length < whole.size(); ++length)
        badCases += !parsesOrThrowsMidiError(Bytes(whole.begin(), whole.begin() + length),
                                             "cut to " + std::to_string(length));
    CHECK(badCases == 0);
}

TEST_CASE("a track body cut at every byte offset (chunk length matching) parses or throws MidiError") {
    const Bytes body = richTrack().bytes();
    int parsedCount = 0;
    for (std::size_t length = 0; length <= body.size(); ++length) {
        const Bytes file = concat({headerChunk(0, 1, 96), chunk("MTrk", Bytes(body.begin(), body.begin() + length))});
        std::string problem;
        if (parseOutcome(file, problem) == Outcome::Parsed) ++parsedCount;
        CHECK(parsesOrThrowsMidiError(file, "body cut to " + std::to_string(length)));
    }
    CHECK(parsedCount == 8);  // each cut at an event boundary after the first note-on loads
}

TEST_CASE("random bytes never crash the reader") {
    std::mt19937 random(kSeed);
    std::uniform_int_distribution<std::size_t> length(0, 96);
    int badCases = 0;
    for (int i = 0; i < kRandomCases; ++i)
        badCases += !parsesOrThrowsMidiError(randomBytes(random, length(random)), "random case " + std::to_string(i));
    CHECK(badCases == 0);
}

TEST_CASE("random track bodies behind a valid header never crash the reader") {
    std::mt19937 random(kSeed + 1);
    std::uniform_int_distribution<std::size_t> length(0, 200);
    int badCases = 0;
    for (int i = 0; i < kRandomCases; ++i) {
        const Bytes file = concat({headerChunk(1, 1, 96), chunk("MTrk", randomBytes(random, length(random)))});
        badCases += !parsesOrThrowsMidiError(file, "random body " + std::to_string(i));
    }
    CHECK(badCases == 0);
}

TEST_CASE("a valid file with a few random bytes changed never crashes the reader") {
    std::mt19937 random(kSeed + 2);
    const Bytes whole = richFile();
    std::uniform_int_distribution<std::size_t> position(0, whole.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255), changeCount(1, 4);
    int parsedCount = 0, badCases = 0;
    for (int i = 0; i < kRandomCases; ++i) {
        Bytes mutated = whole;
        for (int change = changeCount(random); change > 0; --change)
            mutated[position(random)] = static_cast<unsigned char>(byte(random));
        std::string problem;
        if (parseOutcome(mutated, problem) == Outcome::Parsed) ++parsedCount;
        badCases += !parsesOrThrowsMidiError(mutated, "mutation " + std::to_string(i));
    }
    CHECK(badCases == 0);
    CHECK(parsedCount > 0);
}
