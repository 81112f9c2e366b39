// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/noise_bank.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

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
    for (auto* v : {&b0_, &b2_, &a1_, &a2_, &s1_, &s2_}) v->assign(static_cast<size_t>(n), 0.0f);
    for (int b = 0; b < n; ++b) {
        const auto [lo, hi] = noiseBandEdges(layout, b);
        const double centre = std::sqrt(lo * hi);
        centreHz_[b] = centre;
        if (centre >= 0.98 * outputRateHz / 2) continue;  // silent band: all coefficients stay 0
        const double w = 2.0 * std::numbers::pi * centre / outputRateHz;
        const double q = centre / (hi - lo);
        const double alpha = std::sin(w) / (2.0 * q);
        const double a0 = 1.0 + alpha;
        b0_[b] = static_cast<float>(alpha / a0);
        b2_[b] = static_cast<float>(-alpha / a0);
        a1_[b] = static_cast<float>(-2.0 * std::cos(w) / a0);
        a2_[b] = static_cast<float>((1.0 - alpha) / a0);
    }
}

void NoiseBank::next(float* bands) {
    const float x = white_.next() * whiteScale_;
    const int n = layout_.numBands;
    for (int b = 0; b < n; ++b) {
        // Transposed direct form II; b1 of a band-pass is 0.
        const float y = b0_[b] * x + s1_[b];
        s1_[b] = -a1_[b] * y + s2_[b];
        s2_[b] = b2_[b] * x - a2_[b] * y;
        bands[b] = y;
    }
}

void NoiseBank::reset(std::uint32_t seed) {
    white_.reseed(seed);
    std::fill(s1_.begin(), s1_.end(), 0.0f);
    std::fill(s2_.begin(), s2_.end(), 0.0f);
}

}  // namespace mynah::dsp
