// SPDX-License-Identifier: GPL-3.0-or-later
#include "soak_signal.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mynah::soak {
namespace {
float dbToGain(float db) { return std::pow(10.0f, db / 20.0f); }
}  // namespace

SoakSignal::SoakSignal(std::vector<float> speech, double rateHz, unsigned seed)
    : speech_(std::move(speech)), rateHz_(rateHz), rng_(seed) {}

void SoakSignal::fill(float* out, int n) {
    for (int i = 0; i < n; ++i) {
        if (left_ <= 0) startSegment();
        out[i] = nextSample();
        --left_;
    }
}

const char* SoakSignal::segmentName() const {
    switch (kind_) {
    case Kind::Speech: return "speech";
    case Kind::Silence: return "silence";
    case Kind::Noise: return "noise";
    case Kind::Glide: return "glide";
    case Kind::Square: return "square";
    case Kind::Whisper: return "whisper";
    }
    return "?";
}

void SoakSignal::startSegment() {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double pick = unit(rng_);
    // Mostly speech, as a voice plugin hears; the rest stresses the gate, the pitch tracker and the bounds.
    if (pick < 0.45) kind_ = speech_.empty() ? Kind::Glide : Kind::Speech;
    else if (pick < 0.60) kind_ = Kind::Silence;
    else if (pick < 0.72) kind_ = Kind::Noise;
    else if (pick < 0.88) kind_ = Kind::Glide;
    else if (pick < 0.95) kind_ = Kind::Square;
    else kind_ = Kind::Whisper;
    left_ = static_cast<std::int64_t>((0.1 + 2.9 * unit(rng_)) * rateHz_);
    switch (kind_) {
    case Kind::Speech:
        speechPos_ = static_cast<std::size_t>(unit(rng_) * static_cast<double>(speech_.size()));
        gain_ = dbToGain(static_cast<float>(-20.0 + 26.0 * unit(rng_)));  // -20 .. +6 dB, clipped below
        break;
    case Kind::Noise: gain_ = dbToGain(static_cast<float>(-60.0 + 60.0 * unit(rng_))); break;
    case Kind::Glide:
    case Kind::Square: {
        f0Hz_ = 80.0 * std::pow(2.0, 4.2 * unit(rng_));  // 80 Hz .. ~1.5 kHz
        const double endHz = 80.0 * std::pow(2.0, 4.2 * unit(rng_));
        f0StepHz_ = (endHz - f0Hz_) / static_cast<double>(left_);
        gain_ = kind_ == Kind::Square ? 1.0f : static_cast<float>(0.05 + 0.85 * unit(rng_));
        break;
    }
    case Kind::Whisper: gain_ = dbToGain(-120.0f); break;
    case Kind::Silence: gain_ = 0.0f; break;
    }
}

float SoakSignal::nextSample() {
    switch (kind_) {
    case Kind::Speech: {
        const float v = speech_[speechPos_] * gain_;
        speechPos_ = (speechPos_ + 1) % speech_.size();
        return std::clamp(v, -1.0f, 1.0f);
    }
    case Kind::Noise:
    case Kind::Whisper: return std::clamp(gain_ * gaussian_(rng_), -1.0f, 1.0f);
    case Kind::Glide:
    case Kind::Square: {
        phase_ += f0Hz_ / rateHz_;
        phase_ -= std::floor(phase_);
        f0Hz_ += f0StepHz_;
        const double s = std::sin(2.0 * std::numbers::pi * phase_);
        return gain_ * static_cast<float>(kind_ == Kind::Square ? (s >= 0.0 ? 1.0 : -1.0) : s);
    }
    case Kind::Silence: break;
    }
    return 0.0f;
}

}  // namespace mynah::soak
