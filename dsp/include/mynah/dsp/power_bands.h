// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reads levels off a power spectrum P[k] (mel.h scale: a sinusoid of amplitude A peaks at A^2) taken
// with a given window: energy of sinusoids, noise density per band. Used to turn spectra into
// synthesiser controls.
//  - A sinusoid of amplitude A puts sum_k P[k] = A^2 * N sum(w^2) / sum(w)^2 into the spectrum.
//  - White noise of variance s^2 reads P = 4 s^2 sum(w^2) / sum(w)^2 in every bin.
// Threads: construct anywhere but the audio thread; the rest allocates nothing.
#include <vector>

#include "mynah/dsp/noise_bank.h"

namespace mynah::dsp {

class PowerBands {
public:
    PowerBands(double sampleRateHz, int fftSize, const std::vector<float>& window, const NoiseBandLayout& bands);

    double binHz() const { return binHz_; }
    int numBins() const { return numBins_; }
    int firstBin(int band) const { return firstBin_[band]; }
    int endBin(int band) const { return endBin_[band]; }

    // Mean P over the band's bins.
    double bandMeanPower(const float* power, int band) const;
    // The white-noise RMS (at the analysis rate) whose P equals `power`.
    double noiseRmsFor(double power) const;
    // Sum of P over [first, end) as the amplitude of one sinusoid holding that energy.
    double sinusoidAmplitude(const float* power, int first, int end) const;

private:
    double binHz_;
    int numBins_;
    double powerToNoiseVariance_;  // sum(w)^2 / (4 sum(w^2))
    double sinusoidPowerSum_;      // N sum(w^2) / sum(w)^2
    std::vector<int> firstBin_, endBin_;
};

}  // namespace mynah::dsp
