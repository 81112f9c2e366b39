// SPDX-License-Identifier: GPL-3.0-or-later
// The recorder's audio callback without a device: the engine with no model passes the input through
// (latency 0), so the take's two files and the monitor output are the mono mix of the input.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "mynah/audio_io/audio_file.h"
#include "mynah/recorder/live_audio_path.h"
#include "recorder_test_support.h"

using namespace mynah::recorder;

namespace {
struct Stereo {
    std::vector<float> left, right, outLeft, outRight;
    explicit Stereo(int n) : left(static_cast<size_t>(n)), right(left), outLeft(left), outRight(left) {
        for (int i = 0; i < n; ++i) {
            left[static_cast<size_t>(i)] = static_cast<float>(i % 101) / 128.0f;
            right[static_cast<size_t>(i)] = -static_cast<float>(i % 37) / 256.0f;
        }
    }
    void run(LiveAudioPath& path) {
        const float* in[2] = {left.data(), right.data()};
        float* out[2] = {outLeft.data(), outRight.data()};
        path.process(in, 2, out, 2, static_cast<int>(left.size()));
    }
    std::vector<float> mono() const {
        std::vector<float> m(left.size());
        for (size_t i = 0; i < m.size(); ++i) m[i] = (left[i] + right[i]) / 2.0f;
        return m;
    }
};
}  // namespace

TEST_CASE("before a device starts, the live path outputs silence and refuses to record", "[recorder]") {
    LiveAudioPath path;
    Stereo s(64);
    s.run(path);
    CHECK(s.outLeft == std::vector<float>(64, 0.0f));
    test::ScratchFolder dir;
    REQUIRE_THROWS_WITH(path.startTake(dir.str(), SampleFormat::Float32), Catch::Contains("no audio device"));
    CHECK(std::filesystem::is_empty(dir.path));
}

TEST_CASE("the live path monitors, records both signals and splits large device blocks", "[recorder]") {
    LiveAudioPath path;
    path.prepare(48000.0, 256);
    test::ScratchFolder dir;
    const TakePaths paths = path.startTake(dir.str(), SampleFormat::Float32);
    CHECK(path.recording());
    Stereo s(1000);  // larger than the prepared block
    s.run(path);
    CHECK(s.outLeft == s.mono());
    CHECK(s.outRight == s.mono());
    CHECK(path.takeInputPeak() > 0.0f);
    path.setMonitoring(false);
    Stereo quiet(300);
    quiet.run(path);
    CHECK(quiet.outLeft == std::vector<float>(300, 0.0f));
    const auto summary = path.stopTake();
    REQUIRE(summary);
    CHECK_FALSE(path.recording());
    CHECK(summary->error.empty());
    std::vector<float> expected = s.mono();
    const std::vector<float> more = quiet.mono();
    expected.insert(expected.end(), more.begin(), more.end());
    CHECK(test::readWav(paths.dryPath).samples == expected);
    CHECK(test::readWav(paths.convertedPath).samples == expected);
}

TEST_CASE("a take plays back into the output, resampled to the device rate", "[recorder]") {
    test::ScratchFolder dir;
    const std::string file = (dir.path / "clip.wav").string();
    mynah::audio_io::writeAudioAtomically(file, std::vector<float>(4800, 0.5f), 48000.0);
    LiveAudioPath path;
    path.prepare(48000.0, 512);
    path.setMonitoring(false);
    path.player().load(file, 48000.0);
    CHECK(path.player().lengthSeconds() == Approx(0.1));
    Stereo s(512);
    s.run(path);
    CHECK(s.outLeft == std::vector<float>(512, 0.0f));  // loaded, not playing
    path.player().play();
    for (int i = 0; i < 10; ++i) s.run(path);
    CHECK_FALSE(path.player().playing());  // 4800 samples played out
    CHECK(path.player().positionSeconds() == Approx(0.1));
    path.player().play();  // from the start again
    s.run(path);
    CHECK(s.outLeft == std::vector<float>(512, 0.5f));

    path.player().load(file, 96000.0);
    CHECK(path.player().lengthSeconds() == Approx(0.1).margin(0.002));
    REQUIRE_THROWS_WITH(path.player().load((dir.path / "none.wav").string(), 48000.0), Catch::Contains("none.wav"));
}

TEST_CASE("NaN and Inf from the device become silence in the take and the monitor, the other channel is kept", "[recorder]") {
    LiveAudioPath path;
    path.prepare(48000.0, 256);
    test::ScratchFolder dir;
    const TakePaths paths = path.startTake(dir.str(), SampleFormat::Float32);
    Stereo s(512);
    s.left[10] = std::numeric_limits<float>::quiet_NaN();
    s.left[11] = std::numeric_limits<float>::infinity();
    s.right[12] = -std::numeric_limits<float>::infinity();
    s.run(path);
    const auto summary = path.stopTake();
    REQUIRE(summary);
    REQUIRE(summary->error.empty());
    std::vector<float> expected = s.mono();
    expected[10] = s.right[10] / 2.0f;
    expected[11] = s.right[11] / 2.0f;
    expected[12] = s.left[12] / 2.0f;
    CHECK(s.outLeft == expected);
    CHECK(test::readWav(paths.dryPath).samples == expected);
    CHECK(test::readWav(paths.convertedPath).samples == expected);
    CHECK(std::isfinite(path.takeInputPeak()));
}
