// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One loaded model, ready to run: the interface every inference backend implements (libtorch today;
// ONNX Runtime or AOTInductor could follow without touching the engine).
//
// Threads: the session is created (loaded, dry-run, warmed up) on a non-real-time thread, then used by
// exactly one inference worker thread at a time: run() and resetState() are never called from the
// audio thread (backends may allocate inside).
#include <memory>
#include <string>

#include "mynah/runtime/model_metadata.h"

namespace mynah::runtime {

class InferenceSession {
public:
    virtual ~InferenceSession() = default;

    virtual const ModelMetadata& metadata() const = 0;
    // Where the model came from (a path), for messages.
    virtual const std::string& source() const = 0;

    // features: windowFrames x numInputs() floats, row-major, oldest frame first, with
    // windowFrames = contextFrames + chunk + lookaheadFrames. Writes chunk x numOutputs() controls.
    // Carries the recurrent state to the next call. Throws ModelError if the network fails.
    virtual void run(const float* features, int windowFrames, float* controls) = 0;
    // Zeros the recurrent state (a new stream starts).
    virtual void resetState() = 0;
};

}  // namespace mynah::runtime
