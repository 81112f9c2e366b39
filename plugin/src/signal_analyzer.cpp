// SPDX-License-Identifier: GPL-3.0-or-later
#include "signal_analyzer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "mynah/dsp/power_of_two.h"
#include "mynah/dsp/window.h"

namespace mynah::plugin {

namespace {
dsp::StftConfig stftConfigFor(double sampleRateHz) {
    if (!(sampleRateHz >= 8000.0 && sampleRateHz <= 768000.0)) throw std::invalid_argument("SignalAnalyzer: sample rate out of range");
    dsp::StftConfig config;
    config.fftSize = static_cast<int>(dsp::nextPowerOfTwo(static_cast<std::size_t>(std::ceil(sampleRateHz * SignalAnalyzer::kMinWindowSeconds))));
    config.hopSamples = std::max(1, static_cast<int>(std::lround(sampleRateHz * SignalAnalyzer::kHopSeconds)));
    config.backend = dsp::FftBackend::Fftw;
    return config;
}

dsp::PitchConfig pitchConfigFor(double sampleRateHz) {
    dsp::PitchConfig config;
    config.sampleRateHz = sampleRateHz;
    config.f0MinHz = SignalAnalyzer::kF0MinHz;
    config.f0MaxHz = SignalAnalyzer::kF0MaxHz;
    return config;
}

int historySamples(double sampleRateHz, bool trackPitch) {
    const int fft = stftConfigFor(sampleRateHz).fftSize;
    return trackPitch ? std::max(fft, dsp::YinPitchTracker::segmentSamplesFor(pitchConfigFor(sampleRateHz))) : fft;
}
}  // namespace

SignalAnalyzer::SignalAnalyzer(double sampleRateHz, bool trackPitch)
    : sampleRateHz_(sampleRateHz),
      stft_(stftConfigFor(sampleRateHz)),
      pitch_(trackPitch ? std::make_unique<dsp::YinPitchTracker>(pitchConfigFor(sampleRateHz)) : nullptr),
      frame_(historySamples(sampleRateHz, trackPitch), stftConfigFor(sampleRateHz).hopSamples),
      spectrum_(static_cast<std::size_t>(stft_.numBins())),
      levelDb_(static_cast<std::size_t>(stft_.numBins()), kFloorDb) {
    const double windowSum = dsp::sumOf(stft_.window());
    powerScale_ = (2.0 / windowSum) * (2.0 / windowSum);
}

float SignalAnalyzer::analyzeFrame() {
    const int history = frame_.frameSamples();
    const float* frame = frame_.frame();
    stft_.analyze(frame + (history - fftSize()) / 2, spectrum_.data());
    for (std::size_t k = 0; k < spectrum_.size(); ++k) {
        const double power = powerScale_ * std::norm(spectrum_[k]);
        levelDb_[k] = std::max(kFloorDb, static_cast<float>(10.0 * std::log10(std::max(power, 1e-30))));
    }
    if (!pitch_) return 0.0f;
    const dsp::PitchEstimate estimate = pitch_->analyze(frame + (history - pitch_->segmentSamples()) / 2);
    return estimate.voiced ? estimate.f0Hz : 0.0f;
}

}  // namespace mynah::plugin
