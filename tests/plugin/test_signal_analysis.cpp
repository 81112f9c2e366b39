// SPDX-License-Identifier: GPL-3.0-or-later
// The editor's JUCE-free signal path: SignalTap (audio thread -> editor), ProcessingLoad (the CPU
// readout) and SignalAnalyzer (spectrum columns and F0 with Mynah's dsp/).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "processing_load.h"
#include "signal_analyzer.h"
#include "signal_tap.h"

using namespace mynah::plugin;

namespace {
std::vector<float> sine(double frequencyHz, double rateHz, float amplitude, size_t n) {
    std::vector<float> x(n);
    for (size_t i = 0; i < n; ++i) x[i] = amplitude * static_cast<float>(std::sin(2.0 * M_PI * frequencyHz * static_cast<double>(i) / rateHz));
    return x;
}
}  // namespace

TEST_CASE("a signal tap hands samples to the editor only while attached, and drops when full", "[analysis]") {
    SignalTap tap(1024);
    const std::vector<float> block = {0.1f, -0.7f, 0.3f, 0.2f};
    tap.publish(block.data(), 4);
    CHECK(tap.available() == 0);           // no editor: nothing collected
    CHECK(tap.takePeak() == Approx(0.7f));  // the meter's level still is
    CHECK(tap.takePeak() == 0.0f);         // and resets when read

    tap.attach();
    tap.publish(block.data(), 4);
    std::vector<float> out(8);
    REQUIRE(tap.read(out.data(), out.size()) == 4);
    CHECK(std::equal(block.begin(), block.end(), out.begin()));

    std::vector<float> big(5000, 0.5f);
    tap.publish(big.data(), static_cast<int>(big.size()));  // more than fits: the rest is dropped
    CHECK(tap.available() == tap.capacity());
    tap.detach();
    tap.attach();  // a new editor starts fresh
    CHECK(tap.available() == 0);
}

TEST_CASE("the processing load is time in processBlock over the block's duration, smoothed", "[analysis]") {
    ProcessingLoad load;
    CHECK(load.loadRatio() == 0.0f);
    const double rate = 48000.0;
    const int block = 480;  // 10 ms
    for (int i = 0; i < 300; ++i) load.addBlock(0.0025, block, rate);  // 2.5 ms of 10 ms, for 3 s
    CHECK(load.loadRatio() == Approx(0.25f).margin(0.005f));
    load.addBlock(0.010, block, rate);  // one late block moves it a little, not to 1
    CHECK(load.loadRatio() > 0.25f);
    CHECK(load.loadRatio() < 0.3f);
    load.addBlock(1.0, 0, rate);  // ignored
    load.addBlock(1.0, block, 0.0);
    CHECK(load.loadRatio() < 0.3f);
}

TEST_CASE("the analyzer finds a sine's level and pitch", "[analysis]") {
    for (const double rate : {44100.0, 48000.0, 96000.0}) {
        INFO(rate << " Hz");
        SignalAnalyzer analyzer(rate, true);
        CHECK(analyzer.hopSamples() == static_cast<int>(std::lround(rate / 100.0)));
        CHECK(analyzer.fftSize() >= rate * 0.04);
        const auto x = sine(220.0, rate, 0.5f, static_cast<size_t>(rate));  // 1 s
        int columns = 0;
        float lastF0 = 0.0f, peakDb = -200.0f;
        int peakBin = 0;
        analyzer.push(x.data(), static_cast<int>(x.size()), [&](const float* levelDb, int numBins, float f0Hz) {
            ++columns;
            lastF0 = f0Hz;
            const auto peak = std::max_element(levelDb, levelDb + numBins);
            peakDb = *peak;
            peakBin = static_cast<int>(peak - levelDb);
        });
        CHECK(columns == static_cast<int>(x.size()) / analyzer.hopSamples());
        CHECK(lastF0 == Approx(220.0f).epsilon(0.01));
        CHECK(std::abs(peakBin * analyzer.binWidthHz() - 220.0) <= analyzer.binWidthHz());
        CHECK(peakDb == Approx(20.0 * std::log10(0.5)).margin(1.6));  // A^2 in dB, less Hann scalloping
    }
}

TEST_CASE("silence reads the floor and no pitch", "[analysis]") {
    SignalAnalyzer analyzer(48000.0, true);
    const std::vector<float> silence(9600, 0.0f);
    int columns = 0;
    analyzer.push(silence.data(), 4000, [&](const float*, int, float) { ++columns; });  // any split
    analyzer.push(silence.data() + 4000, 5600, [&](const float* levelDb, int numBins, float f0Hz) {
        ++columns;
        CHECK(f0Hz == 0.0f);
        CHECK(*std::max_element(levelDb, levelDb + numBins) == SignalAnalyzer::kFloorDb);
    });
    CHECK(columns == 20);
}
