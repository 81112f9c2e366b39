// SPDX-License-Identifier: GPL-3.0-or-later
// A recorder killed mid-take (SIGKILL: no destructor, no flush) leaves WAV files that open (with
// libsndfile and with Mynah's own reader) and hold everything fed to it but at most the last second.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "mynah/audio_io/audio_file.h"
#include "mynah/recorder/take_writer.h"
#include "recorder_test_support.h"

using namespace mynah::recorder;

namespace {
constexpr double kRateHz = 48000.0;
constexpr int kBlock = 480;  // 10 ms

float valueAt(std::int64_t i, int salt) { return static_cast<float>((i * 31 + salt) % 20011) / 20011.0f - 0.5f; }

// The child: records at real-time pace and reports, after each block, how many samples it has fed.
[[noreturn]] void recordUntilKilled(const std::string& folder, int reportFd) {
    TakeWriterSettings settings;
    settings.folder = folder;
    settings.sampleRateHz = kRateHz;
    TakeWriter writer(settings);
    std::vector<float> dry(kBlock), wet(kBlock);
    const auto start = std::chrono::steady_clock::now();
    for (std::int64_t fed = 0;; fed += kBlock) {
        for (int i = 0; i < kBlock; ++i) {
            dry[static_cast<size_t>(i)] = valueAt(fed + i, 1);
            wet[static_cast<size_t>(i)] = valueAt(fed + i, 2);
        }
        if (!writer.push(dry.data(), wet.data(), kBlock)) _exit(3);
        const std::int64_t total = fed + kBlock;
        if (write(reportFd, &total, sizeof total) != sizeof total) _exit(4);
        std::this_thread::sleep_until(start + std::chrono::duration<double>(static_cast<double>(total) / kRateHz));
    }
}
}  // namespace

TEST_CASE("a take survives SIGKILL mid-recording, losing at most the last second", "[recorder]") {
    const double killAfterSeconds = GENERATE(1.5, 3.2);
    test::ScratchFolder dir;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        close(fds[0]);
        recordUntilKilled(dir.str(), fds[1]);
    }
    close(fds[1]);
    std::int64_t fed = 0;
    while (fed < static_cast<std::int64_t>(killAfterSeconds * kRateHz)) {
        std::int64_t total = 0;
        if (read(fds[0], &total, sizeof total) != sizeof total) break;
        fed = total;
    }
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    close(fds[0]);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(fed >= static_cast<std::int64_t>(killAfterSeconds * kRateHz));

    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
        ++files;
        const std::string name = entry.path().filename().string();
        const int salt = name.find("-dry.wav") != std::string::npos ? 1 : 2;
        INFO(name << ": fed " << fed << " samples");
        const test::WavContents w = test::readWav(entry.path().string());
        REQUIRE(w.opened);
        CHECK(w.info.samplerate == static_cast<int>(kRateHz));
        // The child may have fed a block or two more than it reported before the kill landed.
        CHECK(static_cast<std::int64_t>(w.samples.size()) <= fed + 4 * kBlock);
        CHECK(static_cast<std::int64_t>(w.samples.size()) >= fed - static_cast<std::int64_t>(kRateHz));
        bool same = true;
        for (size_t i = 0; i < w.samples.size() && same; ++i) same = w.samples[i] == valueAt(static_cast<std::int64_t>(i), salt);
        CHECK(same);
        // And the recorder's own reader (take list, playback, learning, drag-in conversion) opens all of it.
        CHECK(mynah::audio_io::readMonoAudio(entry.path().string()).samples.size() == w.samples.size());
    }
    CHECK(files == 2);
}
