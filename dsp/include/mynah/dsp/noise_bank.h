// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// White noise split into fixed band-pass bands. The noise half of the harmonic-plus-noise synthesiser
// multiplies these band signals by per-frame band gains; since the bands do not depend on the
// controls, training can precompute them (mynah_dsp.band_noise) and stay differentiable in the gains.
//
// Bands: numBands bands with edges equally spaced on the HTK mel scale between minHz and maxHz; each an
// 8th-order Butterworth band-pass (-3 dB at the edges, skirts falling 24 dB/octave, so a loud band
// does not leak into quiet neighbours when the spectrum is steep), each scaled so that equal gains on
// all bands give a flat density at the gain's level (neighbours overlap near the edges and add
// coherently). Bands centred at
// or above 0.98 x the output Nyquist are silent. The white noise has variance outputRate /
// referenceRate, so a band gain g gives the same noise density per Hz at every output rate as white
// noise of RMS g at the reference (model) rate.
//
// Threads: construct anywhere but the audio thread; next() and reset() allocate nothing.
#include <cstdint>
#include <vector>

#include "mynah/dsp/random.h"

namespace mynah::dsp {

struct Biquad;

constexpr int kNoiseBandPrototypeOrder = 4;  // biquads per band

struct NoiseBandLayout {
    int numBands = 32;
    double minHz = 40.0;
    double maxHz = 8000.0;
    double referenceRateHz = 16000.0;
};

// Lower and upper edge of a band, in Hz.
struct BandEdgesHz {
    double lowHz;
    double highHz;
};
BandEdgesHz noiseBandEdges(const NoiseBandLayout& layout, int band);

class NoiseBank {
public:
    NoiseBank(const NoiseBandLayout& layout, double outputRateHz, std::uint32_t seed);

    int numBands() const { return layout_.numBands; }
    double bandCentreHz(int band) const { return centreHz_[band]; }
    // Writes numBands() band samples for the next output sample.
    void next(float* bands);
    void reset(std::uint32_t seed);

private:
    void equalise(std::vector<std::vector<Biquad>>& bands, double outputRateHz) const;

    NoiseBandLayout layout_;
    WhiteNoise white_;
    float whiteScale_;
    std::vector<double> centreHz_;
    // Biquad coefficients and transposed-direct-form-II state, [section][band] (structure of arrays).
    std::vector<float> b0_, b2_, a1_, a2_, s1_, s2_;
};

}  // namespace mynah::dsp
