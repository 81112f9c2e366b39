// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/power_bands.h"

#include <algorithm>
#include <cmath>

#include "mynah/dsp/window.h"

namespace mynah::dsp {

PowerBands::PowerBands(double sampleRateHz, int fftSize, const std::vector<float>& window, const NoiseBandLayout& bands)
    : binHz_(sampleRateHz / fftSize), numBins_(fftSize / 2 + 1) {
    const double s1 = sumOf(window), s2 = sumOfSquares(window);
    powerToNoiseVariance_ = s1 * s1 / (4.0 * s2);
    sinusoidPowerSum_ = fftSize * s2 / (s1 * s1);
    for (int b = 0; b < bands.numBands; ++b) {
        const auto [lo, hi] = noiseBandEdges(bands, b);
        // Every band gets at least one bin, even where it is narrower than a bin.
        const int first = std::clamp(static_cast<int>(std::ceil(lo / binHz_)), 0, numBins_ - 1);
        const int end = std::clamp(static_cast<int>(std::floor(hi / binHz_)) + 1, first + 1, numBins_);
        firstBin_.push_back(first);
        endBin_.push_back(end);
    }
}

double PowerBands::bandMeanPower(const float* power, int band) const {
    double sum = 0.0;
    for (int k = firstBin_[band]; k < endBin_[band]; ++k) sum += power[k];
    return sum / (endBin_[band] - firstBin_[band]);
}

double PowerBands::noiseRmsFor(double power) const { return std::sqrt(std::max(0.0, power) * powerToNoiseVariance_); }

double PowerBands::sinusoidAmplitude(const float* power, int first, int end) const {
    double sum = 0.0;
    for (int k = std::max(0, first); k < std::min(end, numBins_); ++k) sum += power[k];
    return std::sqrt(sum / sinusoidPowerSum_);
}

}  // namespace mynah::dsp
