// SPDX-License-Identifier: GPL-3.0-or-later
// The disk fills while a take records (simulated in a child process: a 1 MB file-size limit, RLIMIT_FSIZE,
// with SIGXFSZ ignored, so each write past it fails as on a full disk): the take stops with one line
// naming the file, and what was recorded until then is kept: both files open (with libsndfile and with
// Mynah's own reader) and hold exactly the samples fed, up to the point the disk was full.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "mynah/audio_io/audio_file.h"
#include "mynah/recorder/take_writer.h"
#include "recorder_test_support.h"

using namespace mynah::recorder;

namespace {
constexpr int kBlock = 480;
constexpr rlim_t kFileLimitBytes = 1 << 20;

float valueAt(std::int64_t i, int salt) { return static_cast<float>((i * 17 + salt) % 10007) / 10007.0f - 0.5f; }

// The child: records as fast as the writer takes it until writing fails, then finishes the take and
// sends back the summary's error line.
[[noreturn]] void recordUntilTheDiskIsFull(const std::string& folder, int reportFd) {
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{kFileLimitBytes, kFileLimitBytes};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(2);
    TakeWriterSettings settings;
    settings.folder = folder;
    TakeWriter writer(settings);
    std::vector<float> dry(kBlock), wet(kBlock);
    for (std::int64_t fed = 0; !writer.failed() && fed < 100 * 48000;) {
        for (int i = 0; i < kBlock; ++i) {
            dry[static_cast<size_t>(i)] = valueAt(fed + i, 1);
            wet[static_cast<size_t>(i)] = valueAt(fed + i, 2);
        }
        if (writer.push(dry.data(), wet.data(), kBlock)) fed += kBlock;
        else std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const std::string error = writer.finish().error;
    if (write(reportFd, error.data(), error.size()) != static_cast<ssize_t>(error.size())) _exit(4);
    _exit(0);
}
}  // namespace

TEST_CASE("a full disk stops a take with one line naming the file, and keeps what was recorded", "[recorder]") {
    test::ScratchFolder dir;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        close(fds[0]);
        recordUntilTheDiskIsFull(dir.str(), fds[1]);
    }
    close(fds[1]);
    std::string error;
    char buffer[512];
    for (ssize_t got; (got = read(fds[0], buffer, sizeof buffer)) > 0;) error.append(buffer, static_cast<size_t>(got));
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);

    INFO("error: " << error);
    CHECK(error.find(dir.str()) == 0);
    CHECK(error.find(": writing the take failed (") != std::string::npos);
    CHECK(error.find("File too large") != std::string::npos);
    CHECK(error.find('\n') == std::string::npos);

    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
        ++files;
        const std::string name = entry.path().filename().string();
        const int salt = name.find("-dry.wav") != std::string::npos ? 1 : 2;
        INFO(name);
        const test::WavContents w = test::readWav(entry.path().string());
        REQUIRE(w.opened);
        // Nearly the whole megabyte: at most the last writer chunk is lost.
        CHECK(w.samples.size() * sizeof(float) > kFileLimitBytes - 64 * 1024);
        bool same = true;
        for (size_t i = 0; i < w.samples.size() && same; ++i) same = w.samples[i] == valueAt(static_cast<std::int64_t>(i), salt);
        CHECK(same);
        CHECK(mynah::audio_io::readMonoAudio(entry.path().string()).samples.size() == w.samples.size());
    }
    CHECK(files == 2);
}
