// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/mel.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mynah::dsp {

double hzToMel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double melToHz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

MelFilterbank::MelFilterbank(double sampleRateHz, int fftSize, int numMels, double minHz, double maxHz)
    : numMels_(numMels), numBins_(fftSize / 2 + 1) {
    if (numMels < 1 || !(minHz >= 0.0) || !(maxHz > minHz) || maxHz > sampleRateHz / 2 + 1e-6)
        throw std::invalid_argument("mel filterbank needs numMels >= 1 and 0 <= minHz < maxHz <= sampleRate/2");
    weights_.assign(static_cast<size_t>(numMels) * numBins_, 0.0f);
    firstBin_.assign(static_cast<size_t>(numMels), 0);
    endBin_.assign(static_cast<size_t>(numMels), 0);
    const double melMin = hzToMel(minHz);
    const double melMax = hzToMel(maxHz);
    for (int m = 0; m < numMels; ++m) {
        const double lo = melToHz(melMin + (melMax - melMin) * m / (numMels + 1));
        const double centre = melToHz(melMin + (melMax - melMin) * (m + 1) / (numMels + 1));
        const double hi = melToHz(melMin + (melMax - melMin) * (m + 2) / (numMels + 1));
        int first = numBins_, end = 0;
        for (int k = 0; k < numBins_; ++k) {
            const double f = k * sampleRateHz / fftSize;
            const double w = std::max(0.0, std::min((f - lo) / (centre - lo), (hi - f) / (hi - centre)));
            if (w > 0.0) {
                weights_[static_cast<size_t>(m) * numBins_ + k] = static_cast<float>(w);
                first = std::min(first, k);
                end = k + 1;
            }
        }
        firstBin_[m] = std::min(first, end);
        endBin_[m] = end;
    }
}

void MelFilterbank::compute(const float* power, float* logMel) const {
    for (int m = 0; m < numMels_; ++m) {
        const float* row = weights_.data() + static_cast<size_t>(m) * numBins_;
        float sum = 0.0f;
        for (int k = firstBin_[m]; k < endBin_[m]; ++k) sum += row[k] * power[k];
        logMel[m] = std::log(std::max(sum, kLogMelFloorPower));
    }
}

}  // namespace mynah::dsp
