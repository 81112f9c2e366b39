// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/loudness.h"

#include <algorithm>
#include <cmath>

#include "mynah/dsp/window.h"

namespace mynah::dsp {

double aWeightingGain(double f) {
    const double f2 = f * f;
    const double num = 12194.0 * 12194.0 * f2 * f2;
    const double den = (f2 + 20.6 * 20.6) * std::sqrt((f2 + 107.7 * 107.7) * (f2 + 737.9 * 737.9)) *
                       (f2 + 12194.0 * 12194.0);
    static const double norm1k = [] {
        const double g2 = 1000.0 * 1000.0;
        return 12194.0 * 12194.0 * g2 * g2 /
               ((g2 + 20.6 * 20.6) * std::sqrt((g2 + 107.7 * 107.7) * (g2 + 737.9 * 737.9)) * (g2 + 12194.0 * 12194.0));
    }();
    return den > 0.0 ? num / den / norm1k : 0.0;
}

LoudnessMeter::LoudnessMeter(double sampleRateHz, int fftSize, const std::vector<float>& window) {
    const int numBins = fftSize / 2 + 1;
    // P[k] = (2|X|/S1)^2. By Parseval a stationary signal's mean square is
    //   ms = sum_one_sided c_k |X_k|^2 / (N S2) = sum c_k P_k S1^2 / (4 N S2), c_k = 2 (1 at DC/Nyquist),
    // with S1 = sum w, S2 = sum w^2.
    const double s1 = sumOf(window);
    const double s2 = sumOfSquares(window);
    const double toMeanSquare = s1 * s1 / (4.0 * fftSize * s2);
    weights_.resize(static_cast<size_t>(numBins));
    for (int k = 0; k < numBins; ++k) {
        const double a = aWeightingGain(k * sampleRateHz / fftSize);
        const double c = (k == 0 || (fftSize % 2 == 0 && k == numBins - 1)) ? 1.0 : 2.0;
        weights_[k] = static_cast<float>(a * a * c * toMeanSquare);
    }
}

float LoudnessMeter::computeDb(const float* power) const {
    double ms = 0.0;
    for (size_t k = 0; k < weights_.size(); ++k) ms += static_cast<double>(weights_[k]) * power[k];
    // A full-scale sinusoid has mean square 1/2: +3.0103 dB makes it read 0 dB.
    const double db = 10.0 * std::log10(std::max(ms, 1e-12)) + 3.0102999566;
    return static_cast<float>(std::max(db, static_cast<double>(kLoudnessFloorDb)));
}

}  // namespace mynah::dsp
