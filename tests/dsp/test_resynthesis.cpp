// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "mynah/dsp/features.h"
#include "mynah/dsp/resynthesis.h"
#include "test_signals.h"

using namespace mynah::dsp;

namespace {
struct Summary {
    double medianF0Hz = 0.0;
    double meanLoudnessDb = 0.0;
    int voiced = 0;
    std::vector<double> meanLogMel;
};

// Features of x[begin, end) summarised: median voiced F0, mean loudness, mean log-mel per band.
Summary summarise(const FeatureConfig& config, const std::vector<float>& x, size_t begin, size_t end) {
    FeatureExtractor extractor(config);
    Summary s;
    s.meanLogMel.assign(static_cast<size_t>(config.numMels), 0.0);
    std::vector<double> f0;
    int frames = 0;
    extractor.push(x.data() + begin, static_cast<int>(end - begin), [&](const FeatureFrame& f) {
        if (f.index < 20) return;  // skip the start-up frames
        ++frames;
        if (f.voiced) f0.push_back(f.f0Hz);
        s.meanLoudnessDb += f.loudnessDb;
        for (int m = 0; m < config.numMels; ++m) s.meanLogMel[static_cast<size_t>(m)] += f.logMel[m];
    });
    s.voiced = static_cast<int>(f0.size());
    s.medianF0Hz = mynah::test::median(f0);
    s.meanLoudnessDb /= frames;
    for (double& v : s.meanLogMel) v /= frames;
    return s;
}

std::vector<float> resynthesise(const FeatureConfig& config, const std::vector<float>& x) {
    DspResynthesizer resynth(config);
    std::vector<float> y(x.size());
    size_t pos = 0;
    for (int b : mynah::test::randomBlocks(x.size(), 1000, 4)) {
        resynth.process(x.data() + pos, y.data() + pos, b);
        pos += static_cast<size_t>(b);
    }
    return y;
}
}  // namespace

TEST_CASE("DSP resynthesis keeps F0, level and spectral envelope of a voiced tone", "[resynth]") {
    const double rate = GENERATE(16000.0, 48000.0);
    const FeatureConfig config = FeatureConfig::forSampleRate(rate);
    const auto x = mynah::test::harmonicTone(rate, 1.5, [](double t) { return 140.0 + 20.0 * t; }, 30, 0.2);
    const auto y = resynthesise(config, x);
    const Summary in = summarise(config, x, 0, x.size());
    const Summary out = summarise(config, y, 0, y.size());
    CHECK(std::abs(mynah::test::cents(out.medianF0Hz, in.medianF0Hz)) < 10.0);
    CHECK(out.voiced >= in.voiced * 0.95);
    CHECK(out.meanLoudnessDb == Approx(in.meanLoudnessDb).margin(1.5));
    // Log-mel envelope within 2 dB (ln units: 2 dB = 0.46) on average over the bands with energy.
    double sumAbs = 0.0;
    int bands = 0;
    for (size_t m = 0; m < in.meanLogMel.size(); ++m)
        if (in.meanLogMel[m] > std::log(1e-6)) {
            sumAbs += std::abs(out.meanLogMel[m] - in.meanLogMel[m]);
            ++bands;
        }
    INFO("mean |log-mel difference| " << sumAbs / bands << " over " << bands << " bands");
    CHECK(bands > 20);
    CHECK(sumAbs / bands < 0.46);
}

TEST_CASE("DSP resynthesis turns noise into noise of the same level, and silence into silence", "[resynth]") {
    const FeatureConfig config = FeatureConfig::forSampleRate(16000.0);
    const auto x = mynah::test::whiteNoise(24000, 0.1, 5);
    const auto y = resynthesise(config, x);
    const Summary in = summarise(config, x, 0, x.size());
    const Summary out = summarise(config, y, 0, y.size());
    CHECK(out.voiced == 0);
    CHECK(out.meanLoudnessDb == Approx(in.meanLoudnessDb).margin(2.0));
    const std::vector<float> silence(16000, 0.0f);
    for (float v : resynthesise(config, silence)) REQUIRE(v == 0.0f);
}

TEST_CASE("DSP resynthesis output follows the input after latencySamples()", "[resynth]") {
    const FeatureConfig config = FeatureConfig::forSampleRate(16000.0);
    std::vector<float> x(16000, 0.0f);
    const auto tone = mynah::test::harmonicTone(16000.0, 0.5, [](double) { return 200.0; }, 10, 0.3);
    std::copy(tone.begin(), tone.end(), x.begin() + 8000);  // onset at sample 8000
    const auto y = resynthesise(config, x);
    const int latency = DspResynthesizer(config).latencySamples();
    // The output's onset (first sample above -40 dB) lands within one hop of 8000 + latency - the
    // analysis half-window that already sees the onset.
    size_t onset = 0;
    while (onset < y.size() && std::abs(y[onset]) < 0.003f) ++onset;
    const double expected = 8000.0 + latency;
    INFO("onset at " << onset << ", input onset + latency = " << expected);
    CHECK(static_cast<double>(onset) > expected - config.fftSize / 2.0 - config.hopSamples);
    CHECK(static_cast<double>(onset) < expected + config.hopSamples);
}
