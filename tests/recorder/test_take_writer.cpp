// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>

#include <cmath>
#include <thread>

#include "mynah/recorder/take_writer.h"
#include "recorder_test_support.h"

using namespace mynah::recorder;

namespace {
// Distinct values that 24-bit PCM holds exactly (multiples of 2^-23 within +-1).
float exact24(std::int64_t i, int salt) {
    const std::int64_t k = ((i * 7919 + salt * 104729) % 16000000) - 8000000;
    return static_cast<float>(k) / 8388608.0f;
}

void feed(TakeWriter& writer, std::vector<float>& dry, std::vector<float>& wet, int total, int block) {
    for (int pos = 0; pos < total; pos += block) {
        const int n = std::min(block, total - pos);
        std::vector<float> d(static_cast<size_t>(n)), w(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) {
            d[static_cast<size_t>(i)] = exact24(pos + i, 1);
            w[static_cast<size_t>(i)] = exact24(pos + i, 2);
        }
        REQUIRE(writer.push(d.data(), w.data(), n));
        dry.insert(dry.end(), d.begin(), d.end());
        wet.insert(wet.end(), w.begin(), w.end());
    }
}
}  // namespace

TEST_CASE("a take holds the dry and the converted signal exactly as fed (float and 24-bit)", "[recorder]") {
    const SampleFormat format = GENERATE(SampleFormat::Float32, SampleFormat::Pcm24);
    test::ScratchFolder dir;
    TakeWriterSettings settings;
    settings.folder = dir.str();
    settings.sampleRateHz = 44100.0;
    settings.format = format;
    std::vector<float> dry, wet;
    TakeWriter writer(settings);
    feed(writer, dry, wet, 100000, 333);  // odd blocks, more than one writer chunk
    const TakeSummary summary = writer.finish();
    CHECK(summary.error.empty());
    CHECK(summary.droppedSamples == 0);
    CHECK(summary.drySamples == 100000);
    CHECK(summary.convertedSamples == 100000);
    for (const auto& [path, expected] : {std::pair{summary.paths.dryPath, &dry}, std::pair{summary.paths.convertedPath, &wet}}) {
        const test::WavContents w = test::readWav(path);
        REQUIRE(w.opened);
        CHECK(w.info.channels == 1);
        CHECK(w.info.samplerate == 44100);
        CHECK((w.info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_WAV);
        CHECK((w.info.format & SF_FORMAT_SUBMASK) == (format == SampleFormat::Pcm24 ? SF_FORMAT_PCM_24 : SF_FORMAT_FLOAT));
        REQUIRE(w.samples.size() == expected->size());
        CHECK(w.samples == *expected);
    }
}

TEST_CASE("24-bit takes clip at full scale instead of wrapping around", "[recorder]") {
    test::ScratchFolder dir;
    TakeWriterSettings settings;
    settings.folder = dir.str();
    settings.format = SampleFormat::Pcm24;
    TakeWriter writer(settings);
    const float loud[3] = {1.5f, -1.5f, 0.5f};
    REQUIRE(writer.push(loud, loud, 3));
    const test::WavContents w = test::readWav(writer.finish().paths.dryPath);
    REQUIRE(w.samples.size() == 3);
    CHECK(w.samples[0] == Approx(1.0f).margin(1e-6));
    CHECK(w.samples[1] == Approx(-1.0f).margin(1e-6));
    CHECK(w.samples[2] == 0.5f);
}

TEST_CASE("the converted take drops the engine's latency so both files line up", "[recorder]") {
    test::ScratchFolder dir;
    TakeWriterSettings settings;
    settings.folder = dir.str();
    settings.convertedLeadSamples = 1000;
    std::vector<float> dry, wet;
    TakeWriter writer(settings);
    feed(writer, dry, wet, 20000, 512);
    const TakeSummary summary = writer.finish();
    CHECK(summary.drySamples == 20000);
    CHECK(summary.convertedSamples == 19000);
    CHECK(test::readWav(summary.paths.dryPath).samples == dry);
    CHECK(test::readWav(summary.paths.convertedPath).samples == std::vector<float>(wet.begin() + 1000, wet.end()));
}

TEST_CASE("a take is on disk, header included, while it is still recording", "[recorder]") {
    test::ScratchFolder dir;
    TakeWriterSettings settings;
    settings.folder = dir.str();
    settings.sampleRateHz = 48000.0;
    std::vector<float> dry, wet;
    TakeWriter writer(settings);
    feed(writer, dry, wet, 48000, 480);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));  // > header period + poll
    const test::WavContents w = test::readWav(writer.paths().dryPath);
    REQUIRE(w.opened);
    CHECK(w.samples == dry);
    CHECK(writer.samplesWritten() == 48000);
    writer.finish();
}

TEST_CASE("a full ring drops whole blocks from both files and counts them, never blocking", "[recorder]") {
    test::ScratchFolder dir;
    TakeWriterSettings settings;
    settings.folder = dir.str();
    settings.sampleRateHz = 8000.0;
    settings.ringSeconds = 0.5;  // 4096 samples
    TakeWriter writer(settings);
    std::vector<float> big(100000, 0.25f);
    CHECK_FALSE(writer.push(big.data(), big.data(), 100000));
    CHECK(writer.droppedSamples() == 100000);
    const TakeSummary summary = writer.finish();
    CHECK(summary.droppedSamples == 100000);
    CHECK(summary.drySamples == 0);
    CHECK_FALSE(writer.push(big.data(), big.data(), 10));  // finished: refused, counted
    CHECK(test::readWav(summary.paths.dryPath).opened);
}

TEST_CASE("a take in a missing folder fails with the folder named, creating nothing", "[recorder]") {
    test::ScratchFolder dir;
    TakeWriterSettings settings;
    settings.folder = (dir.path / "missing").string();
    REQUIRE_THROWS_WITH(TakeWriter(settings), Catch::Contains(settings.folder));
}
