// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "engine_test_support.h"
#include "fake_session.h"
#include "mynah/dsp/features.h"
#include "mynah/engine/synth_controls.h"

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

namespace {
// A network far outside its range: every amplitude and noise gain huge but finite.
class HugeControlsSession final : public runtime::InferenceSession {
public:
    const runtime::ModelMetadata& metadata() const override { return metadata_; }
    const std::string& source() const override { return source_; }
    void resetState() override {}
    void run(const float*, int windowFrames, float* controls) override {
        const int chunk = windowFrames - metadata_.contextFrames - metadata_.lookaheadFrames;
        for (int f = 0; f < chunk; ++f) {
            float* c = controls + static_cast<size_t>(f) * metadata_.numOutputs();
            c[0] = 150.0f;
            std::fill(c + 1, c + metadata_.numOutputs(), 3e38f);
        }
    }

private:
    runtime::ModelMetadata metadata_ = test::fakeMetadata(2, 0);
    std::string source_ = "huge";
};
}  // namespace

TEST_CASE("engine: huge finite controls from a network are capped, the output stays finite", "[engine][controls]") {
    engine::PipelineConfig c;
    c.hostRateHz = 48000.0;
    c.maxBlockSamples = 512;
    c.realtime = false;
    engine::Engine e(c);
    e.setModel(std::make_unique<HugeControlsSession>());
    const auto x = test::speechLike(48000.0, 1.0, 3);
    const auto y = test::render(e, x, test::blockSequence(x.size(), 512));
    float peak = 0.0f;
    for (float v : y) {
        REQUIRE(std::isfinite(v));
        peak = std::max(peak, std::fabs(v));
    }
    // Every harmonic and noise band at the cap (8 + 8 in the stand-in): large, but nowhere near Inf.
    CHECK(peak <= 100.0f * engine::kMaxControlAmplitude);
}
