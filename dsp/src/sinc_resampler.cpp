// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/sinc_resampler.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include "simd_lanes.h"

namespace mynah::dsp {
namespace {
constexpr double kKaiserBeta = 8.6;
constexpr double kCutoffFraction = 0.47;

// sum_k x[k] h[k], in lane-wise partial sums (two interleaved, to hide the add latency) added up at
// the end: a strict left-to-right float sum cannot be vectorised. The summation order is fixed (for a
// given version, see simd_lanes.h), so the result does not depend on block sizes.
struct DotProduct {
    const float* x;
    const float* h;
    int n;
};

template <int W>
[[gnu::always_inline]] inline float dotLanes(const DotProduct& d) {
    using simd::lanesAt;
    simd::Lanes<W> even{}, odd{};
    int k = 0;
    for (; k + 2 * W <= d.n; k += 2 * W) {
        even += *lanesAt<W>(d.x + k) * *lanesAt<W>(d.h + k);
        odd += *lanesAt<W>(d.x + k + W) * *lanesAt<W>(d.h + k + W);
    }
    if (k + W <= d.n) {
        even += *lanesAt<W>(d.x + k) * *lanesAt<W>(d.h + k);
        k += W;
    }
    even += odd;
    float sum = 0.0f;
    for (int lane = 0; lane < W; ++lane) sum += even[lane];
    for (; k < d.n; ++k) sum += d.x[k] * d.h[k];
    return sum;
}
MYNAH_LANE_DISPATCH(float, dotProduct, DotProduct, dotLanes)
}  // namespace

SincResampler::SincResampler(double inputRateHz, double outputRateHz, int maxBlockSamples, int zeroCrossings)
    : inputRateHz_(inputRateHz), outputRateHz_(outputRateHz), maxBlock_(maxBlockSamples) {
    if (!(inputRateHz > 0.0) || !(outputRateHz > 0.0) || maxBlockSamples < 1 || zeroCrossings < 2)
        throw std::invalid_argument("SincResampler needs positive rates, block size and >= 2 zero crossings");
    step_ = inputRateHz / outputRateHz;
    exactRatio_ = inputRateHz == std::floor(inputRateHz) && outputRateHz == std::floor(outputRateHz);
    inRateInt_ = static_cast<std::int64_t>(inputRateHz);
    outRateInt_ = static_cast<std::int64_t>(outputRateHz);
    cutoff_ = kCutoffFraction * std::min(1.0, outputRateHz / inputRateHz);
    halfWidth_ = static_cast<int>(std::ceil(zeroCrossings / (2.0 * cutoff_)));
    // Whole-Hz rates repeat their fractional positions with period outRate / gcd: one exact tap row
    // per position (a plain dot product per output) when that table stays small, else an
    // oversampled kernel table with linear interpolation.
    if (exactRatio_) {
        const std::int64_t phases = outRateInt_ / std::gcd(inRateInt_, outRateInt_);
        if (phases * 2 * halfWidth_ <= (1 << 20)) {
            phaseStep_ = std::gcd(inRateInt_, outRateInt_);
            const int taps = 2 * halfWidth_;
            polyphase_.resize(static_cast<size_t>(phases * taps));
            for (std::int64_t p = 0; p < phases; ++p) {
                const double frac = static_cast<double>(p * phaseStep_) / static_cast<double>(outRateInt_);
                for (int k = 0; k < taps; ++k)
                    polyphase_[static_cast<size_t>(p * taps + k)] = static_cast<float>(exactKernel(k - halfWidth_ + 1 - frac));
            }
        }
    }
    if (polyphase_.empty()) {
        table_.resize(static_cast<size_t>(halfWidth_) * kOversample + 2);
        for (size_t i = 0; i < table_.size(); ++i) table_[i] = static_cast<float>(exactKernel(static_cast<double>(i) / kOversample));
    }
    history_.assign(static_cast<size_t>(maxBlock_ + 2 * halfWidth_ + 4), 0.0f);
    reset();
}

void SincResampler::reset() {
    std::fill(history_.begin(), history_.end(), 0.0f);
    // Samples before the stream start are zeros: the history starts halfWidth samples early.
    firstIndex_ = -halfWidth_;
    inputCount_ = 0;
    outputIndex_ = 0;
}

int SincResampler::maxOutputFor(int n) const { return static_cast<int>(std::ceil(n / step_)) + 2; }

double SincResampler::exactKernel(double x) const {
    const double r = std::abs(x) / halfWidth_;
    if (r >= 1.0) return 0.0;
    const double window = std::cyl_bessel_i(0.0, kKaiserBeta * std::sqrt(1.0 - r * r)) / std::cyl_bessel_i(0.0, kKaiserBeta);
    const double arg = 2.0 * cutoff_ * x;
    const double sinc = arg == 0.0 ? 1.0 : std::sin(std::numbers::pi * arg) / (std::numbers::pi * arg);
    return 2.0 * cutoff_ * sinc * window;
}

float SincResampler::kernel(double x) const {
    const double pos = std::abs(x) * kOversample;
    const size_t i = static_cast<size_t>(pos);
    if (i + 1 >= table_.size()) return 0.0f;
    const float frac = static_cast<float>(pos - static_cast<double>(i));
    return table_[i] + (table_[i + 1] - table_[i]) * frac;
}

int SincResampler::process(const float* in, int n, float* out) {
    n = std::min(n, maxBlock_);
    // Append the block behind the samples already held.
    const std::int64_t held = inputCount_ - firstIndex_;
    std::copy(in, in + n, history_.begin() + held);
    inputCount_ += n;
    int produced = 0;
    for (;;) {
        // t_j = j * in / out, split into integer and fractional parts.
        std::int64_t base;
        double frac;
        if (exactRatio_) {
            const std::int64_t num = outputIndex_ * inRateInt_;
            base = num / outRateInt_;
            frac = static_cast<double>(num % outRateInt_) / static_cast<double>(outRateInt_);
        } else {
            const double t = static_cast<double>(outputIndex_) * step_;
            base = static_cast<std::int64_t>(std::floor(t));
            frac = t - static_cast<double>(base);
        }
        if (base + halfWidth_ >= inputCount_) break;  // needs input that has not arrived
        const float* x = history_.data() + (base - halfWidth_ + 1 - firstIndex_);
        if (!polyphase_.empty()) {
            const int taps = 2 * halfWidth_;
            const std::int64_t phase = (outputIndex_ * inRateInt_ % outRateInt_) / phaseStep_;
            out[produced++] = dotProduct({x, polyphase_.data() + phase * taps, taps});
        } else {
            double sum = 0.0;
            for (int k = 0; k < 2 * halfWidth_; ++k) sum += x[k] * kernel(static_cast<double>(k - halfWidth_ + 1) - frac);
            out[produced++] = static_cast<float>(sum);
        }
        ++outputIndex_;
    }
    // Keep only the samples that future outputs can still reach.
    std::int64_t nextBase = exactRatio_ ? outputIndex_ * inRateInt_ / outRateInt_
                                        : static_cast<std::int64_t>(std::floor(static_cast<double>(outputIndex_) * step_));
    const std::int64_t keepFrom = std::min(nextBase - halfWidth_ + 1, inputCount_);
    if (keepFrom > firstIndex_) {
        std::copy(history_.begin() + (keepFrom - firstIndex_), history_.begin() + (inputCount_ - firstIndex_),
                  history_.begin());
        firstIndex_ = keepFrom;
    }
    return produced;
}

}  // namespace mynah::dsp
