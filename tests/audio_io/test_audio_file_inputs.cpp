// SPDX-License-Identifier: GPL-3.0-or-later
// The audio-file front end against hostile inputs: every file found by the fuzzer
// (tests/fuzz/regressions/audio_file) and every seed (tests/fuzz/corpus/audio_file) reads or fails with
// one AudioFileError line naming the file, and memory follows the data, never a length a header claims.
#include <catch2/catch.hpp>
#include <sys/resource.h>

#include <filesystem>
#include <string>

#include "mynah/audio_io/audio_file.h"

namespace {
long maxRssKb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

void readOrRefuse(const std::string& path) {
    try {
        const auto audio = mynah::audio_io::readMonoAudio(path);
        REQUIRE(audio.sampleRateHz > 0.0);
    } catch (const mynah::audio_io::AudioFileError& e) {
        const std::string message = e.what();
        REQUIRE(message.find(path) == 0);
        REQUIRE(message.find('\n') == std::string::npos);
    }
}
}  // namespace

TEST_CASE("audio files: a FLAC header claiming billions of samples costs no more than its data") {
    const std::string path = std::string(MYNAH_FUZZ_DIR) + "/regressions/audio_file/flac_header_claims_huge_length.flac";
    const long before = maxRssKb();
    readOrRefuse(path);
    INFO("max RSS grew by " << (maxRssKb() - before) << " kB");
    REQUIRE(maxRssKb() - before < 64 * 1024);  // it once asked for 6 GB
}

TEST_CASE("audio files: every fuzz seed and regression reads or is refused in one line") {
    for (const char* folder : {"/corpus/audio_file", "/regressions/audio_file"})
        for (const auto& entry : std::filesystem::directory_iterator(std::string(MYNAH_FUZZ_DIR) + folder)) {
            INFO(entry.path());
            readOrRefuse(entry.path().string());
        }
}
