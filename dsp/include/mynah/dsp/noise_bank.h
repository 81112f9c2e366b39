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
// The bank runs in blocks: eight bands at a time (SIMD lanes) through all their sections, sample after
// sample over a run of samples, with the filter state held in registers (noise_bank.cpp). next(),
// render() and mixInto() all step the same filters, so the band signals are the same whichever is
// called, in whatever block sizes (mixInto() sums the weighted bands in its own order).
//
// Threads: construct anywhere but the audio thread; next(), render(), mixInto() and reset() from one
// thread at a time (audio or worker), allocating nothing.
#include <array>
#include <cstddef>
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
    // Runs the bank for numSamples samples; band b's sample j goes to bandSignals[b * bandStride + j].
    void render(float* bandSignals, std::ptrdiff_t bandStride, int numSamples);
    // Runs the bank for numSamples samples and adds the bands, weighted by gains ramping linearly per
    // sample, to out: out[j] += sum_b (gainsFrom[b] + (gainsTo[b] - gainsFrom[b]) * ramp[j]) * band_b(j).
    void mixInto(const float* gainsFrom, const float* gainsTo, const float* ramp, float* out, int numSamples);
    void reset(std::uint32_t seed);

    // Bands are filtered in groups of this many (one SIMD vector); the last group is padded with
    // silent bands.
    static constexpr int kGroupBands = 8;
    // Longest run of samples filtered in one go (the scratch buffers below hold one run).
    static constexpr int kRunSamples = 64;

private:
    void equalise(std::vector<std::vector<Biquad>>& bands, double outputRateHz) const;
    // Fills whiteRun_ with the next numSamples white-noise samples.
    void nextWhite(int numSamples);

    NoiseBandLayout layout_;
    WhiteNoise white_;
    float whiteScale_;
    int numGroups_ = 0;
    std::vector<double> centreHz_;
    // Biquad denominators [group][a1, a2][section][band in group] (numerators are 1 - z^-2) and
    // transposed-direct-form-II state [group][s1, s2][section][band in group]; band b is group b / 8,
    // lane b % 8. Each band's output is scaled by its gain, the product of its sections' numerator
    // gains (0 for silent and padding bands).
    std::vector<float> coefficients_, state_, bandGains_;
    // A mixInto() frame's gains at its start and their change over it, times the bands' gains; padded
    // to whole groups.
    std::vector<float> gainsFrom_, gainsStep_;
    // Scratch for one run: white noise, and [sample][band in group]: one group's band samples (render())
    // or per-lane partial sums of the mix (mixInto()).
    std::array<float, kRunSamples> whiteRun_{};
    std::array<float, kRunSamples * kGroupBands> groupRun_{};
};

}  // namespace mynah::dsp
