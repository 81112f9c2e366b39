// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One signal (the plugin's mono input or output) handed from the audio thread to the editor: the
// samples go through a lock-free SPSC ring (dsp::SpscRing) for the spectrogram and pitch trace, and
// the peak level since the editor last looked is an atomic (for the meter). When the ring is full
// (no editor reading, or a stalled one) new samples are dropped, never waited for. JUCE-free.
//
// Threads: constructor (allocates the ring) and destructor on the message thread, before/after any
// audio processing. publish(): the audio thread only; never allocates, locks or blocks.
// attach(), detach(), read(), discard(), available(), takePeak(): the message thread only (one
// consumer: the open editor).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>

#include "mynah/dsp/spsc_ring.h"

namespace mynah::plugin {

class SignalTap {
public:
    explicit SignalTap(std::size_t capacitySamples) : ring_(capacitySamples) {}

    // Audio thread.
    void publish(const float* samples, int numSamples) {
        float blockPeak = 0.0f;
        for (int i = 0; i < numSamples; ++i) blockPeak = std::max(blockPeak, std::abs(samples[i]));
        float previous = peak_.load(std::memory_order_relaxed);
        while (blockPeak > previous && !peak_.compare_exchange_weak(previous, blockPeak, std::memory_order_relaxed)) {
        }
        if (attached_.load(std::memory_order_acquire)) ring_.push(samples, static_cast<std::size_t>(numSamples));
    }

    // Message thread: start or stop collecting samples. attach() drops whatever is stale in the ring.
    void attach() {
        ring_.discard(ring_.availableToRead());
        attached_.store(true, std::memory_order_release);
    }
    void detach() { attached_.store(false, std::memory_order_release); }

    std::size_t available() const { return ring_.availableToRead(); }
    std::size_t read(float* destination, std::size_t maxSamples) { return ring_.pop(destination, maxSamples); }
    std::size_t discard(std::size_t samples) { return ring_.discard(samples); }
    std::size_t capacity() const { return ring_.capacity(); }

    // The largest |sample| published since the last call (linear, 1 = full scale); resets it.
    float takePeak() { return peak_.exchange(0.0f, std::memory_order_relaxed); }

private:
    dsp::SpscRing<float> ring_;
    std::atomic<float> peak_{0.0f};
    std::atomic<bool> attached_{false};
};

}  // namespace mynah::plugin
