// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/recorder/voice_learner.h"

#include <pthread.h>

#include <filesystem>

#include "mynah/engine/thread_priority.h"
#include "mynah/learn/recordings.h"
#include "mynah/recorder/take_naming.h"
#include "mynah/runtime/model_library.h"

namespace mynah::recorder {
namespace fs = std::filesystem;

namespace {
constexpr size_t kMaxQuotedLineLength = 160;  // of the trainer's last line, quoted in an error
}  // namespace

std::string learnedVoicePath(const std::string& modelFolder, const std::string& voiceName) {
    return (fs::path(modelFolder) / (voiceName + ".mynah")).string();
}

BackgroundVoiceLearner::~BackgroundVoiceLearner() {
    cancel();
    wait();
}

bool BackgroundVoiceLearner::start(VoiceLearnRequest request) {
    if (status().running()) return false;
    wait();  // the previous job's thread has ended: this joins at once
    cancelled_ = false;
    job_ = std::make_unique<learn::LearnJob>();
    {
        const std::lock_guard<std::mutex> lock(statusMutex_);
        status_ = VoiceLearnStatus{VoiceLearnStatus::State::Running, {0.0, -1.0, "checking"}, {}, {}};
    }
    thread_ = std::thread([this, r = std::move(request)] { run(r); });
    return true;
}

void BackgroundVoiceLearner::cancel() {
    cancelled_ = true;
    if (job_) job_->cancel();
}

void BackgroundVoiceLearner::wait() {
    if (thread_.joinable()) thread_.join();
}

VoiceLearnStatus BackgroundVoiceLearner::status() const {
    const std::lock_guard<std::mutex> lock(statusMutex_);
    return status_;
}

void BackgroundVoiceLearner::update(const learn::LearnProgress& progress) {
    const std::lock_guard<std::mutex> lock(statusMutex_);
    status_.progress = progress;
}

void BackgroundVoiceLearner::finish(VoiceLearnStatus::State state, const std::string& error) {
    const std::lock_guard<std::mutex> lock(statusMutex_);
    status_.state = state;
    status_.error = state == VoiceLearnStatus::State::Failed ? error : std::string();
    if (state == VoiceLearnStatus::State::Done) status_.progress = {1.0, 0.0, "done"};
    else status_.outputPath.clear();  // nothing was written
}

void BackgroundVoiceLearner::run(const VoiceLearnRequest& request) {
    pthread_setname_np(pthread_self(), "mynah-learn");
    engine::lowerCurrentThreadPriority(kLearnNiceness);  // the trainer it starts inherits it
    trainerLastLine_.clear();
    try {
        runChecked(request);
    } catch (const learn::LearnError& e) {
        if (cancelled_) return finish(VoiceLearnStatus::State::Cancelled);
        std::string error = e.what();
        if (!trainerLastLine_.empty()) error += " - last output: " + trainerLastLine_.substr(0, kMaxQuotedLineLength);
        finish(VoiceLearnStatus::State::Failed, error);
    } catch (const std::exception& e) {
        finish(cancelled_ ? VoiceLearnStatus::State::Cancelled : VoiceLearnStatus::State::Failed, e.what());
    }
}

void BackgroundVoiceLearner::runChecked(const VoiceLearnRequest& request) {
    if (!learn::isValidVoiceName(request.voiceName))
        throw RecorderError("'" + request.voiceName + "': a voice name takes letters, digits, '-' and '_' (1 to " +
                            std::to_string(learn::kMaxVoiceNameLength) + ")");
    if (request.recordingPaths.empty()) throw RecorderError("no recordings to learn from: choose takes or drop files");
    const std::string folder = request.modelFolder.empty() ? runtime::userModelFolder() : request.modelFolder;
    if (folder.empty()) throw RecorderError("no user model folder (neither XDG_DATA_HOME nor HOME is set)");
    const std::string output = learnedVoicePath(folder, request.voiceName);
    std::error_code ec;
    if (fs::exists(output, ec)) throw RecorderError(output + ": exists already; choose another name or remove it");

    std::vector<learn::Recording> recordings = learn::readRecordings(request.recordingPaths);
    if (cancelled_) return finish(VoiceLearnStatus::State::Cancelled);
    if (const learn::RecordingCheck check = learn::checkRecordings(recordings); !check.problems.empty())
        throw RecorderError(check.refusal());
    if (cancelled_) return finish(VoiceLearnStatus::State::Cancelled);

    fs::create_directories(folder, ec);
    if (ec) throw RecorderError(folder + ": cannot create the model folder (" + ec.message() + ")");
    {
        const std::lock_guard<std::mutex> lock(statusMutex_);
        status_.outputPath = output;
    }
    const learn::LearnRequest learnRequest{request.voiceName, std::move(recordings), output, request.trainingMinutes,
                                           request.baseWeightsPath};
    job_->run(learnRequest, [this](const learn::LearnProgress& p) { update(p); },
              [this](const std::string& line) {
                  if (!line.empty()) trainerLastLine_ = line;
              });
    finish(VoiceLearnStatus::State::Done);
}

}  // namespace mynah::recorder
