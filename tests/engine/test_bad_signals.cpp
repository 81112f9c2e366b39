// SPDX-License-Identifier: GPL-3.0-or-later
// The engine against hostile input (docs/RELIABILITY.md), with a shipped resynthesis model and a shipped
// conversion model, offline: NaN, infinite and subnormal samples are silence (the output is exactly that
// of zeros in their place); DC, full-scale and wildly over-range input give finite, bounded output that
// is back to normal (the level the clean input gives) a second after the bad input ends.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine_test_support.h"
#include "mynah/engine/offline_render.h"
#include "mynah/runtime/model_loader.h"

using namespace mynah;

namespace {
constexpr double kRateHz = 48000.0;
constexpr double kSeconds = 4.0;

const char* const kModels[] = {MYNAH_ZOO_DIR "/voice_resynth.mynah", MYNAH_ZOO_DIR "/to_awb.mynah"};

size_t at(double seconds) { return static_cast<size_t>(std::lround(seconds * kRateHz)); }

// The input with samples [from, to) replaced by bad(sample, index).
std::vector<float> spoiled(std::vector<float> x, double fromS, double toS, const std::function<float(float, size_t)>& bad) {
    for (size_t i = at(fromS); i < at(toS); ++i) x[i] = bad(x[i], i);
    return x;
}

double levelDb(const std::vector<float>& y, double fromS, double toS) {
    double energy = 1e-12;
    for (size_t i = at(fromS); i < at(toS); ++i) energy += static_cast<double>(y[i]) * y[i];
    return 10.0 * std::log10(energy / static_cast<double>(at(toS) - at(fromS)));
}

// The largest magnitude; every sample must be finite.
float peakOf(const std::vector<float>& y) {
    float peak = 0.0f;
    size_t nonFinite = 0;
    for (float v : y) {
        if (!std::isfinite(v)) ++nonFinite;
        else peak = std::max(peak, std::abs(v));
    }
    REQUIRE(nonFinite == 0);
    return peak;
}

struct Converter {
    std::unique_ptr<runtime::InferenceSession> session;
    std::vector<float> operator()(const std::vector<float>& x) {
        // One loaded model for every render: convertOffline hands the session back with its state reset.
        return engine::convertOffline(session, x, kRateHz).samples;
    }
};

float alternating(float magnitude, size_t i) { return i % 2 ? magnitude : -magnitude; }
}  // namespace

TEST_CASE("bad input: NaN, infinite and subnormal samples are silence, and the model keeps working after them", "[engine][zoo][bad-input]") {
    const auto clean = test::speechLike(kRateHz, kSeconds, 8);
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const float subnormal = std::numeric_limits<float>::denorm_min() * 1000.0f;
    REQUIRE(std::fpclassify(subnormal) == FP_SUBNORMAL);
    // A single NaN, a burst of NaN, a burst of +-Inf and a burst of subnormals, each where the signal is loud.
    auto bad = spoiled(clean, 0.10, 0.10 + 1.0 / kRateHz, [&](float, size_t) { return nan; });
    bad = spoiled(bad, 0.70, 0.75, [&](float, size_t) { return nan; });
    bad = spoiled(bad, 1.30, 1.35, [&](float, size_t i) { return alternating(inf, i); });
    bad = spoiled(bad, 1.90, 2.00, [&](float, size_t i) { return alternating(subnormal, i); });
    auto zeros = clean;
    for (const auto& [from, to] : {std::pair{0.10, 0.10 + 1.0 / kRateHz}, {0.70, 0.75}, {1.30, 1.35}, {1.90, 2.00}})
        zeros = spoiled(zeros, from, to, [](float, size_t) { return 0.0f; });

    for (const char* model : kModels) {
        INFO(model);
        Converter convert{runtime::loadModelPackage(model)};
        const auto expected = convert(zeros);
        const auto y = convert(bad);
        peakOf(y);  // finite throughout
        CHECK(y == expected);
        CHECK(levelDb(y, 3.0, kSeconds) > -40.0);  // the model still sounds at the end
    }
}

TEST_CASE("bad input: DC, full-scale and over-range input give bounded output, back to normal a second later", "[engine][zoo][bad-input]") {
    const auto clean = test::speechLike(kRateHz, kSeconds, 8);
    struct Case {
        const char* what;
        double fromS, toS;
        std::function<float(float, size_t)> bad;
        float maxPeak;  // the output's bound
    };
    const std::vector<Case> cases{
        {"DC offset of 0.5", 1.0, 1.5, [](float v, size_t) { return v + 0.5f; }, 4.0f},
        {"full-scale 200 Hz square wave", 1.0, 1.5, [](float, size_t i) { return (i / 120) % 2 ? 1.0f : -1.0f; }, 4.0f},
        {"speech driven 26 dB into clipping at full scale", 1.0, 1.5, [](float v, size_t) { return std::clamp(20.0f * v, -1.0f, 1.0f); }, 4.0f},
        {"1e30 (clamped to +36 dBFS)", 1.0, 1.1, [](float v, size_t) { return 1e30f * v; }, 4.0f * 64.0f},
    };
    for (const char* model : kModels) {
        Converter convert{runtime::loadModelPackage(model)};
        const auto reference = convert(clean);
        for (const Case& c : cases) {
            INFO(model << ": " << c.what);
            const auto y = convert(spoiled(clean, c.fromS, c.toS, c.bad));
            CHECK(peakOf(y) <= c.maxPeak);
            CHECK(levelDb(y, 0.0, c.fromS - 0.25) == Approx(levelDb(reference, 0.0, c.fromS - 0.25)).margin(0.01));
            // A second after the bad input: the clean input's level, window by window (a conversion
            // model's running speaker statistics take a while to forget a burst of square wave).
            for (double t = c.toS + 1.0; t + 0.5 <= kSeconds; t += 0.5) {
                INFO("window at " << t << " s");
                CHECK(levelDb(y, t, t + 0.5) == Approx(levelDb(reference, t, t + 0.5)).margin(6.0));
            }
        }
    }
}
