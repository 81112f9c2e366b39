// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// F0 with a voicing confidence, by YIN (de Cheveigne & Kawahara 2002): the cumulative-mean-normalised
// difference function d'(tau), computed with an FFT cross-correlation, first dip under the threshold,
// parabolic interpolation of the raw difference function around it.
//
// One call analyses the last segmentSamples() = 2 * maxLag input samples, where
// maxLag = ceil(sampleRate / f0Min) + 1. The estimate describes the centre of that segment.
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
    int segmentSamples() const { return 2 * maxLag_; }

    // segment: segmentSamples() samples, oldest first.
    PitchEstimate analyze(const float* segment);

private:
    PitchConfig config_;
    int minLag_;
    int maxLag_;
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
