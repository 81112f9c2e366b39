// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Learn a voice" in the recorder: learns a new voice from the target's recordings (takes' dry files,
// dropped files) in the background, one job at a time, as `mynah learn` does. A job runs on its own
// thread (`mynah-learn`) at a lower CPU priority (kLearnNiceness), which the Python trainer it starts
// inherits, so the audio thread keeps its core; nothing of it ever touches the audio thread.
//
// A job: checks the name and that <model folder>/<name>.mynah is free; reads the recordings and
// checks them together (learn::checkRecordings: too short, clipping, too noisy, mostly silence, not
// speech), refusing unfit ones with the reason and writing nothing; then runs learn::LearnJob, which
// writes the voice into the model folder (the user's, runtime::userModelFolder(), unless the request
// names one) and never replaces a file. A failed or cancelled job leaves nothing behind.
//
// Threads: start(), cancel(), wait(), destructor: message thread (wait() and the destructor block
// until the job's thread ends; cancel() makes that quick). status(): any thread; it copies a few
// values under a mutex that the job holds only while updating them, so it never waits for the job.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mynah/engine/thread_priority.h"
#include "mynah/learn/learn_job.h"

namespace mynah::recorder {

constexpr int kLearnNiceness = engine::kBackgroundNiceness;  // added to the job thread's (and trainer's) nice value

struct VoiceLearnRequest {
    std::string voiceName;                    // learn::isValidVoiceName
    std::vector<std::string> recordingPaths;  // the target's speech, any format audio_io reads
    double trainingMinutes = 6.0;
    std::string modelFolder;                  // empty: runtime::userModelFolder() (created if missing)
    std::string baseWeightsPath;              // empty: learn::kBaseWeightsFile from the model folders
};

struct VoiceLearnStatus {
    enum class State { Idle, Running, Done, Failed, Cancelled };
    State state = State::Idle;
    learn::LearnProgress progress;  // stage "checking" before learn::LearnJob's own stages
    std::string outputPath;         // Running (once known) and Done: <folder>/<name>.mynah
    std::string error;              // Failed: one line naming what is at fault
    bool running() const { return state == State::Running; }
};

// <folder>/<name>.mynah
std::string learnedVoicePath(const std::string& modelFolder, const std::string& voiceName);

class BackgroundVoiceLearner {
public:
    BackgroundVoiceLearner() = default;
    ~BackgroundVoiceLearner();  // cancels a running job and waits for it
    BackgroundVoiceLearner(const BackgroundVoiceLearner&) = delete;
    BackgroundVoiceLearner& operator=(const BackgroundVoiceLearner&) = delete;

    // Starts a job; returns false, and changes nothing, while one is running.
    bool start(VoiceLearnRequest request);
    void cancel();
    void wait();
    VoiceLearnStatus status() const;

private:
    void run(const VoiceLearnRequest& request);
    void runChecked(const VoiceLearnRequest& request);
    void update(const learn::LearnProgress& progress);
    void finish(VoiceLearnStatus::State state, const std::string& error = {});

    mutable std::mutex statusMutex_;
    VoiceLearnStatus status_;
    std::atomic<bool> cancelled_{false};
    std::unique_ptr<learn::LearnJob> job_;  // replaced by start() only while no thread runs
    std::string trainerLastLine_;           // the job's thread only
    std::thread thread_;
};

}  // namespace mynah::recorder
