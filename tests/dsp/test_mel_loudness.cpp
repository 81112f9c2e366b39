// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "mynah/dsp/features.h"
#include "test_signals.h"

using namespace mynah::dsp;

namespace {
// Runs the extractor over x and returns the last frame's values through the callback.
template <class OnFrame>
void lastFrame(const FeatureConfig& config, const std::vector<float>& x, OnFrame&& onFrame) {
    FeatureExtractor extractor(config);
    int frames = 0;
    const int total = static_cast<int>(x.size());
    extractor.push(x.data(), total, [&](const FeatureFrame& f) {
        if (++frames == total / config.hopSamples) onFrame(f);
    });
}
}  // namespace

TEST_CASE("mel filterbank: triangles with peak 1 on the HTK mel scale, inside [minHz, maxHz]", "[mel]") {
    const MelFilterbank bank(16000.0, 1024, 80, 0.0, 8000.0);
    REQUIRE(bank.numBins() == 513);
    CHECK(hzToMel(700.0) == Approx(2595.0 * std::log10(2.0)));
    CHECK(melToHz(hzToMel(1234.5)) == Approx(1234.5));
    for (int m = 0; m < 80; ++m) {
        float peak = 0.0f;
        for (int k = 0; k < 513; ++k) peak = std::max(peak, bank.weights()[static_cast<size_t>(m) * 513 + k]);
        CHECK(peak > 0.5f);
        CHECK(peak <= 1.0f);
    }
    const MelFilterbank narrow(16000.0, 1024, 10, 300.0, 3000.0);
    for (int m = 0; m < 10; ++m)
        for (int k = 0; k < 513; ++k) {
            const double f = k * 16000.0 / 1024;
            if (f <= 300.0 || f >= 3000.0) CHECK(narrow.weights()[static_cast<size_t>(m) * 513 + k] == 0.0f);
        }
    CHECK_THROWS_AS(MelFilterbank(16000.0, 1024, 80, 0.0, 9000.0), std::invalid_argument);
}

TEST_CASE("log-mel reads the power of a sinusoid in the band that contains it", "[mel]") {
    FeatureConfig config = FeatureConfig::forSampleRate(16000.0);
    const double amplitude = 0.25;
    // A sinusoid exactly on a bin at a filter's centre gives logMel ~ ln(A^2 * (sum of the main-lobe
    // weights)): check it is the loudest band and within 1.5 dB of ln(A^2) x the Hann main lobe.
    const double binHz = 16000.0 / config.fftSize;
    const double freq = 64 * binHz;  // 1000 Hz
    const auto x = mynah::test::sine(16000.0, 16000, freq, amplitude);
    lastFrame(config, x, [&](const FeatureFrame& f) {
        int loudest = 0;
        for (int m = 1; m < config.numMels; ++m)
            if (f.logMel[m] > f.logMel[loudest]) loudest = m;
        // Power at the peak bin is A^2, the two neighbours A^2/4 each (Hann): total 1.5 A^2 at most.
        const double upper = std::log(1.5 * amplitude * amplitude) + 0.01;
        CHECK(f.logMel[loudest] <= upper);
        CHECK(f.logMel[loudest] >= std::log(amplitude * amplitude) - std::log(10.0) * 0.15);
        CHECK(f.power[64] == Approx(amplitude * amplitude).epsilon(1e-3));
    });
    const std::vector<float> silence(16000, 0.0f);
    lastFrame(config, silence, [&](const FeatureFrame& f) {
        for (int m = 0; m < config.numMels; ++m) CHECK(f.logMel[m] == Approx(std::log(kLogMelFloorPower)));
        CHECK(f.loudnessDb == kLoudnessFloorDb);
    });
}

TEST_CASE("A-weighted loudness in dB re a full-scale sine", "[loudness]") {
    CHECK(20.0 * std::log10(aWeightingGain(1000.0)) == Approx(0.0).margin(1e-9));
    CHECK(20.0 * std::log10(aWeightingGain(100.0)) == Approx(-19.1).margin(0.1));
    CHECK(20.0 * std::log10(aWeightingGain(10000.0)) == Approx(-2.5).margin(0.1));
    const double rate = GENERATE(16000.0, 48000.0);
    const FeatureConfig config = FeatureConfig::forSampleRate(rate);
    struct Case { double hz, amplitude, expectedDb, marginDb; };
    // Weighting in the spectral domain spreads a low tone over neighbouring bins with different A
    // gains (the curve falls 12 dB/octave there): a 100 Hz tone reads up to ~0.4 dB high with a
    // 32 ms window. Mid-band tones are exact.
    const Case c = GENERATE(Case{1000.0, 1.0, 0.0, 0.1}, Case{1000.0, 0.5, -6.0206, 0.1},
                            Case{100.0, 1.0, -19.15, 0.5}, Case{3000.0, 0.1, -20.0 + 1.2, 0.1});
    INFO(rate << " Hz, sine " << c.hz << " Hz amplitude " << c.amplitude);
    const auto x = mynah::test::sine(rate, static_cast<size_t>(rate), c.hz, c.amplitude);
    lastFrame(config, x, [&](const FeatureFrame& f) { CHECK(f.loudnessDb == Approx(c.expectedDb).margin(c.marginDb)); });
}
