// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The audio thread's processing load: time spent in processBlock divided by the block's duration
// (1 = the whole real-time budget), smoothed exponentially over about kSmoothingSeconds of audio.
// JUCE-free.
//
// Threads: addBlock() from the audio thread only (no allocation, lock or system call); loadRatio()
// from any thread.
#include <atomic>
#include <cmath>

namespace mynah::plugin {

class ProcessingLoad {
public:
    static constexpr double kSmoothingSeconds = 0.5;

    void addBlock(double elapsedSeconds, int numSamples, double sampleRateHz) {
        if (numSamples <= 0 || !(sampleRateHz > 0.0)) return;
        const double blockSeconds = numSamples / sampleRateHz;
        const double ratio = elapsedSeconds / blockSeconds;
        const double weight = 1.0 - std::exp(-blockSeconds / kSmoothingSeconds);
        smoothed_ += weight * (ratio - smoothed_);
        load_.store(static_cast<float>(smoothed_), std::memory_order_relaxed);
    }

    float loadRatio() const { return load_.load(std::memory_order_relaxed); }

private:
    double smoothed_ = 0.0;  // audio thread only
    std::atomic<float> load_{0.0f};
};

}  // namespace mynah::plugin
