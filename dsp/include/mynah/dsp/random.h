// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small deterministic noise source (xorshift32). The same seed gives the same sequence on every
// platform, so offline renders are reproducible and the Python side can ask for the same noise.
// Threads: one thread per instance; no allocation.
#include <cstdint>

namespace mynah::dsp {

class WhiteNoise {
public:
    explicit WhiteNoise(std::uint32_t seed = 0x9E3779B9u) { reseed(seed); }
    void reseed(std::uint32_t seed) { state_ = seed != 0 ? seed : 0x9E3779B9u; }

    // Uniform in [-sqrt(3), sqrt(3)): zero mean, unit variance.
    float next() {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        return (static_cast<float>(state_ >> 8) * (1.0f / 16777216.0f) * 2.0f - 1.0f) * 1.7320508f;
    }

private:
    std::uint32_t state_ = 1;
};

}  // namespace mynah::dsp
