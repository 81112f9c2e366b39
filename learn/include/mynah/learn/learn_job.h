// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Learns a voice from a target's recordings: resamples them to the model rate, fine-tunes the
// conversion base model on them with the Python trainer (models/training/mynah_train/vc_train.py, run
// by /usr/bin/python3), exports the best checkpoint as a `.mynah` package, and moves it into place.
// The output is never half-written and never replaces an existing file; everything else the job
// writes lives in a temporary folder beside the output and is removed at the end.
//
// Where things are: the trainer's package folder is $MYNAH_TRAINING_DIR (default: the source tree's
// models/training); the mynah_dsp Python module is in $MYNAH_BUILD_DIR/lib (default: this build);
// the Python interpreter is $MYNAH_PYTHON (default /usr/bin/python3); the base weights are
// kBaseWeightsFile in the model search folders (runtime/model_library.h).
//
// Threads: run() on any non-real-time thread (it blocks for minutes); cancel() from any thread.
#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "mynah/learn/subprocess.h"

namespace mynah::learn {

constexpr const char* kBaseWeightsFile = "voice_convert_base.pt";

struct LearnError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Recording {
    std::string name;            // shown in messages and written into the model card
    std::vector<float> samples;  // mono
    double sampleRateHz = 0.0;
};

struct LearnRequest {
    std::string voiceName;        // the package's name
    std::vector<Recording> recordings;
    std::string outputPath;       // NAME.mynah; must not exist yet
    double trainingMinutes = 6.0;
    std::string baseWeightsPath;  // empty: kBaseWeightsFile from the model search folders
};

struct LearnProgress {
    double fraction = 0.0;        // of the whole job, 0..1
    double remainingSeconds = -1; // estimate; < 0 while unknown
    std::string stage;            // "preparing", "learning", "packaging", "done"
};

class LearnJob {
public:
    // Throws LearnError (one line naming what is at fault) on failure or cancellation.
    void run(const LearnRequest& request, const std::function<void(const LearnProgress&)>& onProgress,
             const std::function<void(const std::string&)>& onLog);
    void cancel();

private:
    Subprocess process_;
    std::atomic<bool> cancelled_{false};
};

}  // namespace mynah::learn
