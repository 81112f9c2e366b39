// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A-weighted loudness of one frame, in dB relative to a full-scale sinusoid.
//
// loudnessDb = 10 log10(max(msA, 1e-12)) + 3.0103, floored at kLoudnessFloorDb, where msA is the
// A-weighted mean square estimated (by Parseval) from the mel.h power spectrum P[k] of the windowed
// frame, and A is the IEC 61672 A-weighting magnitude normalised to 0 dB at 1 kHz. In practice: a full-scale 1 kHz sine reads 0 dB, one at
// amplitude 0.5 reads -6.02 dB, and the same sine at 100 Hz reads about -19.1 dB.
//
// Threads: construct anywhere but the audio thread; compute() allocates nothing.
#include <vector>

namespace mynah::dsp {

constexpr float kLoudnessFloorDb = -100.0f;

// A-weighting gain (linear magnitude, 1.0 at 1 kHz).
double aWeightingGain(double frequencyHz);

class LoudnessMeter {
public:
    // window: the analysis window the power spectrum was computed with.
    LoudnessMeter(double sampleRateHz, int fftSize, const std::vector<float>& window);

    float computeDb(const float* power) const;

private:
    std::vector<float> weights_;  // A^2 per bin, times the window's mean-square conversion
};

}  // namespace mynah::dsp
