// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <vector>

#include "engine_test_support.h"
#include "fake_session.h"
#include "mynah/dsp/features.h"

using namespace mynah;

namespace {
engine::PipelineConfig offlineConfig() {
    engine::PipelineConfig c;
    c.hostRateHz = 48000.0;
    c.maxBlockSamples = 512;
    c.realtime = false;
    return c;
}

double medianVoicedF0(const std::vector<float>& y, double rate) {
    dsp::FeatureExtractor extractor(dsp::FeatureConfig::forSampleRate(rate));
    std::vector<double> f0;
    extractor.push(y.data(), static_cast<int>(y.size()), [&](const dsp::FeatureFrame& f) {
        if (f.voiced) f0.push_back(f.f0Hz);
    });
    std::sort(f0.begin(), f0.end());
    return f0.empty() ? 0.0 : f0[f0.size() / 2];
}
}  // namespace

TEST_CASE("engine transpose shifts the synthesised pitch by the given semitones", "[engine][controls]") {
    const auto x = test::speechLike(48000.0, 2.0, 12);
    engine::Engine plain(offlineConfig());
    plain.setModel(test::makeFake());
    const double base = medianVoicedF0(test::render(plain, x, test::blockSequence(x.size(), 512)), 48000.0);
    for (float semitones : {12.0f, -7.0f}) {
        engine::Engine shifted(offlineConfig());
        shifted.setModel(test::makeFake());
        shifted.setTransposeSemitones(semitones);
        const double f0 = medianVoicedF0(test::render(shifted, x, test::blockSequence(x.size(), 512)), 48000.0);
        INFO("base " << base << " Hz, shifted " << f0 << " Hz for " << semitones << " semitones");
        CHECK(1200.0 * std::log2(f0 / base) == Approx(100.0 * semitones).margin(15.0));
    }
}

TEST_CASE("engine gate: input below the threshold gives silence, never synthesiser noise", "[engine][controls]") {
    const double rate = 48000.0;
    std::vector<float> x = test::speechLike(rate, 1.5, 13);
    for (float& v : x) v *= 0.0003f;  // about -75 dB: quiet hiss and hum
    engine::Engine gated(offlineConfig());
    const int latency = gated.setModel(test::makeFake());
    gated.setGateThresholdDb(-60.0f);
    const auto y = test::render(gated, x, test::blockSequence(x.size(), 512));
    for (size_t i = static_cast<size_t>(latency); i < y.size(); ++i) REQUIRE(y[i] == 0.0f);

    engine::Engine open(offlineConfig());
    open.setModel(test::makeFake());
    open.setGateThresholdDb(-120.0f);
    const auto z = test::render(open, x, test::blockSequence(x.size(), 512));
    double energy = 0.0;
    for (float v : z) energy += static_cast<double>(v) * v;
    CHECK(energy > 0.0);
}
