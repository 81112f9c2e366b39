// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Log-mel spectrogram of one frame.
//
// Scale (documented in docs/ARCHITECTURE.md, mirrored by models/training/mynah_train/features.py):
//  - power spectrum P[k] = (2 |X[k]| / sum(w))^2, so a sinusoid of amplitude A peaks at P = A^2;
//  - mel scale: HTK, mel(f) = 2595 log10(1 + f / 700);
//  - numMels triangular filters, equally spaced in mel between minHz and maxHz, each with peak 1
//    (no area normalisation), weights evaluated at the bin centre frequencies k * sampleRate / fftSize;
//  - logMel[m] = ln(max(sum_k H[m][k] P[k], kLogMelFloorPower)).
//
// Threads: construct anywhere but the audio thread; compute() allocates nothing.
#include <vector>

namespace mynah::dsp {

// -70 dB re a full-scale sinusoid. Every float32 FFT errs by ~1e-7 of a frame's strongest bin, so a
// band 80 dB below it carries a log error of ~1e-4 in each backend; at -70 dB FFTW, KissFFT and
// torch agree within 6e-5, which keeps the C++/Python log-mel parity bound (1e-4) meaningful.
constexpr float kLogMelFloorPower = 1e-7f;

double hzToMel(double hz);
double melToHz(double mel);

class MelFilterbank {
public:
    MelFilterbank(double sampleRateHz, int fftSize, int numMels, double minHz, double maxHz);

    int numMels() const { return numMels_; }
    int numBins() const { return numBins_; }
    // Dense weights, numMels x numBins, row-major.
    const std::vector<float>& weights() const { return weights_; }

    // power: numBins() values of P[k]; logMel: numMels() outputs.
    void compute(const float* power, float* logMel) const;

private:
    int numMels_;
    int numBins_;
    std::vector<float> weights_;
    // Non-zero range of each filter, so compute() skips the zeros.
    std::vector<int> firstBin_;
    std::vector<int> endBin_;
};

}  // namespace mynah::dsp
