// SPDX-License-Identifier: GPL-3.0-or-later
// The recorder's drag-in conversion gives the same file as `mynah convert`, never replaces a file,
// and reports bad input in one line naming it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "mynah/audio_io/audio_file.h"
#include "mynah/recorder/convert_job.h"
#include "recorder_test_support.h"

using namespace mynah::recorder;

namespace {
std::string testPackage(const std::string& name) {
    const char* dir = std::getenv("MYNAH_TEST_PACKAGES");
    REQUIRE(dir);
    return std::string(dir) + "/" + name;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

std::vector<float> cliConvert(const std::string& model, const std::string& input, const std::string& output) {
    const std::string command = std::string(MYNAH_CLI) + " convert --model " + quoted(model) + " " + quoted(input) +
                                " -o " + quoted(output) + " >/dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
    return mynah::audio_io::readMonoAudio(output).samples;
}
}  // namespace

TEST_CASE("a dropped file converts to exactly what `mynah convert` writes", "[recorder]") {
    const std::string model = GENERATE(testPackage("valid.mynah"), std::string(MYNAH_ZOO_DIR) + "/voice_resynth.mynah");
    INFO(model);
    test::ScratchFolder dir;
    const std::vector<float> expected = cliConvert(model, MYNAH_DEMO_WAV, (dir.path / "cli.wav").string());

    ConvertJob job({MYNAH_DEMO_WAV, model, dir.str(), {}});
    double lastProgress = 0.0;
    bool monotonic = true;
    while (!job.finished()) {
        const double p = job.progress();
        monotonic = monotonic && p >= lastProgress;
        lastProgress = p;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    job.wait();
    INFO(job.error());
    REQUIRE(job.state() == ConvertJob::State::Done);
    CHECK(monotonic);
    CHECK(job.progress() == 1.0);
    const mynah::audio_io::MonoAudio written = mynah::audio_io::readMonoAudio(job.outputPath());
    CHECK(written.sampleRateHz == 16000.0);
    REQUIRE(written.samples.size() == expected.size());
    CHECK(written.samples == expected);
}

TEST_CASE("a second conversion of the same file gets a new name, the first is kept", "[recorder]") {
    test::ScratchFolder dir;
    const ConvertRequest request{MYNAH_DEMO_WAV, testPackage("valid.mynah"), dir.str(), {}};
    const std::string first = convertFileToFolder(request);
    const std::string second = convertFileToFolder(request);
    CHECK(std::filesystem::path(first).filename() == "mynah_demo_slt.test_valid.wav");
    CHECK(std::filesystem::path(second).filename() == "mynah_demo_slt.test_valid-2.wav");
    CHECK(mynah::audio_io::readMonoAudio(first).samples == mynah::audio_io::readMonoAudio(second).samples);
}

TEST_CASE("bad input or a broken model fails in one line naming it, writing nothing", "[recorder]") {
    test::ScratchFolder dir;
    const std::string bad = (dir.path / "bad.wav").string();
    std::ofstream(bad) << "not audio";
    ConvertJob badInput({bad, testPackage("valid.mynah"), dir.str(), {}});
    badInput.wait();
    CHECK(badInput.state() == ConvertJob::State::Failed);
    CHECK_THAT(badInput.error(), Catch::Contains(bad));
    CHECK(badInput.error().find('\n') == std::string::npos);

    const std::string broken = testPackage("bad_json.mynah");
    ConvertJob badModel({MYNAH_DEMO_WAV, broken, dir.str(), {}});
    badModel.wait();
    CHECK(badModel.state() == ConvertJob::State::Failed);
    CHECK_THAT(badModel.error(), Catch::Contains("bad_json.mynah"));

    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path)) ++files;
    CHECK(files == 1);  // only bad.wav
}

TEST_CASE("a conversion can be cancelled and leaves nothing", "[recorder]") {
    test::ScratchFolder dir;
    std::string output;
    bool stopped = false;
    output = convertFileToFolder({MYNAH_DEMO_WAV, testPackage("valid.mynah"), dir.str(), {}}, [&stopped](double p) {
        stopped = p > 0.3;
        return !stopped;
    });
    CHECK(stopped);
    CHECK(output.empty());
    CHECK(std::filesystem::is_empty(dir.path));
}
