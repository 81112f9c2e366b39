// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The engine soak: one Engine runs for a long stretch of audio with random block sizes (1 .. the host
// maximum), parameter automation (soak_host.h), a varied input (soak_signal.h) and a model swap every
// few seconds, cycling through the given packages, each loaded afresh as the plugin does when the user
// picks a model. Every output sample is checked (finite, within a bound); the process's memory is
// sampled at the start of every model cycle (memory_probe.h), at the same point of the cycle each time:
// just before the first model is loaded again, with the last model playing and retired pipelines freed.
//
//   offline (realtime = false): the calling thread is host, audio thread and message thread in turn;
//     the model runs inside Engine::process (deterministic for a given seed).
//   real time (realtime = true): a paced audio thread (one block per block duration, as a sound card)
//     plays while the calling thread, as the message thread, loads models, swaps and frees them.
//
// Threads: runSoak() on a non-real-time thread; it starts (and joins) the audio thread in real time.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "memory_probe.h"
#include "mynah/runtime/inference_session.h"

namespace mynah::soak {

using ModelLoader = std::function<std::unique_ptr<runtime::InferenceSession>(const std::string& path)>;

struct SoakOptions {
    double audioSeconds = 60.0;
    bool realtime = false;
    double hostRateHz = 48000.0;
    int maxBlockSamples = 512;      // the host's largest block; every call is 1 .. this
    double swapEverySeconds = 3.0;  // mean interval between model swaps (each uniform in 0.5x .. 1.5x)
    std::vector<std::string> modelPaths;  // swapped in turn, the first at the start
    ModelLoader loadModel;                // e.g. runtime::loadModelPackage
    std::vector<float> speech;            // a recording at hostRateHz for the input (may be empty)
    float outputBound = 8.0f;             // |output| above this counts as a fault (+18 dBFS; the shipped
                                          // models peak near +13 dBFS on full-scale input)
    unsigned seed = 1;
};

struct MemorySample {
    double audioSeconds = 0.0;  // of audio processed when it was taken
    double wallSeconds = 0.0;
    int cycle = 0;              // model cycles completed; 0: before the first model was loaded
    MemorySnapshot memory;
};

struct SoakReport {
    bool realtime = false;
    double audioSeconds = 0.0;
    double wallSeconds = 0.0;
    std::int64_t blocks = 0;
    std::int64_t parameterChanges = 0;
    int swapsRequested = 0;           // setModel() calls after the first model
    std::uint64_t swapsCompleted = 0;  // crossfades the engine finished
    std::uint64_t xruns = 0;
    std::uint64_t xrunsWhileLoading = 0;  // of those, in blocks that started while a model was loading
    std::uint64_t xrunsAfterSwaps = 0;    // ... and within 1 s after a setModel()
    std::int64_t nonFiniteSamples = 0;
    std::int64_t samplesOverBound = 0;
    float peakAbs = 0.0f;
    double peakAtSeconds = 0.0;  // where the peak was, and the model last chosen before it
    std::string peakModel;
    std::string peakInput;  // the input segment playing when the peak's block was processed
    std::int64_t lateCallbacks = 0;  // real time: calls the driver itself started over 5 ms late (machine load)
    bool realtimePriority = false;   // real time: the audio thread ran at SCHED_FIFO (refused without the right)
    double loadMsMean = 0.0, loadMsMax = 0.0;
    int latencyMinSamples = 0, latencyMaxSamples = 0;
    std::vector<MemorySample> memory;  // the first before any model, then one per model cycle
    std::vector<std::string> errors;   // exceptions from loading or swapping
};

SoakReport runSoak(const SoakOptions& options);

}  // namespace mynah::soak
