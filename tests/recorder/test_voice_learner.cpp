// SPDX-License-Identifier: GPL-3.0-or-later
// The recorder's "Learn a voice" job (recorder/voice_learner.h): refuses unfit recordings with the
// reason and writes nothing, never replaces a voice, leaves nothing when cancelled, and learns a real
// voice from about 70 s of speech in a short run (the conversion base from models/zoo, the Python
// trainer from the source tree) that the runtime loads and the model list shows at once.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "mynah/audio_io/audio_file.h"
#include "mynah/recorder/voice_learner.h"
#include "mynah/runtime/model_library.h"
#include "mynah/runtime/model_loader.h"
#include "recorder_test_support.h"

using namespace mynah::recorder;
using State = VoiceLearnStatus::State;

namespace {
constexpr double kShortTrainingMinutes = 0.3;

// A scratch folder as XDG_DATA_HOME, so the user model folder is <scratch>/mynah/models, and no
// $MYNAH_MODEL_PATH: the source tree's zoo (which holds the conversion base) is the only other folder.
struct IsolatedUserFolder {
    test::ScratchFolder scratch;
    IsolatedUserFolder() {
        setenv("XDG_DATA_HOME", scratch.str().c_str(), 1);
        setenv("MYNAH_MODEL_PATH", "", 1);
    }
    std::string models() const { return mynah::runtime::userModelFolder(); }
    // The files in the model folder (a missing folder has none).
    std::vector<std::string> modelFiles() const {
        std::vector<std::string> names;
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(models(), ec)) names.push_back(e.path().filename());
        return names;
    }
};

// The demo sample repeated to about 70 s, as tests/cli/learn_test.sh does.
std::string writeSeventySecondsOfSpeech(const std::filesystem::path& folder) {
    const mynah::audio_io::MonoAudio demo = mynah::audio_io::readMonoAudio(MYNAH_DEMO_WAV);
    std::vector<float> speech;
    while (static_cast<double>(speech.size()) < 70.0 * demo.sampleRateHz)
        speech.insert(speech.end(), demo.samples.begin(), demo.samples.end());
    const std::string path = (folder / "seventy-seconds.wav").string();
    mynah::audio_io::writeAudioAtomically(path, speech, demo.sampleRateHz);
    return path;
}

VoiceLearnRequest requestFor(const std::string& name, std::vector<std::string> paths) {
    VoiceLearnRequest request;
    request.voiceName = name;
    request.recordingPaths = std::move(paths);
    request.trainingMinutes = kShortTrainingMinutes;
    return request;
}

VoiceLearnStatus waitForEnd(BackgroundVoiceLearner& learner) {
    while (learner.status().running()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    learner.wait();
    return learner.status();
}

VoiceLearnStatus learnAndWait(VoiceLearnRequest request) {
    BackgroundVoiceLearner learner;
    REQUIRE(learner.start(std::move(request)));
    return waitForEnd(learner);
}
}  // namespace

TEST_CASE("learning refuses unfit recordings with the reason and writes nothing", "[recorder]") {
    IsolatedUserFolder user;
    test::ScratchFolder dir;
    const std::string noise = (dir.path / "noise.txt").string();
    std::ofstream(noise) << "not audio";

    struct Case {
        VoiceLearnRequest request;
        std::string reason;
    };
    const auto [request, reason] = GENERATE_COPY(
        Case{requestFor("short", {MYNAH_DEMO_WAV}), "not fit to learn from: too short"},
        Case{requestFor("bad name", {MYNAH_DEMO_WAV}), "'bad name': a voice name takes letters"},
        Case{requestFor("missing", {(dir.path / "missing.wav").string()}), "missing.wav"},
        Case{requestFor("unreadable", {noise}), "noise.txt"},
        Case{requestFor("nothing", {}), "no recordings to learn from"});
    INFO(reason);
    const VoiceLearnStatus status = learnAndWait(request);
    CHECK(status.state == State::Failed);
    CHECK_THAT(status.error, Catch::Contains(reason));
    CHECK(status.error.find('\n') == std::string::npos);
    CHECK(status.outputPath.empty());
    CHECK(user.modelFiles().empty());
}

TEST_CASE("learning never replaces an existing voice", "[recorder]") {
    IsolatedUserFolder user;
    std::filesystem::create_directories(user.models());
    const std::string existing = learnedVoicePath(user.models(), "taken");
    std::ofstream(existing) << "a voice learned before";
    const VoiceLearnStatus status = learnAndWait(requestFor("taken", {MYNAH_DEMO_WAV}));
    CHECK(status.state == State::Failed);
    CHECK_THAT(status.error, Catch::Contains(existing + ": exists already"));
    std::ifstream kept(existing);
    CHECK(std::string(std::istreambuf_iterator<char>(kept), {}) == "a voice learned before");
}

TEST_CASE("a cancelled learning job leaves nothing behind", "[recorder]") {
    IsolatedUserFolder user;
    test::ScratchFolder dir;
    const std::string speech = writeSeventySecondsOfSpeech(dir.path);
    BackgroundVoiceLearner learner;
    REQUIRE(learner.start(requestFor("cancelled", {speech})));
    CHECK_FALSE(learner.start(requestFor("second", {speech})));  // one job at a time
    // Cancel once the trainer runs (its work folder exists then).
    while (learner.status().running() && learner.status().progress.stage != "learning")
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(learner.status().outputPath == learnedVoicePath(user.models(), "cancelled"));
    learner.cancel();
    const VoiceLearnStatus status = waitForEnd(learner);
    CHECK(status.state == State::Cancelled);
    CHECK(status.error.empty());
    CHECK(status.outputPath.empty());
    CHECK(user.modelFiles().empty());
}

TEST_CASE("a short learning job writes a voice that loads and is listed at once", "[recorder][slow]") {
    IsolatedUserFolder user;
    test::ScratchFolder dir;
    const std::string speech = writeSeventySecondsOfSpeech(dir.path);
    BackgroundVoiceLearner learner;
    REQUIRE(learner.start(requestFor("learned", {speech})));
    double lastFraction = 0.0;
    bool monotonic = true, sawLearning = false, sawEstimate = false;
    while (learner.status().running()) {
        const VoiceLearnStatus s = learner.status();
        monotonic = monotonic && s.progress.fraction >= lastFraction;
        lastFraction = s.progress.fraction;
        sawLearning = sawLearning || s.progress.stage == "learning";
        sawEstimate = sawEstimate || s.progress.remainingSeconds > 0.0;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    learner.wait();
    const VoiceLearnStatus status = learner.status();
    INFO(status.error);
    REQUIRE(status.state == State::Done);
    CHECK(monotonic);
    CHECK(sawLearning);
    CHECK(sawEstimate);
    CHECK(status.progress.fraction == 1.0);
    CHECK(status.progress.stage == "done");
    const std::string expected = learnedVoicePath(user.models(), "learned");
    CHECK(status.outputPath == expected);
    CHECK(user.modelFiles() == std::vector<std::string>{"learned.mynah"});  // no work folder left
    const std::vector<std::string> listed = mynah::runtime::listModelFiles();
    CHECK(std::find(listed.begin(), listed.end(), expected) != listed.end());
    const auto session = mynah::runtime::loadModelPackage(expected);
    REQUIRE(session);
    CHECK(session->metadata().name == "learned");
}
