// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Test signal generators and small statistics shared by the dsp tests.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <random>
#include <vector>

namespace mynah::test {

// Harmonic tone whose F0 follows f0AtSecond(t); harmonic k has amplitude amplitude / k.
inline std::vector<float> harmonicTone(double sampleRateHz, double seconds, const std::function<double(double)>& f0AtSecond,
                                       int numHarmonics = 8, double amplitude = 0.3) {
    std::vector<float> x(static_cast<size_t>(seconds * sampleRateHz));
    double phase = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double f0 = f0AtSecond(static_cast<double>(i) / sampleRateHz);
        phase += f0 / sampleRateHz;
        phase -= std::floor(phase);
        double v = 0.0;
        for (int k = 1; k <= numHarmonics; ++k)
            if (k * f0 < sampleRateHz / 2) v += amplitude / k * std::sin(2.0 * std::numbers::pi * k * phase);
        x[i] = static_cast<float>(v);
    }
    return x;
}

inline std::vector<float> sine(double sampleRateHz, size_t n, double frequencyHz, double amplitude = 1.0) {
    std::vector<float> x(n);
    for (size_t i = 0; i < n; ++i)
        x[i] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * frequencyHz * static_cast<double>(i) / sampleRateHz));
    return x;
}

inline std::vector<float> whiteNoise(size_t n, double rms, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, static_cast<float>(rms));
    std::vector<float> x(n);
    for (float& v : x) v = dist(rng);
    return x;
}

inline double cents(double f, double reference) { return 1200.0 * std::log2(f / reference); }

inline double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Block sizes for streaming tests: a random sequence in [1, maxBlock], deterministic per seed.
inline std::vector<int> randomBlocks(size_t total, int maxBlock, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> dist(1, maxBlock);
    std::vector<int> blocks;
    size_t sum = 0;
    while (sum < total) {
        const int b = static_cast<int>(std::min<size_t>(static_cast<size_t>(dist(rng)), total - sum));
        blocks.push_back(b);
        sum += static_cast<size_t>(b);
    }
    return blocks;
}

}  // namespace mynah::test
