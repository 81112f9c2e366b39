// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>

#include <ctime>
#include <fstream>

#include "mynah/recorder/take_list.h"
#include "mynah/recorder/take_naming.h"
#include "recorder_test_support.h"

using namespace mynah::recorder;

namespace {
std::chrono::system_clock::time_point localTime(int year, int month, int day, int hour, int minute, int second) {
    std::tm t{};
    t.tm_year = year - 1900;
    t.tm_mon = month - 1;
    t.tm_mday = day;
    t.tm_hour = hour;
    t.tm_min = minute;
    t.tm_sec = second;
    t.tm_isdst = -1;
    return std::chrono::system_clock::from_time_t(std::mktime(&t));
}
}  // namespace

TEST_CASE("take names carry the local start time, and a suffix from the second attempt", "[recorder]") {
    const auto start = localTime(2024, 5, 1, 12, 30, 5);
    CHECK(takeStem(start) == "take-2024-05-01_12-30-05");
    CHECK(takeStem(start, 2) == "take-2024-05-01_12-30-05-2");
    CHECK(convertedFilePath("/x", "/in/My voice.flac", "voice_resynth") == "/x/My voice.voice_resynth.wav");
    CHECK(convertedFilePath("/x", "a.wav", "m", 3) == "/x/a.m-3.wav");
}

TEST_CASE("reserving take files never reuses an existing name", "[recorder]") {
    test::ScratchFolder dir;
    const auto start = localTime(2024, 5, 1, 12, 30, 5);
    const TakePaths first = reserveTakeFiles(dir.str(), start);
    CHECK(first.stem == "take-2024-05-01_12-30-05");
    CHECK(first.dryPath == (dir.path / "take-2024-05-01_12-30-05-dry.wav").string());
    CHECK(first.convertedPath == (dir.path / "take-2024-05-01_12-30-05-converted.wav").string());
    std::ofstream(first.dryPath) << "keep";
    const TakePaths second = reserveTakeFiles(dir.str(), start);
    CHECK(second.stem == "take-2024-05-01_12-30-05-2");
    // Only one of the pair taken (someone else's file): the whole pair moves on to the next suffix.
    std::ofstream(dir.path / "take-2024-05-01_12-30-05-3-converted.wav") << "theirs";
    const TakePaths third = reserveTakeFiles(dir.str(), start);
    CHECK(third.stem == "take-2024-05-01_12-30-05-4");
    CHECK_FALSE(std::filesystem::exists(dir.path / "take-2024-05-01_12-30-05-3-dry.wav"));
    std::ifstream in(first.dryPath);
    std::string text;
    in >> text;
    CHECK(text == "keep");
}

TEST_CASE("reserving a take in a missing folder names the folder", "[recorder]") {
    test::ScratchFolder dir;
    const std::string missing = (dir.path / "nope").string();
    REQUIRE_THROWS_WITH(reserveTakeFiles(missing, std::chrono::system_clock::now()),
                        Catch::Contains(missing) && Catch::Contains("does not exist"));
}

TEST_CASE("the take list pairs a take's files and lists other WAVs on their own", "[recorder]") {
    test::ScratchFolder dir;
    const TakePaths take = reserveTakeFiles(dir.str(), localTime(2024, 5, 1, 12, 30, 5));
    std::ofstream(dir.path / "speech.voice_resynth.wav") << "x";
    std::ofstream(dir.path / ".hidden.wav.ABCDEF") << "x";
    std::ofstream(dir.path / "notes.txt") << "x";
    const std::vector<TakeEntry> list = listTakes(dir.str());
    REQUIRE(list.size() == 2);
    const auto byName = [&](const std::string& name) {
        for (const TakeEntry& e : list)
            if (e.name == name) return e;
        FAIL("no entry " << name);
        return TakeEntry{};
    };
    const TakeEntry t = byName(take.stem);
    CHECK(t.dryPath == take.dryPath);
    CHECK(t.convertedPath == take.convertedPath);
    const TakeEntry c = byName("speech.voice_resynth");
    CHECK(c.dryPath.empty());
    CHECK(listTakes((dir.path / "missing").string()).empty());
}
