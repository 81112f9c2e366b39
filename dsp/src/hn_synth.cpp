// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/hn_synth.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "simd_lanes.h"

namespace mynah::dsp {

namespace {

using simd::Lanes;
using simd::lanesAt;

// The harmonic sum runs over blocks of U vectors of W samples at once: U independent complex-multiply
// chains hide each other's latency, and a block needs 7 registers per vector, all of it in registers
// (16 of them, with AVX2 or SSE2).
template <int W>
constexpr int kHarmonicBlockVectors = W == simd::kX86_64V3Lanes ? 3 : 2;
// Scratch arrays are padded to a multiple of every version's block.
constexpr int kHarmonicPaddingSamples = 24;
static_assert(kHarmonicPaddingSamples % (kHarmonicBlockVectors<simd::kBaselineLanes> * simd::kBaselineLanes) == 0 &&
              kHarmonicPaddingSamples % (kHarmonicBlockVectors<simd::kX86_64V3Lanes> * simd::kX86_64V3Lanes) == 0);

int roundUpToPadding(int n) {
    return (n + kHarmonicPaddingSamples - 1) / kHarmonicPaddingSamples * kHarmonicPaddingSamples;
}

// (2 pi)^n / n!: up to sign, the Taylor coefficients of sin(2 pi r) (odd n) and cos(2 pi r) (even n)
// in r. For |r| <= 1/8 cycle, the terms up to r^9 and r^10 leave out less than 2e-9, under float's
// rounding.
constexpr float twoPiPowerOverFactorial(int n) {
    double term = 1.0;
    for (int i = 1; i <= n; ++i) term *= 2.0 * std::numbers::pi / i;
    return static_cast<float>(term);
}
constexpr float kSin1 = twoPiPowerOverFactorial(1), kSin3 = -twoPiPowerOverFactorial(3),
                kSin5 = twoPiPowerOverFactorial(5), kSin7 = -twoPiPowerOverFactorial(7),
                kSin9 = twoPiPowerOverFactorial(9);
constexpr float kCos2 = -twoPiPowerOverFactorial(2), kCos4 = twoPiPowerOverFactorial(4),
                kCos6 = -twoPiPowerOverFactorial(6), kCos8 = twoPiPowerOverFactorial(8),
                kCos10 = -twoPiPowerOverFactorial(10);

// The fundamental's phasor (cos, sin of 2 pi phase) per sample, phase in cycles in [0, 1). The phase
// splits into q quarter turns (0..4) and a remainder r in [-1/8, 1/8] cycle, and polynomials in r keep
// the error near float rounding (~1e-7) at every sample, however long the phase has run, because the
// phase itself is accumulated exactly (in double) by the caller.
MYNAH_MULTIVERSION
void fundamentalPhasors(const double* phaseCycles, float* re, float* im, int numSamples) {
    for (int j = 0; j < numSamples; ++j) {
        const int q = static_cast<int>(phaseCycles[j] * 4.0 + 0.5);  // nearest quarter turn
        const float r = static_cast<float>(phaseCycles[j] - 0.25 * q);
        const float r2 = r * r;
        const float s = r * (kSin1 + r2 * (kSin3 + r2 * (kSin5 + r2 * (kSin7 + r2 * kSin9))));
        const float c = 1.0f + r2 * (kCos2 + r2 * (kCos4 + r2 * (kCos6 + r2 * (kCos8 + r2 * kCos10))));
        // Rotate by q quarter turns: q odd swaps (cos, sin) to (-sin, cos); q = 2, 3 negate both.
        const float x = (q & 1) ? -s : c;
        const float y = (q & 1) ? c : s;
        re[j] = (q & 2) ? -x : x;
        im[j] = (q & 2) ? -y : y;
    }
}

// One frame's harmonics: harmonic k (1-based) has amplitude amplitudeFrom[k-1] + amplitudeStep[k-1] *
// ramp[j]; the first numFlat harmonics lie below the taper for the whole frame (taper exactly 1), the
// ones up to numHarmonics get the taper per sample. Per sample: the fundamental's phasor, the ramp and
// F0 in, the harmonics' sum out, for numSamples samples (the arrays padded to kHarmonicPaddingSamples).
struct HarmonicRun {
    const float* amplitudeFrom;
    const float* amplitudeStep;
    int numFlat;
    int numHarmonics;
    float limitHz;
    float invTaperWidthHz;
    const float* baseRe;
    const float* baseIm;
    const float* ramp;
    const float* f0Hz;
    float* sum;
    int numSamples;
};

// One block of samples, all in registers while the harmonics are summed: the fundamental's phasor, the
// ramp, F0, harmonic k's phasor and the running sum.
template <int W, int U>
struct HarmonicBlock {
    Lanes<W> baseRe[U], baseIm[U], ramp[U], f0Hz[U], re[U], im[U], sum[U];
};

// Adds harmonics kBegin .. kEnd - 1 (1-based) to the block's sum. Harmonic k's phasor is harmonic
// (k-1)'s times the fundamental's: K complex multiplies instead of K sin() calls per sample.
template <bool kTaper, int W, int U>
[[gnu::always_inline]] inline void addHarmonics(HarmonicBlock<W, U>& b, const HarmonicRun& r, int kBegin, int kEnd) {
    const Lanes<W> zero{};
    const Lanes<W> one = 1.0f - zero;
    for (int k = kBegin; k < kEnd; ++k) {
        const float a0 = r.amplitudeFrom[k - 1];
        const float da = r.amplitudeStep[k - 1];
        const float kf = static_cast<float>(k);
#pragma GCC unroll 4
        for (int v = 0; v < U; ++v) {
            const Lanes<W> re = b.re[v] * b.baseRe[v] - b.im[v] * b.baseIm[v];
            const Lanes<W> im = b.re[v] * b.baseIm[v] + b.im[v] * b.baseRe[v];
            b.re[v] = re;
            b.im[v] = im;
            const Lanes<W> amplitude = a0 + da * b.ramp[v];
            if constexpr (kTaper) {
                Lanes<W> taper = (r.limitHz - kf * b.f0Hz[v]) * r.invTaperWidthHz;
                taper = taper < zero ? zero : taper;
                taper = one < taper ? one : taper;
                b.sum[v] += amplitude * taper * im;
            } else {
                b.sum[v] += amplitude * im;
            }
        }
    }
}

template <int W>
[[gnu::always_inline]] inline void sumLanes(const HarmonicRun& r) {
    constexpr int U = kHarmonicBlockVectors<W>;
    for (int j0 = 0; j0 < r.numSamples; j0 += U * W) {
        HarmonicBlock<W, U> b;
#pragma GCC unroll 4
        for (int v = 0; v < U; ++v) {
            const int j = j0 + v * W;
            b.baseRe[v] = *lanesAt<W>(r.baseRe + j);
            b.baseIm[v] = *lanesAt<W>(r.baseIm + j);
            b.ramp[v] = *lanesAt<W>(r.ramp + j);
            b.f0Hz[v] = *lanesAt<W>(r.f0Hz + j);
            b.re[v] = 1.0f - Lanes<W>{};
            b.im[v] = Lanes<W>{};
            b.sum[v] = Lanes<W>{};
        }
        addHarmonics<false>(b, r, 1, r.numFlat + 1);
        addHarmonics<true>(b, r, r.numFlat + 1, r.numHarmonics + 1);
#pragma GCC unroll 4
        for (int v = 0; v < U; ++v) *lanesAt<W>(r.sum + j0 + v * W) = b.sum[v];
    }
}
// Writes the frame's harmonics to sum[0 .. numSamples) (and a little past it, within the padding).
MYNAH_LANE_DISPATCH(void, sumHarmonics, HarmonicRun, sumLanes)

}  // namespace

HarmonicNoiseSynth::HarmonicNoiseSynth(const HnSynthConfig& config)
    : config_(config), clock_(config.controlRateHz, config.hopSamples, config.outputRateHz),
      maxFrameSamples_(clock_.maxFrameLength()),
      limitHz_(config.harmonicLimitHz > 0.0 ? std::min(config.harmonicLimitHz, config.outputRateHz / 2)
                                            : config.outputRateHz / 2),
      noise_(config.noise, config.outputRateHz, config.noiseSeed) {
    if (config.numHarmonics < 1) throw std::invalid_argument("the synthesiser needs at least one harmonic");
    previousAmplitudes_.assign(static_cast<size_t>(config.numHarmonics), 0.0f);
    previousGains_.assign(static_cast<size_t>(config.noise.numBands), 0.0f);
    // Whole blocks for sumHarmonics(); samples past the frame are computed and dropped.
    const size_t padded = static_cast<size_t>(roundUpToPadding(maxFrameSamples_));
    for (auto* v : {&ramp_, &f0_, &baseRe_, &baseIm_, &harmonicSum_}) v->assign(padded, 0.0f);
    samplePhaseCycles_.assign(padded, 0.0);
    amplitudeStep_.assign(static_cast<size_t>(config.numHarmonics), 0.0f);
}

void HarmonicNoiseSynth::reset() {
    frameIndex_ = 0;
    started_ = false;
    phaseCycles_ = 0.0;
    std::fill(previousAmplitudes_.begin(), previousAmplitudes_.end(), 0.0f);
    std::fill(previousGains_.begin(), previousGains_.end(), 0.0f);
    noise_.reset(config_.noiseSeed);
}

int HarmonicNoiseSynth::renderNextFrame(const HnControls& controls, float* out) {
    const int n = clock_.frameLength(frameIndex_);
    renderFrame(controls, out, n);
    return n;
}

int HarmonicNoiseSynth::skipNextFrame() {
    const int n = clock_.frameLength(frameIndex_);
    std::fill(previousAmplitudes_.begin(), previousAmplitudes_.end(), 0.0f);
    std::fill(previousGains_.begin(), previousGains_.end(), 0.0f);
    ++frameIndex_;
    return n;
}

void HarmonicNoiseSynth::renderFrame(const HnControls& c, float* out, int n) {
    n = std::clamp(n, 0, maxFrameSamples_);
    if (!started_) {
        previousF0Hz_ = std::max(0.0f, c.f0Hz);
        started_ = true;
    }
    for (int j = 0; j < n; ++j) ramp_[j] = static_cast<float>(j + 1) / static_cast<float>(n);
    renderHarmonics(c, out, n);
    renderNoise(c, out, n);
    previousF0Hz_ = std::max(0.0f, c.f0Hz);
    std::copy(c.harmonicAmplitudes, c.harmonicAmplitudes + config_.numHarmonics, previousAmplitudes_.begin());
    std::copy(c.noiseBandGains, c.noiseBandGains + config_.noise.numBands, previousGains_.begin());
    ++frameIndex_;
}

void HarmonicNoiseSynth::renderHarmonics(const HnControls& c, float* out, int n) {
    const float f0Now = std::max(0.0f, c.f0Hz);
    const double invRate = 1.0 / config_.outputRateHz;
    float f0Max = 0.0f;
    // The phase accumulates sample by sample in double, wrapped to [0, 1) (the definition the torch
    // twin follows). This loop is one chain of dependent additions: it does nothing else, and keeps the
    // phase and F0 in locals (the stores below could alias the members, which would put a store and a
    // reload into the chain).
    const float f0Previous = previousF0Hz_;
    double phase = phaseCycles_;
    for (int j = 0; j < n; ++j) {
        const float f0 = f0Previous + (f0Now - f0Previous) * ramp_[j];
        f0_[j] = f0;
        f0Max = std::max(f0Max, f0);
        phase += f0 * invRate;
        // Same as phase -= floor(phase) (the phase is never negative), without the floor per sample.
        if (phase >= 1.0) phase -= std::floor(phase);
        samplePhaseCycles_[j] = phase;
    }
    phaseCycles_ = phase;
    // Nothing to add: F0 is 0 throughout, or every harmonic up to the limit is silent.
    const int numHarmonics = f0Max > 0.0f ? harmonicsToRender(c, f0Now, f0Max) : 0;
    if (numHarmonics == 0) {
        std::fill(out, out + n, 0.0f);
        return;
    }
    fundamentalPhasors(samplePhaseCycles_.data(), baseRe_.data(), baseIm_.data(), roundUpToPadding(n));
    const float limit = static_cast<float>(limitHz_);
    const float invTaperWidth = 1.0f / static_cast<float>(kHarmonicTaperFraction * limitHz_);
    // Harmonics whose taper is exactly 1 over the whole frame, (limit - k f0) / width >= 1 at the
    // frame's highest F0, skip the taper (the same float expression as per sample, monotonic in F0).
    int numFlat = 0;
    while (numFlat < numHarmonics &&
           (limit - static_cast<float>(numFlat + 1) * f0Max) * invTaperWidth >= 1.0f)
        ++numFlat;
    for (int k = 0; k < numHarmonics; ++k)
        amplitudeStep_[k] = c.harmonicAmplitudes[k] - previousAmplitudes_[k];
    sumHarmonics({previousAmplitudes_.data(), amplitudeStep_.data(), numFlat, numHarmonics, limit, invTaperWidth,
                  baseRe_.data(), baseIm_.data(), ramp_.data(), f0_.data(), harmonicSum_.data(), n});
    std::copy(harmonicSum_.begin(), harmonicSum_.begin() + n, out);
}

int HarmonicNoiseSynth::harmonicsToRender(const HnControls& c, float f0Now, float f0Max) const {
    const float limit = static_cast<float>(limitHz_);
    const float f0Min = std::min(previousF0Hz_, f0Now);
    int last = 0;
    for (int k = 1; k <= config_.numHarmonics; ++k) {
        if (previousAmplitudes_[k - 1] == 0.0f && c.harmonicAmplitudes[k - 1] == 0.0f) continue;
        last = k;
        if (static_cast<float>(k) * f0Max >= limit && static_cast<float>(k) * f0Min >= limit)
            break;  // every higher harmonic is above the limit for the whole frame
    }
    return last;
}

void HarmonicNoiseSynth::renderNoise(const HnControls& c, float* out, int n) {
    noise_.mixInto(previousGains_.data(), c.noiseBandGains, ramp_.data(), out, n);
}

}  // namespace mynah::dsp
