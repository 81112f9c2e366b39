// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/noise_bank.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>

#include "mynah/dsp/butterworth.h"
#include "mynah/dsp/mel.h"
#include "simd_lanes.h"

namespace mynah::dsp {

BandEdgesHz noiseBandEdges(const NoiseBandLayout& layout, int band) {
    const double melLo = hzToMel(layout.minHz), melHi = hzToMel(layout.maxHz);
    const int n = layout.numBands;
    return {melToHz(melLo + (melHi - melLo) * band / n), melToHz(melLo + (melHi - melLo) * (band + 1) / n)};
}

NoiseBank::NoiseBank(const NoiseBandLayout& layout, double outputRateHz, std::uint32_t seed)
    : layout_(layout), white_(seed),
      whiteScale_(static_cast<float>(std::sqrt(outputRateHz / layout.referenceRateHz))) {
    if (layout.numBands < 1 || !(layout.minHz > 0.0) || !(layout.maxHz > layout.minHz) ||
        !(layout.referenceRateHz > 0.0) || !(outputRateHz > 0.0))
        throw std::invalid_argument("noise bands need numBands >= 1, 0 < minHz < maxHz and positive rates");
    const int n = layout.numBands;
    centreHz_.resize(static_cast<size_t>(n));
    std::vector<std::vector<Biquad>> bands(static_cast<size_t>(n));
    for (int b = 0; b < n; ++b) {
        const auto [lo, hi] = noiseBandEdges(layout, b);
        const double centre = std::sqrt(lo * hi);
        centreHz_[b] = centre;
        if (centre >= 0.98 * outputRateHz / 2) continue;  // silent band
        bands[b] = butterworthBandPass(kNoiseBandPrototypeOrder, lo, std::min(hi, 0.49 * outputRateHz), outputRateHz);
    }
    equalise(bands, outputRateHz);

    // Every section is g (1 - z^-2) / (1 + a1 z^-1 + a2 z^-2). The filters run without the numerator
    // gains g (one multiply fewer per section and sample); their product, the band's gain, is applied
    // to the band's output instead.
    // Groups of kGroupBands bands: coefficients [group][a1, a2][section][band in group], gains
    // [group][band in group]. Padding bands and sections a band lacks get zero gain: silent.
    numGroups_ = (n + kGroupBands - 1) / kGroupBands;
    const size_t groupBands = static_cast<size_t>(numGroups_) * kGroupBands;
    coefficients_.assign(groupBands * 2 * kNoiseBandPrototypeOrder, 0.0f);
    state_.assign(groupBands * 2 * kNoiseBandPrototypeOrder, 0.0f);
    bandGains_.assign(groupBands, 0.0f);
    gainsFrom_.assign(groupBands, 0.0f);
    gainsStep_.assign(groupBands, 0.0f);
    for (int b = 0; b < n; ++b) {
        if (bands[b].size() != static_cast<size_t>(kNoiseBandPrototypeOrder)) continue;  // silent band
        double gain = 1.0;
        for (int s = 0; s < kNoiseBandPrototypeOrder; ++s) {
            const Biquad& q = bands[b][s];
            if (q.b1 != 0.0 || q.b2 != -q.b0)
                throw std::logic_error("noise bands need band-pass sections with numerator b0 (1 - z^-2)");
            gain *= q.b0;
            const size_t i = (static_cast<size_t>(b / kGroupBands) * 2 * kNoiseBandPrototypeOrder + s) * kGroupBands +
                             b % kGroupBands;
            coefficients_[i] = static_cast<float>(q.a1);
            coefficients_[i + kNoiseBandPrototypeOrder * kGroupBands] = static_cast<float>(q.a2);
        }
        bandGains_[b] = static_cast<float>(gain);
    }
}

// Neighbouring bands overlap near their edges and add coherently, so equal gains would not give a
// flat density at the gain's level. Scale each band so that, with all gains equal, the bank's summed
// response averages 0 dB inside every band (a few fixed-point passes over a log-spaced grid).
void NoiseBank::equalise(std::vector<std::vector<Biquad>>& bands, double outputRateHz) const {
    const int n = layout_.numBands;
    constexpr int kPointsPerBand = 12;
    std::vector<double> gridW;
    std::vector<int> gridBand;
    for (int b = 0; b < n; ++b) {
        const auto [lo, hi] = noiseBandEdges(layout_, b);
        for (int i = 0; i < kPointsPerBand; ++i) {
            const double f = lo * std::pow(hi / lo, (i + 0.5) / kPointsPerBand);
            if (f >= 0.98 * outputRateHz / 2) continue;
            gridW.push_back(2.0 * std::numbers::pi * f / outputRateHz);
            gridBand.push_back(b);
        }
    }
    std::vector<std::complex<double>> response(gridW.size() * static_cast<size_t>(n));
    for (size_t g = 0; g < gridW.size(); ++g)
        for (int b = 0; b < n; ++b)
            response[g * n + b] = bands[b].empty() ? 0.0 : cascadeResponse(bands[b], gridW[g]);
    std::vector<double> scale(static_cast<size_t>(n), 1.0);
    for (int pass = 0; pass < 6; ++pass) {
        std::vector<double> sumPower(static_cast<size_t>(n), 0.0);
        std::vector<int> count(static_cast<size_t>(n), 0);
        for (size_t g = 0; g < gridW.size(); ++g) {
            std::complex<double> total = 0.0;
            for (int b = 0; b < n; ++b) total += scale[b] * response[g * n + b];
            sumPower[gridBand[g]] += std::norm(total);
            ++count[gridBand[g]];
        }
        for (int b = 0; b < n; ++b)
            if (count[b] > 0 && sumPower[b] > 0.0) scale[b] /= std::sqrt(sumPower[b] / count[b]);
    }
    for (int b = 0; b < n; ++b)
        if (!bands[b].empty()) {
            bands[b][0].b0 *= scale[b];
            bands[b][0].b2 *= scale[b];
        }
}

namespace {

using simd::Lanes;
using simd::lanesAt;
constexpr int kGroup = NoiseBank::kGroupBands;
static_assert(kGroup % simd::kMaxLanes == 0, "a group of bands is a whole number of SIMD vectors");
constexpr int kSections = kNoiseBandPrototypeOrder;
constexpr size_t kCoefficientFloats = 2 * kSections * kGroup;  // per group
constexpr size_t kStateFloats = 2 * kSections * kGroup;        // per group

// Runs W bands of a group (4 sections each, transposed direct form II, numerator 1 - z^-2: b0 = 1,
// b1 = 0, b2 = -1) over white[0 .. numSamples). Pointers point at the first of the W bands in rows of
// kGroup floats. The filter state lives in registers for the whole run. The band samples, times
// gainsFrom + gainsStep * ramp[j] (kRamp: gains that ramp over a frame) or times gainsFrom, go to
// lanesOut[j * kGroup .. + W): added to it (accumulate) or written.
template <int W, bool kRamp>
[[gnu::always_inline]] inline void runLanes(const float* coefficients, float* state, const float* white,
                                            int numSamples, const float* gainsFrom, const float* gainsStep,
                                            const float* ramp, bool accumulate, float* lanesOut) {
    Lanes<W> a1[kSections], a2[kSections], s1[kSections], s2[kSections];
    for (int s = 0; s < kSections; ++s) {
        a1[s] = *lanesAt<W>(coefficients + s * kGroup);
        a2[s] = *lanesAt<W>(coefficients + (kSections + s) * kGroup);
        s1[s] = *lanesAt<W>(state + s * kGroup);
        s2[s] = *lanesAt<W>(state + (kSections + s) * kGroup);
    }
    const Lanes<W> from = *lanesAt<W>(gainsFrom);
    Lanes<W> step{};
    if constexpr (kRamp) step = *lanesAt<W>(gainsStep);
    for (int j = 0; j < numSamples; ++j) {
        Lanes<W> in = white[j] - Lanes<W>{};
        for (int s = 0; s < kSections; ++s) {
            const Lanes<W> y = in + s1[s];
            s1[s] = s2[s] - a1[s] * y;
            s2[s] = -(in + a2[s] * y);
            in = y;
        }
        Lanes<W> weighted;
        if constexpr (kRamp) weighted = (from + step * ramp[j]) * in;
        else weighted = from * in;
        float* o = lanesOut + j * kGroup;
        *lanesAt<W>(o) = accumulate ? *lanesAt<W>(o) + weighted : weighted;
    }
    for (int s = 0; s < kSections; ++s) {
        *lanesAt<W>(state + s * kGroup) = s1[s];
        *lanesAt<W>(state + (kSections + s) * kGroup) = s2[s];
    }
}

// One run of all groups, mixed: out[j] += sum over bands of (gainsFrom + gainsStep * ramp[j]) * band.
struct MixRun {
    const float* coefficients;
    float* state;
    int numGroups;
    const float* white;
    int numSamples;
    const float* gainsFrom;  // per band, padded to whole groups, times the bands' gains
    const float* gainsStep;
    const float* ramp;
    float* partialSums;  // scratch, [sample][band in group]
    float* out;
};

template <int W>
[[gnu::always_inline]] inline void mixLanes(const MixRun& r) {
    for (int g = 0; g < r.numGroups; ++g)
        for (int lane = 0; lane < kGroup; lane += W) {
            const size_t band = static_cast<size_t>(g) * kGroup + lane;
            runLanes<W, true>(r.coefficients + g * kCoefficientFloats + lane, r.state + g * kStateFloats + lane,
                              r.white, r.numSamples, r.gainsFrom + band, r.gainsStep + band, r.ramp, g > 0,
                              r.partialSums + lane);
        }
    for (int j = 0; j < r.numSamples; ++j) {
        const float* m = r.partialSums + j * kGroup;
        float sum = 0.0f;
        for (int lane = 0; lane < kGroup; ++lane) sum += m[lane];
        r.out[j] += sum;
    }
}
MYNAH_LANE_DISPATCH(void, mixRun, MixRun, mixLanes)

// One run of one group: its band samples, times the bands' gains, to bandSamples [sample][band in group].
struct FilterRun {
    const float* coefficients;
    float* state;
    const float* white;
    int numSamples;
    const float* bandGains;
    float* bandSamples;
};

template <int W>
[[gnu::always_inline]] inline void filterLanes(const FilterRun& r) {
    for (int lane = 0; lane < kGroup; lane += W)
        runLanes<W, false>(r.coefficients + lane, r.state + lane, r.white, r.numSamples, r.bandGains + lane,
                           nullptr, nullptr, false, r.bandSamples + lane);
}
MYNAH_LANE_DISPATCH(void, filterRun, FilterRun, filterLanes)

}  // namespace

void NoiseBank::nextWhite(int numSamples) {
    for (int j = 0; j < numSamples; ++j) whiteRun_[j] = white_.next() * whiteScale_;
}

void NoiseBank::next(float* bands) { render(bands, 1, 1); }

void NoiseBank::render(float* bandSignals, std::ptrdiff_t bandStride, int numSamples) {
    const int bands = layout_.numBands;
    for (int start = 0; start < numSamples; start += kRunSamples) {
        const int run = std::min(kRunSamples, numSamples - start);
        nextWhite(run);
        for (int g = 0; g < numGroups_; ++g) {
            filterRun({&coefficients_[g * kCoefficientFloats], &state_[g * kStateFloats], whiteRun_.data(), run,
                       &bandGains_[static_cast<size_t>(g) * kGroupBands], groupRun_.data()});
            for (int lane = 0; lane < kGroupBands && g * kGroupBands + lane < bands; ++lane) {
                float* o = bandSignals + (g * kGroupBands + lane) * bandStride + start;
                for (int j = 0; j < run; ++j) o[j] = groupRun_[j * kGroupBands + lane];
            }
        }
    }
}

void NoiseBank::mixInto(const float* gainsFrom, const float* gainsTo, const float* ramp, float* out, int numSamples) {
    for (int b = 0; b < layout_.numBands; ++b) {
        gainsFrom_[b] = gainsFrom[b] * bandGains_[b];
        gainsStep_[b] = (gainsTo[b] - gainsFrom[b]) * bandGains_[b];
    }
    for (int start = 0; start < numSamples; start += kRunSamples) {
        const int run = std::min(kRunSamples, numSamples - start);
        nextWhite(run);
        mixRun({coefficients_.data(), state_.data(), numGroups_, whiteRun_.data(), run, gainsFrom_.data(),
                gainsStep_.data(), ramp + start, groupRun_.data(), out + start});
    }
}

void NoiseBank::reset(std::uint32_t seed) {
    white_.reseed(seed);
    std::fill(state_.begin(), state_.end(), 0.0f);
}

}  // namespace mynah::dsp
