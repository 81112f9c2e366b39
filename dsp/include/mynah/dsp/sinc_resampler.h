// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Low-latency streaming resampler for the real-time engine: windowed-sinc interpolation (Kaiser,
// beta 8.6), cutoff 0.47 x the lower of the two rates, `zeroCrossings` sinc lobes each side. Whole-Hz
// rates use one precomputed tap row per fractional position (polyphase); other rates interpolate an
// oversampled kernel table.
//
// Timing is exact and known: output sample j is the band-limited input evaluated at input time
// t_j = j * inRate / outRate (no delay in content), and it is produced as soon as input sample
// floor(t_j) + lookaheadInputSamples() has arrived. Unlike libsoxr (which buffers 6-55 ms in large
// blocks), the only delay is that fixed look-ahead: about 1 ms for 48 kHz -> 16 kHz.
// The output does not depend on how the input is split into blocks.
//
// Threads: construct (allocates) outside the audio thread; process()/reset() on one thread at a time,
// no allocation or locks.
#include <cstdint>
#include <vector>

namespace mynah::dsp {

class SincResampler {
public:
    SincResampler(double inputRateHz, double outputRateHz, int maxBlockSamples, int zeroCrossings = 16);

    // Input samples after t_j needed before output j can be produced.
    int lookaheadInputSamples() const { return halfWidth_; }
    // Upper bound of the outputs one process() call of n inputs can produce.
    int maxOutputFor(int n) const;
    // n <= maxBlockSamples. Writes the outputs that became computable; returns how many.
    int process(const float* in, int n, float* out);
    void reset();

private:
    double exactKernel(double x) const;  // Kaiser-windowed sinc, x in input samples
    float kernel(double x) const;        // table lookup with linear interpolation

    double inputRateHz_, outputRateHz_;
    double step_;          // input samples per output sample
    bool exactRatio_;      // both rates integral: positions in exact integer arithmetic
    std::int64_t inRateInt_, outRateInt_;
    double cutoff_;        // cycles per input sample
    int halfWidth_;        // input samples each side
    int maxBlock_;
    static constexpr int kOversample = 512;
    std::vector<float> table_;      // oversampled kernel (rates without a small period)
    std::vector<float> polyphase_;  // one row of 2*halfWidth taps per fractional position
    std::int64_t phaseStep_ = 1;    // gcd(inRate, outRate)
    // Input history: samples [firstIndex_, firstIndex_ + size) live in history_.
    std::vector<float> history_;
    std::int64_t firstIndex_ = 0;
    std::int64_t inputCount_ = 0;   // input samples received
    std::int64_t outputIndex_ = 0;  // next output sample j
};

}  // namespace mynah::dsp
