// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "engine_test_support.h"
#include "fake_session.h"

using namespace mynah;

namespace {
engine::PipelineConfig configFor(double rate, bool realtime, int maxBlock = 8192) {
    engine::PipelineConfig c;
    c.hostRateHz = rate;
    c.maxBlockSamples = maxBlock;
    c.realtime = realtime;
    return c;
}

// Lag (in samples, parabolic) maximising the correlation of two envelopes, searched in [lo, hi].
double envelopeLag(const std::vector<float>& a, const std::vector<float>& b, int window, int lo, int hi) {
    auto envelope = [&](const std::vector<float>& x) {
        std::vector<double> e(x.size(), 0.0);
        double sum = 0.0;
        for (size_t i = 0; i < x.size(); ++i) {
            sum += static_cast<double>(x[i]) * x[i];
            if (i >= static_cast<size_t>(window)) sum -= static_cast<double>(x[i - window]) * x[i - window];
            e[i] = std::sqrt(std::max(0.0, sum) / window);
        }
        return e;
    };
    const auto ea = envelope(a), eb = envelope(b);
    std::vector<double> score;
    for (int lag = lo; lag <= hi; ++lag) {
        double s = 0.0;
        for (size_t i = static_cast<size_t>(std::max(0, -lag)); i + static_cast<size_t>(std::max(0, lag)) < ea.size(); ++i)
            s += ea[i] * eb[i + static_cast<size_t>(lag)];
        score.push_back(s);
    }
    size_t k = 0;
    for (size_t i = 1; i < score.size(); ++i)
        if (score[i] > score[k]) k = i;
    double lag = lo + static_cast<double>(k);
    if (k > 0 && k + 1 < score.size()) {
        const double denom = score[k - 1] - 2 * score[k] + score[k + 1];
        if (denom < 0) lag += 0.5 * (score[k - 1] - score[k + 1]) / denom;
    }
    return lag;
}
}  // namespace

TEST_CASE("engine: the dry path is delayed by exactly the reported latency, for every rate and block size", "[engine][latency]") {
    const double rate = GENERATE(44100.0, 48000.0, 96000.0);
    const int blockSize = GENERATE(1, 64, 480, 2048, 0);
    const bool realtime = GENERATE(false, true);
    INFO(rate << " Hz, blocks " << (blockSize ? std::to_string(blockSize) : "random") << (realtime ? ", real time" : ", offline"));
    engine::Engine e(configFor(rate, realtime));
    const int latency = e.setModel(test::makeFake(2, 1));
    CHECK(e.latencySamples() == latency);
    e.setWetMix(0.0f);
    std::vector<float> x(static_cast<size_t>(rate * 0.6), 0.0f);
    x[1000] = 1.0f;  // an impulse
    x[9000] = -0.5f;
    const auto y = test::render(e, x, test::blockSequence(x.size(), blockSize));
    for (size_t i = 0; i < y.size(); ++i) {
        const float expected = i >= static_cast<size_t>(latency) ? x[i - static_cast<size_t>(latency)] : 0.0f;
        if (y[i] != expected) FAIL("sample " << i << ": " << y[i] << " != " << expected << " (latency " << latency << ")");
    }
    CHECK(e.xrunCount() == 0);
}

TEST_CASE("engine: the wet signal's envelope lines up with the input delayed by the latency", "[engine][latency]") {
    const double rate = GENERATE(44100.0, 48000.0, 96000.0);
    engine::Engine e(configFor(rate, false));
    const int latency = e.setModel(test::makeFake(2, 0));
    const auto x = test::speechLike(rate, 3.0);
    const auto y = test::render(e, x, test::blockSequence(x.size(), 0));
    const int hop = static_cast<int>(rate / 200);
    const double lag = envelopeLag(x, y, 2 * hop, latency - 4 * hop, latency + 4 * hop);
    INFO(rate << " Hz: envelope lag " << lag << ", reported latency " << latency << ", hop " << hop);
    CHECK(std::abs(lag - latency) <= hop / 2.0);
}

TEST_CASE("engine: offline output is bit-identical to real time and independent of the block sequence", "[engine][parity]") {
    const double rate = GENERATE(44100.0, 48000.0);
    const auto x = test::speechLike(rate, 2.0, 3);
    engine::Engine offline(configFor(rate, false));
    offline.setModel(test::makeFake(3, 1));
    const auto reference = test::render(offline, x, test::blockSequence(x.size(), 0, 1));

    engine::Engine offline2(configFor(rate, false));
    offline2.setModel(test::makeFake(3, 1));
    CHECK(test::render(offline2, x, test::blockSequence(x.size(), 1)) == reference);

    for (int blockSize : {64, 480, 0}) {
        engine::Engine realtime(configFor(rate, true));
        realtime.setModel(test::makeFake(3, 1));
        const auto y = test::render(realtime, x, test::blockSequence(x.size(), blockSize, 5));
        INFO("real time, blocks " << blockSize << ", xruns " << realtime.xrunCount());
        CHECK(realtime.xrunCount() == 0);
        CHECK(y == reference);
    }
    // And the wet signal is really there: not silence, not the dry signal.
    double energy = 0.0;
    for (float v : reference) energy += static_cast<double>(v) * v;
    CHECK(energy > 1.0);
}
