// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Streaming mono sample-rate converter on libsoxr (high quality, linear phase).
//
// Threads: construct/destruct outside the audio thread. process()/flush() from one thread at a time.
// libsoxr's streaming call does not allocate once its internal buffers have grown to the largest
// block seen, so the engine warms it up with its largest block before real-time use.
#include <cstddef>

struct soxr;

namespace mynah::dsp {

class Resampler {
public:
    Resampler(double inputRateHz, double outputRateHz);
    ~Resampler();
    Resampler(const Resampler&) = delete;
    Resampler& operator=(const Resampler&) = delete;

    double inputRateHz() const { return inputRateHz_; }
    double outputRateHz() const { return outputRateHz_; }

    // Consumes all n input samples; writes at most outCapacity output samples and returns how many.
    // outCapacity must hold the block's share of output (n * outRate / inRate + 64 is always enough);
    // throws std::logic_error otherwise and std::runtime_error if libsoxr reports an error.
    size_t process(const float* in, size_t n, float* out, size_t outCapacity);
    // Ends the stream: writes the remaining buffered output.
    size_t flush(float* out, size_t outCapacity);
    // Group delay of the filter, in output samples.
    double delayOutputSamples() const;
    void reset();

private:
    double inputRateHz_;
    double outputRateHz_;
    soxr* handle_ = nullptr;
};

}  // namespace mynah::dsp
