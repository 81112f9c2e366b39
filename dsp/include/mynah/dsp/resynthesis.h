// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// DSP-only analysis/resynthesis (no network): features -> harmonic-plus-noise controls -> synthesiser,
// all at the input's sample rate. Used by `mynah resynth` and as the reference the trained models
// must beat.
//
// Controls from a feature frame:
//  - voiced: harmonic k gets the amplitude of the strongest spectral peak within +-f0/2 of k*f0
//    (sqrt of the mel.h power P, which reads A^2 for a sinusoid of amplitude A); the noise bands get
//    (1 - confidence) of the band's noise level;
//  - unvoiced: no harmonics (F0 held at its last value), noise bands at the band's noise level.
//  Band noise level: white noise of variance s^2 reads P = 4 s^2 sum(w^2) / sum(w)^2 per bin, so
//  gain = sqrt(mean P in band * sum(w)^2 / (4 sum(w^2))).
// Output frame k (hop samples) is synthesised when input sample (k+1)*hop - 1 arrives and reaches
// frame k's controls at its last sample, so the output trails the input by about
// latencySamples() = featureLatency + hop - 1.
//
// Threads: construct anywhere but the audio thread; process() from one thread at a time, no allocation.
#include <vector>

#include "mynah/dsp/features.h"
#include "mynah/dsp/hn_synth.h"

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

    FeatureExtractor extractor_;
    HarmonicNoiseSynth synth_;
    std::vector<int> bandFirstBin_, bandEndBin_;
    float powerToNoiseVariance_;
    float heldF0Hz_ = 100.0f;
    std::vector<float> amplitudes_;
    std::vector<float> gains_;
    std::vector<float> block_;  // synthesised samples of the current output frame
    int readPosition_ = 0;
};

}  // namespace mynah::dsp
