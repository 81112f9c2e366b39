// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The soak's input: an endless, deterministic (seeded) sequence of segments, 0.1 to 3 s each, of what
// a microphone can deliver: a speech recording from a random point at a random gain (clipped to
// full scale), silence, white noise from -60 to 0 dBFS, a gliding tone (an instrument's range), a
// full-scale square wave and noise at -120 dBFS (near-denormal input).
//
// Threads: construct on any thread (it allocates); fill() on one thread at a time, no allocation.
#include <cstdint>
#include <random>
#include <vector>

namespace mynah::soak {

class SoakSignal {
public:
    // speech: a recording at rateHz (may be empty: the speech segments are then gliding tones).
    SoakSignal(std::vector<float> speech, double rateHz, unsigned seed);

    void fill(float* out, int n);
    // What the last sample filled was: "speech", "silence", "noise", "glide", "square" or "whisper".
    const char* segmentName() const;

private:
    enum class Kind { Speech, Silence, Noise, Glide, Square, Whisper };
    void startSegment();
    float nextSample();

    std::vector<float> speech_;
    double rateHz_;
    std::mt19937 rng_;
    std::normal_distribution<float> gaussian_{0.0f, 1.0f};
    Kind kind_ = Kind::Silence;
    std::int64_t left_ = 0;      // samples left in this segment
    std::size_t speechPos_ = 0;
    float gain_ = 1.0f;
    double phase_ = 0.0, f0Hz_ = 200.0, f0StepHz_ = 0.0;  // tone state
};

}  // namespace mynah::soak
