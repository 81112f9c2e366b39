// SPDX-License-Identifier: GPL-3.0-or-later
#include "soak_host.h"

#include <algorithm>

namespace mynah::soak {

SoakHost::SoakHost(int maxBlockSamples, double rateHz, unsigned seed)
    : maxBlockSamples_(std::max(1, maxBlockSamples)), rateHz_(rateHz), rng_(seed) {}

int SoakHost::nextBlockSamples() { return std::uniform_int_distribution<int>(1, maxBlockSamples_)(rng_); }

void SoakHost::automate(engine::Engine& engine, std::int64_t streamSample) {
    if (streamSample < nextChangeSample_) return;
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    const float wetPick = unit(rng_);
    engine.setWetMix(wetPick < 0.5f ? 1.0f : wetPick < 0.6f ? 0.0f : unit(rng_));
    engine.setTransposeSemitones(unit(rng_) < 0.4f ? 0.0f : -12.0f + 24.0f * unit(rng_));
    engine.setGateThresholdDb(-90.0f + 60.0f * unit(rng_));
    ++changes_;
    const double waitSeconds = 0.02 + 0.48 * static_cast<double>(unit(rng_));
    nextChangeSample_ = streamSample + std::max<std::int64_t>(1, static_cast<std::int64_t>(waitSeconds * rateHz_));
}

}  // namespace mynah::soak
