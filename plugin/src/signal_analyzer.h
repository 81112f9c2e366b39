// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The editor's analysis of one signal: a spectrum column every hop (about 10 ms) and, when asked for,
// the F0 of the same moment, with Mynah's own DSP (dsp::StftAnalyzer for the windowed FFT,
// dsp::YinPitchTracker for F0, dsp::SlidingFrame for framing). Both analyses are centred on the same
// input sample. Levels follow docs/ARCHITECTURE.md's power spectrum convention, in dB re a full-scale
// sinusoid (a full-scale sine's bin reads 0 dB), floored at kFloorDb. JUCE-free.
//
// Threads: constructor allocates and plans FFTs: message thread (never the audio thread). push() on
// one thread at a time (the editor's message thread); it does not allocate.
#include <complex>
#include <memory>
#include <vector>

#include "mynah/dsp/pitch_yin.h"
#include "mynah/dsp/sliding_frame.h"
#include "mynah/dsp/stft.h"

namespace mynah::plugin {

class SignalAnalyzer {
public:
    static constexpr double kHopSeconds = 0.01;
    static constexpr double kMinWindowSeconds = 0.04;  // FFT: the power of two of at least 40 ms
    static constexpr double kF0MinHz = 60.0, kF0MaxHz = 1000.0;
    static constexpr float kFloorDb = -120.0f;

    SignalAnalyzer(double sampleRateHz, bool trackPitch);

    double sampleRateHz() const { return sampleRateHz_; }
    int fftSize() const { return stft_.config().fftSize; }
    int hopSamples() const { return stft_.config().hopSamples; }
    int numBins() const { return stft_.numBins(); }
    double binWidthHz() const { return sampleRateHz_ / fftSize(); }

    // Feeds samples; for every completed hop calls onColumn(const float* levelDb, int numBins, float f0Hz)
    // (f0Hz = 0 when unvoiced or when pitch is not tracked). levelDb is valid during the call only.
    template <class OnColumn>
    void push(const float* samples, int numSamples, OnColumn&& onColumn) {
        while (numSamples > 0) {
            const int taken = frame_.pushUntilFrame(samples, numSamples);
            samples += taken;
            numSamples -= taken;
            if (!frame_.frameReady()) continue;
            const float f0Hz = analyzeFrame();
            onColumn(levelDb_.data(), numBins(), f0Hz);
            frame_.advance();
        }
    }

private:
    float analyzeFrame();  // fills levelDb_ from frame_, returns F0 (0 when unvoiced)

    double sampleRateHz_;
    dsp::StftAnalyzer stft_;
    std::unique_ptr<dsp::YinPitchTracker> pitch_;  // null when pitch is not tracked
    dsp::SlidingFrame frame_;                       // history: max(FFT size, YIN segment)
    double powerScale_;                             // (2 / sum of the window)^2
    std::vector<std::complex<float>> spectrum_;
    std::vector<float> levelDb_;
};

}  // namespace mynah::plugin
