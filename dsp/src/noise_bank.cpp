// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/noise_bank.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>

#include "mynah/dsp/butterworth.h"
#include "mynah/dsp/mel.h"

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

    // Structure of arrays, [section][band], so next() runs each section across all bands at once.
    const size_t size = static_cast<size_t>(kNoiseBandPrototypeOrder) * n;
    for (auto* v : {&b0_, &b2_, &a1_, &a2_, &s1_, &s2_}) v->assign(size, 0.0f);
    for (int b = 0; b < n; ++b)
        for (size_t s = 0; s < bands[b].size() && s < static_cast<size_t>(kNoiseBandPrototypeOrder); ++s) {
            const size_t i = s * n + b;
            b0_[i] = static_cast<float>(bands[b][s].b0);
            b2_[i] = static_cast<float>(bands[b][s].b2);
            a1_[i] = static_cast<float>(bands[b][s].a1);
            a2_[i] = static_cast<float>(bands[b][s].a2);
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
// One biquad section (transposed direct form II, band-pass: b1 = 0) run across all bands for one
// sample. Restrict parameters let the compiler do the bands in SIMD.
void runSection(size_t n, const float* __restrict b0, const float* __restrict b2, const float* __restrict a1,
                const float* __restrict a2, float* __restrict s1, float* __restrict s2, float* __restrict bands) {
    for (size_t b = 0; b < n; ++b) {
        const float in = bands[b];
        const float y = b0[b] * in + s1[b];
        s1[b] = s2[b] - a1[b] * y;
        s2[b] = b2[b] * in - a2[b] * y;
        bands[b] = y;
    }
}
}  // namespace

void NoiseBank::next(float* bands) {
    const float x = white_.next() * whiteScale_;
    const size_t n = static_cast<size_t>(layout_.numBands);
    std::fill(bands, bands + n, x);
    for (size_t o = 0; o < b0_.size(); o += n)
        runSection(n, &b0_[o], &b2_[o], &a1_[o], &a2_[o], &s1_[o], &s2_[o], bands);
}

void NoiseBank::reset(std::uint32_t seed) {
    white_.reseed(seed);
    std::fill(s1_.begin(), s1_.end(), 0.0f);
    std::fill(s2_.begin(), s2_.end(), 0.0f);
}

}  // namespace mynah::dsp
