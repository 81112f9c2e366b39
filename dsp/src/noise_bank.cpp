// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/noise_bank.h"

#include <algorithm>
#include <cmath>
#include <complex>
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
        // RBJ bandwidth form (in octaves) compensates the bilinear transform's warping, so a band keeps
        // the same width in Hz at every output rate.
        const double octaves = std::log2(hi / lo);
        const double alpha = std::sin(w) * std::sinh(std::log(2.0) / 2.0 * octaves * w / std::sin(w));
        const double a0 = 1.0 + alpha;
        b0_[b] = static_cast<float>(alpha / a0);
        b2_[b] = static_cast<float>(-alpha / a0);
        a1_[b] = static_cast<float>(-2.0 * std::cos(w) / a0);
        a2_[b] = static_cast<float>((1.0 - alpha) / a0);
    }
    equalise(outputRateHz);
}

// The band-passes overlap (2nd-order skirts) and add coherently, so equal gains would not give a flat
// density at the gain's level. Scale each band so that, with all gains equal, the bank's summed
// response averages 0 dB inside every band (a few fixed-point passes over a log-spaced grid).
void NoiseBank::equalise(double outputRateHz) {
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
    // Complex response of each band at each grid point: (b0 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2).
    std::vector<std::complex<double>> response(gridW.size() * static_cast<size_t>(n));
    for (size_t g = 0; g < gridW.size(); ++g) {
        const std::complex<double> z1 = std::polar(1.0, -gridW[g]), z2 = z1 * z1;
        for (int b = 0; b < n; ++b)
            response[g * n + b] = (static_cast<double>(b0_[b]) + static_cast<double>(b2_[b]) * z2) /
                                  (1.0 + static_cast<double>(a1_[b]) * z1 + static_cast<double>(a2_[b]) * z2);
    }
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
    for (int b = 0; b < n; ++b) {
        b0_[b] = static_cast<float>(b0_[b] * scale[b]);
        b2_[b] = static_cast<float>(b2_[b] * scale[b]);
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
