// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The host's side of the soak (deterministic, seeded): a random block size for every call, 1 .. the
// host's maximum, and parameter automation: every 20 to 500 ms of audio a new wet mix (0 .. 1, often
// exactly 0 or 1), transpose (-12 .. +12 semitones, often 0) and gate threshold (-90 .. -30 dB), set on
// the engine from the audio thread between calls, as a host's automation is.
//
// Threads: construct anywhere; nextBlockSamples() and automate() on the audio thread (no allocation).
#include <cstdint>
#include <random>

#include "mynah/engine/engine.h"

namespace mynah::soak {

class SoakHost {
public:
    SoakHost(int maxBlockSamples, double rateHz, unsigned seed);

    int nextBlockSamples();
    // Applies the automation due at this output sample (the next call's first sample).
    void automate(engine::Engine& engine, std::int64_t streamSample);
    std::int64_t parameterChanges() const { return changes_; }

private:
    int maxBlockSamples_;
    double rateHz_;
    std::mt19937 rng_;
    std::int64_t nextChangeSample_ = 0;
    std::int64_t changes_ = 0;
};

}  // namespace mynah::soak
