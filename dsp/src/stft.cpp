// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/stft.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "mynah/dsp/window.h"

namespace mynah::dsp {
namespace {
void validate(const StftConfig& c) {
    if (c.fftSize < 2 || c.hopSamples < 1 || c.hopSamples > c.fftSize)
        throw std::invalid_argument("STFT needs fftSize >= 2 and 1 <= hop <= fftSize (got fftSize " +
                                    std::to_string(c.fftSize) + ", hop " + std::to_string(c.hopSamples) + ")");
}
}  // namespace

StftAnalyzer::StftAnalyzer(const StftConfig& config)
    : config_(config), window_((validate(config), periodicHann(config.fftSize))),
      windowed_(static_cast<size_t>(config.fftSize)) {
    fft_ = makeRealFft(config.backend, config.fftSize);
}

void StftAnalyzer::analyze(const float* frame, std::complex<float>* spectrum) {
    for (int i = 0; i < config_.fftSize; ++i) windowed_[i] = frame[i] * window_[i];
    fft_->forward(windowed_.data(), spectrum);
}

OverlapAdd::OverlapAdd(const StftConfig& config)
    : config_(config), frame_(static_cast<size_t>(config.fftSize)),
      accumulator_(static_cast<size_t>(config.fftSize), 0.0f), finished_(static_cast<size_t>(config.hopSamples)) {
    validate(config);
    fft_ = makeRealFft(config.backend, config.fftSize);
    const std::vector<float> w = periodicHann(config.fftSize);
    synthesisWindow_.resize(w.size());
    for (int n = 0; n < config.fftSize; ++n) {
        // Sum of squared windows of every frame overlapping position n (period: one hop).
        double overlap = 0.0;
        for (int m = n % config.hopSamples; m < config.fftSize; m += config.hopSamples)
            overlap += static_cast<double>(w[m]) * w[m];
        if (overlap < 1e-6)
            throw std::invalid_argument("STFT hop " + std::to_string(config.hopSamples) +
                                        " is too large for exact reconstruction with fftSize " +
                                        std::to_string(config.fftSize));
        synthesisWindow_[n] = static_cast<float>(w[n] / overlap);
    }
}

const float* OverlapAdd::addFrame(const std::complex<float>* spectrum) {
    const int n = config_.fftSize;
    const int hop = config_.hopSamples;
    fft_->inverse(spectrum, frame_.data());
    for (int i = 0; i < n; ++i) accumulator_[i] += frame_[i] * synthesisWindow_[i];
    std::copy(accumulator_.begin(), accumulator_.begin() + hop, finished_.begin());
    std::copy(accumulator_.begin() + hop, accumulator_.end(), accumulator_.begin());
    std::fill(accumulator_.end() - hop, accumulator_.end(), 0.0f);
    return finished_.data();
}

void OverlapAdd::reset() { std::fill(accumulator_.begin(), accumulator_.end(), 0.0f); }

StftProcessor::StftProcessor(const StftConfig& config)
    : config_(config), framer_((validate(config), config.fftSize), config.hopSamples), analyzer_(config),
      overlapAdd_(config), spectrum_(static_cast<size_t>(config.fftSize / 2 + 1)),
      finished_(static_cast<size_t>(config.hopSamples), 0.0f) {}

void StftProcessor::reset() {
    framer_.reset();
    overlapAdd_.reset();
    std::fill(finished_.begin(), finished_.end(), 0.0f);
}

}  // namespace mynah::dsp
