// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Streaming frame features: log-mel, A-weighted loudness, F0 + voicing, and the power spectrum they
// came from, one FeatureFrame per hop.
//
// Timing: the extractor keeps historySamples() = max(fftSize, YIN segment) input samples. Frame k is
// produced when input sample (k+1)*hop - 1 arrives; every analysis in it (STFT window, YIN segment) is
// centred on input sample (k+1)*hop - historySamples()/2 (rounded down for odd length differences).
// So a frame's look-behind is historySamples()/2 and its analysis latency is historySamples()/2 samples.
//
// Threads: construct anywhere but the audio thread (plans FFTs, allocates). push() runs on one thread at
// a time (audio or worker), never allocates or locks; the FeatureFrame's pointers are valid only
// inside the callback.
#include <complex>
#include <vector>

#include "mynah/dsp/loudness.h"
#include "mynah/dsp/mel.h"
#include "mynah/dsp/pitch_yin.h"
#include "mynah/dsp/sliding_frame.h"
#include "mynah/dsp/stft.h"

namespace mynah::dsp {

struct FeatureConfig {
    double sampleRateHz = 16000.0;
    int fftSize = 1024;
    int hopSamples = 160;
    int numMels = 80;
    double melMinHz = 0.0;
    double melMaxHz = 8000.0;
    double f0MinHz = 50.0;
    double f0MaxHz = 1000.0;
    float voicingThreshold = 0.15f;
    float silenceGateDb = -60.0f;
    FftBackend backend = FftBackend::Fftw;
    double f0WindowFraction = 1.0;  // YIN integration window / longest lag (pitch_yin.h)

    // A configuration scaled to a sample rate: 5 ms hop, ~40-64 ms FFT (power of two), mel up to
    // min(8 kHz, Nyquist). Used where no model dictates the analysis (e.g. `mynah analyze`).
    static FeatureConfig forSampleRate(double sampleRateHz);
};

struct FeatureFrame {
    long long index = 0;   // frame number k
    float f0Hz = 0.0f;     // 0 when unvoiced
    float voicingConfidence = 0.0f;
    bool voiced = false;
    float loudnessDb = kLoudnessFloorDb;
    const float* logMel = nullptr;  // numMels values
    const float* power = nullptr;   // fftSize/2+1 values, P[k] as defined in mel.h
    const float* history = nullptr; // the historySamples() input samples analysed, centred on the frame centre
};

class FeatureExtractor {
public:
    explicit FeatureExtractor(const FeatureConfig& config);

    const FeatureConfig& config() const { return config_; }
    int historySamples() const { return framer_.frameSamples(); }
    // The same, before constructing an extractor.
    static int historySamplesFor(const FeatureConfig& config);
    int latencySamples() const { return historySamples() / 2; }
    int pitchSegmentSamples() const { return pitch_.segmentSamples(); }
    int numBins() const { return analyzer_.numBins(); }
    const std::vector<float>& window() const { return analyzer_.window(); }

    template <class OnFrame>
    void push(const float* x, int n, OnFrame&& onFrame) {
        framer_.push(x, n, [&](const float* history) { onFrame(analyzeFrame(history)); });
    }
    void reset();

private:
    const FeatureFrame& analyzeFrame(const float* history);

    static PitchConfig pitchConfigFor(const FeatureConfig& config);

    FeatureConfig config_;
    YinPitchTracker pitch_;
    SlidingFrame framer_;
    StftAnalyzer analyzer_;
    MelFilterbank mel_;
    LoudnessMeter loudness_;
    std::vector<std::complex<float>> spectrum_;
    std::vector<float> power_;
    std::vector<float> logMel_;
    float amplitudeScale_;  // 2 / sum(window): a sinusoid of amplitude A peaks at |X| * scale = A
    FeatureFrame frame_;
    long long nextIndex_ = 0;
};

}  // namespace mynah::dsp
