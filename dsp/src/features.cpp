// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/features.h"

#include <algorithm>
#include <cmath>

#include "mynah/dsp/window.h"

namespace mynah::dsp {

FeatureConfig FeatureConfig::forSampleRate(double sampleRateHz) {
    FeatureConfig c;
    c.sampleRateHz = sampleRateHz;
    c.hopSamples = std::max(1, static_cast<int>(std::lround(sampleRateHz * 0.005)));
    c.fftSize = 256;
    while (c.fftSize < sampleRateHz * 0.03) c.fftSize *= 2;
    c.melMaxHz = std::min(8000.0, sampleRateHz / 2);
    c.f0MaxHz = std::min(c.f0MaxHz, sampleRateHz / 2 - 1.0);
    return c;
}

PitchConfig FeatureExtractor::pitchConfigFor(const FeatureConfig& config) {
    return PitchConfig{config.sampleRateHz,  config.f0MinHz, config.f0MaxHz,         config.voicingThreshold,
                       config.silenceGateDb, config.backend, config.f0WindowFraction};
}

int FeatureExtractor::historySamplesFor(const FeatureConfig& config) {
    return std::max(config.fftSize, YinPitchTracker::segmentSamplesFor(pitchConfigFor(config)));
}

FeatureExtractor::FeatureExtractor(const FeatureConfig& config)
    : config_(config), pitch_(pitchConfigFor(config)), framer_(historySamplesFor(config), config.hopSamples),
      analyzer_(StftConfig{config.fftSize, config.hopSamples, config.backend}),
      mel_(config.sampleRateHz, config.fftSize, config.numMels, config.melMinHz, config.melMaxHz),
      loudness_(config.sampleRateHz, config.fftSize, analyzer_.window()),
      spectrum_(static_cast<size_t>(analyzer_.numBins())),
      power_(static_cast<size_t>(analyzer_.numBins())),
      logMel_(static_cast<size_t>(config.numMels)),
      amplitudeScale_(static_cast<float>(2.0 / sumOf(analyzer_.window()))) {}

void FeatureExtractor::reset() {
    framer_.reset();
    nextIndex_ = 0;
}

const FeatureFrame& FeatureExtractor::analyzeFrame(const float* history) {
    const int h = historySamples();
    analyzer_.analyze(history + (h - config_.fftSize) / 2, spectrum_.data());
    for (size_t k = 0; k < power_.size(); ++k) power_[k] = std::norm(spectrum_[k] * amplitudeScale_);
    mel_.compute(power_.data(), logMel_.data());

    const PitchEstimate pitch = pitch_.analyze(history + (h - pitch_.segmentSamples()) / 2);
    frame_.index = nextIndex_++;
    frame_.f0Hz = pitch.f0Hz;
    frame_.voicingConfidence = pitch.confidence;
    frame_.voiced = pitch.voiced;
    frame_.loudnessDb = loudness_.computeDb(power_.data());
    frame_.logMel = logMel_.data();
    frame_.power = power_.data();
    frame_.history = history;
    return frame_;
}

}  // namespace mynah::dsp
