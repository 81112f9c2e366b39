// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Harmonic-plus-noise synthesiser (DDSP-style), frame-controlled, at any output sample rate.
//
// Per control frame: f0Hz (> 0; callers hold the last F0 through unvoiced frames and silence the
// harmonics instead), numHarmonics linear amplitudes (harmonic k = 1..K at k * f0) and numBands noise
// band gains (see noise_bank.h). Within a frame of n output samples, sample j (0-based) uses
//   v(j) = previous + (current - previous) * (j + 1) / n
// for F0, every amplitude and every band gain (the first frame ramps amplitudes and gains up from 0 at
// its own F0). The phase is one running accumulator phi += f0(j) / outputRate (cycles), carried across
// frames, so the output is phase-continuous through frame boundaries and F0 changes; harmonic k is
// amplitude(k) * taper(k * f0) * sin(2 pi k phi), where taper fades linearly from 1 at 0.95 x limit to 0
// at the limit, limit = min(harmonicLimitHz, outputRate / 2). Nothing is produced above the limit.
// models/training/mynah_train/synth.py is the torch twin of this class (parity-tested).
//
// Threads: construct anywhere but the audio thread; render*() and reset() from one thread at a time
// (audio or worker), never allocating or locking.
#include <cstdint>
#include <vector>

#include "mynah/dsp/frame_clock.h"
#include "mynah/dsp/noise_bank.h"

namespace mynah::dsp {

constexpr double kHarmonicTaperFraction = 0.05;

struct HnSynthConfig {
    int numHarmonics = 64;
    NoiseBandLayout noise;
    double controlRateHz = 16000.0;  // rate at which the controls' hop is counted (the model rate)
    int hopSamples = 160;            // control hop at controlRateHz
    double outputRateHz = 48000.0;
    double harmonicLimitHz = 0.0;    // <= 0: the output Nyquist
    std::uint32_t noiseSeed = 1;
};

struct HnControls {
    float f0Hz = 100.0f;
    const float* harmonicAmplitudes = nullptr;  // numHarmonics values
    const float* noiseBandGains = nullptr;      // noise.numBands values
};

class HarmonicNoiseSynth {
public:
    explicit HarmonicNoiseSynth(const HnSynthConfig& config);

    const HnSynthConfig& config() const { return config_; }
    int maxFrameSamples() const { return maxFrameSamples_; }
    const FrameClock& clock() const { return clock_; }

    // Renders the next control frame into out, frameLength() samples as given by the frame clock;
    // returns that count (<= maxFrameSamples()).
    int renderNextFrame(const HnControls& controls, float* out);
    // Advances the frame clock by one frame without rendering (the engine skips frames whose output
    // would arrive too late); the next rendered frame fades in from silence. Returns the frame's length.
    int skipNextFrame();
    // Renders one frame of an explicit length (1 .. maxFrameSamples()).
    void renderFrame(const HnControls& controls, float* out, int numSamples);
    void reset();

private:
    // Writes the frame's harmonics to out[0 .. n).
    void renderHarmonics(const HnControls& c, float* out, int n);
    // Harmonics 1 .. this are rendered: up to the last non-silent one, stopping at the first
    // non-silent one that lies above the limit for the whole frame; 0 when all are silent.
    int harmonicsToRender(const HnControls& c, float f0Now, float f0Max) const;
    // Adds the frame's noise to out[0 .. n).
    void renderNoise(const HnControls& c, float* out, int n);

    HnSynthConfig config_;
    FrameClock clock_;
    int maxFrameSamples_;
    double limitHz_;
    NoiseBank noise_;
    long long frameIndex_ = 0;
    bool started_ = false;
    double phaseCycles_ = 0.0;
    float previousF0Hz_ = 0.0f;
    std::vector<float> previousAmplitudes_;
    std::vector<float> previousGains_;
    // Per-sample scratch for one frame (padded to whole harmonic blocks): ramp (j + 1) / n, F0, the
    // phase, the fundamental's phasor and the harmonics' sum.
    std::vector<float> ramp_, f0_, baseRe_, baseIm_, harmonicSum_;
    std::vector<double> samplePhaseCycles_;
    // Per harmonic: current amplitude minus previous, for the frame being rendered.
    std::vector<float> amplitudeStep_;
};

}  // namespace mynah::dsp
