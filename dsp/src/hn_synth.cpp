// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/hn_synth.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace mynah::dsp {

HarmonicNoiseSynth::HarmonicNoiseSynth(const HnSynthConfig& config)
    : config_(config), clock_(config.controlRateHz, config.hopSamples, config.outputRateHz),
      maxFrameSamples_(clock_.maxFrameLength()),
      limitHz_(config.harmonicLimitHz > 0.0 ? std::min(config.harmonicLimitHz, config.outputRateHz / 2)
                                            : config.outputRateHz / 2),
      noise_(config.noise, config.outputRateHz, config.noiseSeed) {
    if (config.numHarmonics < 1) throw std::invalid_argument("the synthesiser needs at least one harmonic");
    previousAmplitudes_.assign(static_cast<size_t>(config.numHarmonics), 0.0f);
    previousGains_.assign(static_cast<size_t>(config.noise.numBands), 0.0f);
    for (auto* v : {&ramp_, &f0_, &baseRe_, &baseIm_, &harmRe_, &harmIm_})
        v->assign(static_cast<size_t>(maxFrameSamples_), 0.0f);
    bandSamples_.assign(static_cast<size_t>(config.noise.numBands), 0.0f);
}

void HarmonicNoiseSynth::reset() {
    frameIndex_ = 0;
    started_ = false;
    phaseCycles_ = 0.0;
    std::fill(previousAmplitudes_.begin(), previousAmplitudes_.end(), 0.0f);
    std::fill(previousGains_.begin(), previousGains_.end(), 0.0f);
    noise_.reset(config_.noiseSeed);
}

int HarmonicNoiseSynth::renderNextFrame(const HnControls& controls, float* out) {
    const int n = clock_.frameLength(frameIndex_);
    renderFrame(controls, out, n);
    return n;
}

int HarmonicNoiseSynth::skipNextFrame() {
    const int n = clock_.frameLength(frameIndex_);
    std::fill(previousAmplitudes_.begin(), previousAmplitudes_.end(), 0.0f);
    std::fill(previousGains_.begin(), previousGains_.end(), 0.0f);
    ++frameIndex_;
    return n;
}

void HarmonicNoiseSynth::renderFrame(const HnControls& c, float* out, int n) {
    n = std::clamp(n, 0, maxFrameSamples_);
    if (!started_) {
        previousF0Hz_ = std::max(0.0f, c.f0Hz);
        started_ = true;
    }
    for (int j = 0; j < n; ++j) ramp_[j] = static_cast<float>(j + 1) / static_cast<float>(n);
    std::fill(out, out + n, 0.0f);
    renderHarmonics(c, out, n);
    renderNoise(c, out, n);
    previousF0Hz_ = std::max(0.0f, c.f0Hz);
    std::copy(c.harmonicAmplitudes, c.harmonicAmplitudes + config_.numHarmonics, previousAmplitudes_.begin());
    std::copy(c.noiseBandGains, c.noiseBandGains + config_.noise.numBands, previousGains_.begin());
    ++frameIndex_;
}

void HarmonicNoiseSynth::renderHarmonics(const HnControls& c, float* out, int n) {
    const float f0Now = std::max(0.0f, c.f0Hz);
    const double invRate = 1.0 / config_.outputRateHz;
    float f0Max = 0.0f;
    for (int j = 0; j < n; ++j) {
        f0_[j] = previousF0Hz_ + (f0Now - previousF0Hz_) * ramp_[j];
        f0Max = std::max(f0Max, f0_[j]);
        phaseCycles_ += f0_[j] * invRate;
        phaseCycles_ -= std::floor(phaseCycles_);
        const double angle = 2.0 * std::numbers::pi * phaseCycles_;
        baseRe_[j] = static_cast<float>(std::cos(angle));
        baseIm_[j] = static_cast<float>(std::sin(angle));
        harmRe_[j] = 1.0f;
        harmIm_[j] = 0.0f;
    }
    if (f0Max <= 0.0f) return;
    const float limit = static_cast<float>(limitHz_);
    const float invTaperWidth = 1.0f / static_cast<float>(kHarmonicTaperFraction * limitHz_);
    for (int k = 1; k <= config_.numHarmonics; ++k) {
        // Harmonic k = harmonic (k-1) times the fundamental's phasor: vectorises across samples and
        // avoids K sin() calls per sample.
        for (int j = 0; j < n; ++j) {
            const float re = harmRe_[j] * baseRe_[j] - harmIm_[j] * baseIm_[j];
            const float im = harmRe_[j] * baseIm_[j] + harmIm_[j] * baseRe_[j];
            harmRe_[j] = re;
            harmIm_[j] = im;
        }
        const float a0 = previousAmplitudes_[k - 1];
        const float a1 = c.harmonicAmplitudes[k - 1];
        if (a0 == 0.0f && a1 == 0.0f) continue;
        for (int j = 0; j < n; ++j) {
            const float taper = std::clamp((limit - static_cast<float>(k) * f0_[j]) * invTaperWidth, 0.0f, 1.0f);
            out[j] += (a0 + (a1 - a0) * ramp_[j]) * taper * harmIm_[j];
        }
        if (static_cast<float>(k) * f0Max >= limit && static_cast<float>(k) * std::min(previousF0Hz_, f0Now) >= limit)
            break;  // every higher harmonic is above the limit for the whole frame
    }
}

void HarmonicNoiseSynth::renderNoise(const HnControls& c, float* out, int n) {
    const int bands = config_.noise.numBands;
    for (int j = 0; j < n; ++j) {
        noise_.next(bandSamples_.data());
        const float r = ramp_[j];
        float sum = 0.0f;
        for (int b = 0; b < bands; ++b)
            sum += (previousGains_[b] + (c.noiseBandGains[b] - previousGains_[b]) * r) * bandSamples_[b];
        out[j] += sum;
    }
}

}  // namespace mynah::dsp
