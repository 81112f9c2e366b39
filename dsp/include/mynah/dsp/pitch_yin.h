// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// F0 with a voicing confidence, by YIN (de Cheveigne & Kawahara 2002): the cumulative-mean-normalised
// difference function d'(tau), computed with an FFT cross-correlation, first dip under the threshold,
// then parabolic interpolation of the raw difference function around it.
//
// One call analyses segmentSamples() = maxLag + W + 2 input samples, maxLag = ceil(sampleRate / f0Min)
// + 1, integration window W = lround(windowFraction * maxLag) (classic YIN: fraction 1, W = maxLag). A
// shorter W shortens the segment, and so the analysis latency, at the cost of a noisier d'(tau) when
// the period is longer than W (docs/QUALITY.md has the measured cost on speech). The estimate describes the centre of the segment: YIN's sums pair
// samples j and j + tau, so their midpoint drifts with tau; the refinement step recomputes d around the
// chosen lag on pairs whose midpoints are centred on the segment centre (otherwise a glide would be
// read up to W/2 samples late).
// confidence = 1 - d'(best lag), clamped to [0, 1]; voiced when d' < threshold, the F0 lies inside
// [f0Min, f0Max] and the segment's level is above silenceGateDb (dB re a full-scale sinusoid).
// Unvoiced frames report f0Hz = 0.
//
// Threads: construct anywhere but the audio thread; analyze() allocates nothing.
#include <complex>
#include <memory>
#include <vector>

#include "mynah/dsp/fft.h"

namespace mynah::dsp {

struct PitchConfig {
    double sampleRateHz = 16000.0;
    double f0MinHz = 50.0;
    double f0MaxHz = 1000.0;
    float threshold = 0.15f;
    float silenceGateDb = -60.0f;
    FftBackend backend = FftBackend::Fftw;
    double windowFraction = 1.0;  // integration window W / maxLag, in (0, 1]
};

struct PitchEstimate {
    float f0Hz = 0.0f;
    float confidence = 0.0f;
    bool voiced = false;
};

class YinPitchTracker {
public:
    explicit YinPitchTracker(const PitchConfig& config);

    const PitchConfig& config() const { return config_; }
    int segmentSamples() const { return maxLag_ + window_ + 2; }
    // The same, before constructing a tracker.
    static int segmentSamplesFor(const PitchConfig& config);

    // segment: segmentSamples() samples, oldest first.
    PitchEstimate analyze(const float* segment);

private:
    // Raw difference d(tau) = sum_{j<W} (x[s+j] - x[s+j+tau])^2 with s chosen so that the pairs are
    // centred on the segment centre.
    double centredDifference(const float* segment, int tau) const;

    PitchConfig config_;
    int minLag_;
    int maxLag_;
    int window_;  // integration window W
    std::unique_ptr<RealFft> fft_;
    std::vector<float> head_;    // first maxLag samples, zero padded to the FFT size
    std::vector<float> whole_;   // the whole segment, zero padded
    std::vector<std::complex<float>> headSpectrum_;
    std::vector<std::complex<float>> wholeSpectrum_;
    std::vector<float> correlation_;
    std::vector<double> difference_;
    std::vector<double> normalised_;
};

}  // namespace mynah::dsp
