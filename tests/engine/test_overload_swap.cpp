// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <atomic>
#include <chrono>
#include <functional>
#include <cmath>
#include <thread>
#include <vector>

#include "engine_test_support.h"
#include "fake_session.h"

using namespace mynah;

namespace {
engine::PipelineConfig realtimeConfig(double rate, int maxBlock) {
    engine::PipelineConfig c;
    c.hostRateHz = rate;
    c.maxBlockSamples = maxBlock;
    c.realtime = true;
    return c;
}

// Plays x through the engine at the pace of a real audio device (one block per block duration).
std::vector<float> playInRealTime(engine::Engine& e, const std::vector<float>& x, int block,
                                  const std::function<void(size_t)>& beforeBlock = {}) {
    std::vector<float> y(x.size());
    const auto period = std::chrono::duration<double>(block / e.config().hostRateHz);
    auto next = std::chrono::steady_clock::now();
    for (size_t pos = 0; pos + static_cast<size_t>(block) <= x.size(); pos += static_cast<size_t>(block)) {
        if (beforeBlock) beforeBlock(pos);
        e.process(x.data() + pos, y.data() + pos, block);
        next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
        std::this_thread::sleep_until(next);
    }
    return y;
}
}  // namespace

TEST_CASE("engine overload: latency stays L, output falls back to the dry signal, xruns count, it recovers", "[engine][overload]") {
    const double rate = 48000.0;
    const int block = 480;  // 10 ms
    engine::Engine e(realtimeConfig(rate, block));
    const int latency = e.setModel(test::makeFake(2, 0));
    const auto x = test::speechLike(rate, 3.0, 9);
    const size_t slowFrom = static_cast<size_t>(1.0 * rate), slowTo = static_cast<size_t>(1.8 * rate);
    std::uint64_t xrunsAtSlowStart = 0, xrunsAtSlowEnd = 0;
    const auto y = playInRealTime(e, x, block, [&](size_t pos) {
        engine::VoicePipeline* p = e.activePipelineForTesting();
        if (pos == slowFrom) {
            xrunsAtSlowStart = e.xrunCount();
            p->setInjectedDelayMicroseconds(30000);  // each 10 ms network call now takes 30 ms
        }
        if (pos == slowTo) {
            xrunsAtSlowEnd = e.xrunCount();
            p->setInjectedDelayMicroseconds(0);
        }
    });
    INFO("xruns before " << xrunsAtSlowStart << ", during " << xrunsAtSlowEnd - xrunsAtSlowStart << ", total "
                         << e.xrunCount() << ", skipped frames " << e.activePipelineForTesting()->skippedFrames());
    CHECK(e.latencySamples() == latency);
    CHECK(xrunsAtSlowStart == 0);
    CHECK(xrunsAtSlowEnd - xrunsAtSlowStart > 10);
    // Deep in the overload the output is the dry input delayed by exactly L (no backlog, no drift).
    size_t dryMatches = 0, checked = 0;
    for (size_t i = static_cast<size_t>(1.4 * rate); i < static_cast<size_t>(1.7 * rate); ++i, ++checked)
        if (y[i] == x[i - static_cast<size_t>(latency)]) ++dryMatches;
    CHECK(dryMatches > checked * 9 / 10);
    // Recovery: the last second is wet again, with no new xruns in its second half.
    const std::uint64_t xrunsTotal = e.xrunCount();
    CHECK(xrunsTotal - xrunsAtSlowEnd < 40);
    size_t wetSamples = 0;
    for (size_t i = static_cast<size_t>(2.5 * rate); i < x.size(); ++i)
        if (y[i] != x[i - static_cast<size_t>(latency)]) ++wetSamples;
    CHECK(wetSamples > static_cast<size_t>(0.4 * rate));
    for (float v : y) REQUIRE(std::isfinite(v));
}

TEST_CASE("engine model swap: crossfade instead of a click, new latency reported", "[engine][swap]") {
    engine::PipelineConfig c;
    c.hostRateHz = 48000.0;
    c.maxBlockSamples = 256;
    c.realtime = false;
    engine::Engine e(c, 20.0);
    const int first = e.setModel(test::makeFake(2, 0));
    const auto x = test::speechLike(48000.0, 2.0, 4);
    std::vector<float> y(x.size());
    int second = 0;
    for (size_t pos = 0; pos < x.size(); pos += 256) {
        if (pos >= 48000 && second == 0) second = e.setModel(test::makeFake(6, 2));  // more context and look-ahead
        e.process(x.data() + pos, y.data() + pos, static_cast<int>(std::min<size_t>(256, x.size() - pos)));
    }
    CHECK(second > first);
    CHECK(e.latencySamples() == second);
    CHECK(e.swapsCompleted() == 1);
    // No click: around the swap, sample-to-sample steps stay within what the signals themselves do.
    double maxStepElsewhere = 0.0, maxStepAtSwap = 0.0;
    for (size_t i = 1; i < y.size(); ++i) {
        const double step = std::abs(y[i] - y[i - 1]);
        if (i > 48000 && i < 48000 + static_cast<size_t>(second) + 3000) maxStepAtSwap = std::max(maxStepAtSwap, step);
        else maxStepElsewhere = std::max(maxStepElsewhere, step);
    }
    INFO("max step at the swap " << maxStepAtSwap << ", elsewhere " << maxStepElsewhere);
    CHECK(maxStepAtSwap <= maxStepElsewhere * 1.1);
    e.collectRetired();
}

TEST_CASE("engine model swaps from another thread while audio runs in real time", "[engine][swap]") {
    engine::Engine e(realtimeConfig(48000.0, 128));
    e.setModel(test::makeFake(2, 0));
    std::atomic<bool> running{true};
    std::thread audio([&] {
        const auto x = test::speechLike(48000.0, 0.5, 2);
        std::vector<float> y(128);
        while (running.load())
            for (size_t pos = 0; pos + 128 <= x.size() && running.load(); pos += 128) {
                e.process(x.data() + pos, y.data(), 128);
                for (float v : y) REQUIRE(std::isfinite(v));
                std::this_thread::sleep_for(std::chrono::microseconds(500));
            }
    });
    for (int i = 0; i < 6; ++i) {
        e.setModel(test::makeFake(1 + i, i % 2));
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
    running.store(false);
    audio.join();
    CHECK(e.swapsCompleted() >= 3);
    e.collectRetired();
}
