// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Drives an Engine the way a host does, in offline mode or in real time with the worker given time
// to respond between blocks, and makes the test signals.
#include <chrono>
#include <cmath>
#include <numbers>
#include <random>
#include <thread>
#include <vector>

#include "mynah/engine/engine.h"

namespace mynah::test {

// Voiced tone bursts (slowly amplitude-modulated, gliding), noise bursts and silences.
inline std::vector<float> speechLike(double rateHz, double seconds, unsigned seed = 1) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    std::vector<float> x(static_cast<size_t>(seconds * rateHz));
    double phase = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double t = static_cast<double>(i) / rateHz;
        const double cycle = std::fmod(t, 0.6);
        const double f0 = 140.0 + 40.0 * std::sin(2.0 * std::numbers::pi * 0.7 * t);
        phase += f0 / rateHz;
        phase -= std::floor(phase);
        double v = 0.0;
        if (cycle < 0.35) {
            const double am = 0.6 + 0.4 * std::sin(2.0 * std::numbers::pi * 3.0 * t);
            for (int k = 1; k <= 6; ++k) v += 0.25 / k * std::sin(2.0 * std::numbers::pi * k * phase);
            v *= am;
        } else if (cycle < 0.45) {
            v = 0.05 * noise(rng);
        }
        x[i] = static_cast<float>(v);
    }
    return x;
}

// Blocks that sum to `total`: all of `size`, or random sizes 1..8192 when size == 0.
inline std::vector<int> blockSequence(size_t total, int size, unsigned seed = 7) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> dist(1, 8192);
    std::vector<int> blocks;
    for (size_t done = 0; done < total;) {
        const int b = static_cast<int>(std::min<size_t>(static_cast<size_t>(size > 0 ? size : dist(rng)), total - done));
        blocks.push_back(b);
        done += static_cast<size_t>(b);
    }
    return blocks;
}

// Runs x through the engine block by block. In real-time mode it waits after each block until the
// active pipeline's worker has consumed it: a host that leaves the worker enough time.
inline std::vector<float> render(engine::Engine& e, const std::vector<float>& x, const std::vector<int>& blocks) {
    std::vector<float> y(x.size());
    size_t pos = 0;
    std::int64_t fed = 0;
    for (int b : blocks) {
        e.process(x.data() + pos, y.data() + pos, b);
        pos += static_cast<size_t>(b);
        fed += b;
        if (e.config().realtime && e.activePipelineForTesting()) {
            while (e.activePipelineForTesting()->workerProgressForTesting() < fed)
                std::this_thread::sleep_for(std::chrono::microseconds(50));
        }
    }
    return y;
}

}  // namespace mynah::test
