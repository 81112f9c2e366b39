// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// DSP-only analysis/resynthesis (no network): features -> harmonic-plus-noise controls -> synthesiser,
// all at the input's sample rate. Used by `mynah resynth` and as the reference the trained models
// must beat.
//
// Two spectra per frame, both centred on the frame centre: the features' long window (~30 ms, resolves
// harmonics) and a short one (~8 ms, follows onsets, stops and bursts).
//  - Voiced frames: harmonic k gets the energy of the long spectrum within +-f0/2 of k*f0, as one
//    sinusoid's amplitude; noise bands get the lower of the power between harmonics and
//    (1 - confidence)^2 x the band's mean power. Both are then scaled by the short/long energy ratio,
//    so the level follows the short window in time.
//  - Unvoiced frames: no harmonics (F0 held at its last value); noise bands at the short spectrum's
//    band level.
// Output frame k (hop samples) is synthesised when input sample (k+1)*hop - 1 arrives and reaches
// frame k's controls at its last sample, so the output trails the input by about
// latencySamples() = featureLatency + hop - 1.
//
// Threads: construct anywhere but the audio thread; process() from one thread at a time, no allocation.
#include <complex>
#include <vector>

#include "mynah/dsp/features.h"
#include "mynah/dsp/hn_synth.h"
#include "mynah/dsp/power_bands.h"
#include "mynah/dsp/stft.h"

namespace mynah::dsp {

class DspResynthesizer {
public:
    explicit DspResynthesizer(const FeatureConfig& features, int numHarmonics = 150, int numNoiseBands = 32);

    int latencySamples() const { return extractor_.latencySamples() + extractor_.config().hopSamples - 1; }

    // out[i] is the output for in[i] (delayed by latencySamples()); in and out may alias.
    void process(const float* in, float* out, int numSamples);

    // Exposed for tests: the controls of the most recent frame.
    float lastF0Hz() const { return heldF0Hz_; }
    const std::vector<float>& lastHarmonicAmplitudes() const { return amplitudes_; }
    const std::vector<float>& lastNoiseGains() const { return gains_; }

private:
    void controlsFrom(const FeatureFrame& frame);
    // Mean power at the midpoints between harmonics inside a band (its quietest bin if none falls in).
    double valleyPower(const float* power, float f0Hz, int band) const;

    FeatureExtractor extractor_;
    HarmonicNoiseSynth synth_;
    PowerBands longBands_;
    StftAnalyzer shortAnalyzer_;
    PowerBands shortBands_;
    std::vector<std::complex<float>> shortSpectrum_;
    std::vector<float> shortPower_;
    float shortAmplitudeScale_;
    float heldF0Hz_ = 100.0f;
    std::vector<float> amplitudes_;
    std::vector<float> gains_;
    std::vector<float> block_;  // synthesised samples of the current output frame
    int readPosition_ = 0;
};

}  // namespace mynah::dsp
