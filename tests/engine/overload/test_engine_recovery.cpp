// SPDX-License-Identifier: GPL-3.0-or-later
// The voice engine with a starved inference worker, in real time (blocks paced like a sound card), the
// worker held up between two known blocks (stalled_session.h) and a wet signal that is exactly silent
// (overload_sessions.h), so that every output sample says which path it came from:
//   (a) the reported latency never changes, and the fallback is the input delayed by exactly L;
//   (b) xruns are counted, and the way to the dry signal and back is the 2 ms crossfade, never faster;
//   (c) the wet signal is back within 100 ms of the load ending: the recovery time, from the instant the
//       load stops to the first sample from which the output equals the wet render again, is measured
//       for several block sizes and loads, asserted and printed (docs/RELIABILITY.md).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <vector>

#include "mynah/engine/engine.h"
#include "overload_sessions.h"
#include "paced_audio.h"
#include "recovery_analysis.h"
#include "stalled_session.h"

using namespace mynah;
using namespace std::chrono_literals;

namespace {
constexpr double kRateHz = 48000.0;
constexpr double kSettleWindowMs = 300.0;  // recovery is looked for within this long after the load
constexpr double kSteadyMs = 50.0;         // recovered: the output equals the wet render for this long

// A tone with a little noise: no sample is exactly zero, so wet (0.0f) and dry never coincide.
std::vector<float> steadyInput(double seconds) {
    std::mt19937 rng(5);
    std::normal_distribution<float> noise(0.0f, 0.01f);
    std::vector<float> x(static_cast<size_t>(seconds * kRateHz));
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = 0.3f * static_cast<float>(std::sin(2.0 * 3.141592653589793 * 220.0 * static_cast<double>(i) / kRateHz)) + noise(rng);
    return x;
}

struct Episode {
    bool fullStall = false;
    double recoveryMs = 0.0;
    std::uint64_t xruns = 0;
    double dryExactShare = 0.0;  // deep in the load: output == input delayed by L
    double maxGainStep = 0.0;    // largest change of the wet gain per sample (the fade allows 1/fadeSamples)
};

struct StalledRun {
    int latencySamples = 0;
    int fadeSamples = 0;
    bool latencyConstant = true;
    std::uint64_t xrunsOutsideEpisodes = 0;  // spontaneous: the machine's load, not the injected one
    test::PacedRun paced;
    bool disturbed() const { return paced.disturbed() || xrunsOutsideEpisodes * 100 > static_cast<std::uint64_t>(paced.blocks); }
    std::vector<Episode> episodes;
};

// A load: the worker is held up from the block at fromSeconds to the block at untilSeconds (both rounded
// to block starts): each network call takes perCallDelay, or, when zero, the worker stops entirely.
struct Load {
    double fromSeconds = 0.0, untilSeconds = 0.0;
    std::chrono::microseconds perCallDelay{0};
};

StalledRun runStalled(int blockSamples, const std::vector<Load>& loads, double seconds) {
    auto control = std::make_shared<test::StallControl>();
    engine::PipelineConfig config;
    config.hostRateHz = kRateHz;
    config.maxBlockSamples = blockSamples;
    config.realtime = true;
    engine::Engine e(config);
    StalledRun run;
    run.latencySamples = e.setModel(std::make_unique<test::StalledSession>(std::make_unique<test::SilentSession>(), control));
    run.fadeSamples = engine::VoicePipeline::latencyFor(test::SilentSession().metadata(), config).fadeSamples;
    auto blockStart = [&](double t) { return static_cast<std::int64_t>(std::lround(t * kRateHz / blockSamples)) * blockSamples; };
    const auto x = steadyInput(seconds);
    std::vector<float> y(x.size(), 0.0f);
    std::vector<std::uint64_t> xrunsAfterBlock;
    run.paced = test::playPaced(std::chrono::steady_clock::now(), kRateHz, blockSamples, static_cast<std::int64_t>(x.size()),
                                [&](std::int64_t pos, int n) {
                                    for (const Load& load : loads) {
                                        if (pos == blockStart(load.fromSeconds)) control->begin(load.perCallDelay);
                                        if (pos == blockStart(load.untilSeconds)) control->end();
                                    }
                                    e.process(x.data() + pos, y.data() + pos, n);
                                    xrunsAfterBlock.push_back(e.xrunCount());
                                    if (e.latencySamples() != run.latencySamples) run.latencyConstant = false;
                                });
    const std::int64_t L = run.latencySamples, total = static_cast<std::int64_t>(xrunsAfterBlock.size()) * blockSamples;
    auto xrunsBefore = [&](std::int64_t sample) { return test::countBefore(xrunsAfterBlock, sample, blockSamples); };
    for (const Load& load : loads) {
        Episode ep;
        ep.fullStall = load.perCallDelay.count() == 0;
        const std::int64_t from = blockStart(load.fromSeconds), until = blockStart(load.untilSeconds);
        const std::int64_t settleEnd = std::min(total, until + static_cast<std::int64_t>(kSettleWindowMs * kRateHz / 1000.0));
        ep.xruns = xrunsBefore(settleEnd) - xrunsBefore(from);
        // Deep in the load (after what the worker had delivered before it was held up): the dry fallback.
        const std::int64_t deep = from + L + 2 * blockSamples + static_cast<std::int64_t>(0.01 * kRateHz);
        std::int64_t exact = 0;
        for (std::int64_t i = deep; i < until; ++i) exact += y[static_cast<size_t>(i)] == x[static_cast<size_t>(i - L)];
        ep.dryExactShare = until > deep ? static_cast<double>(exact) / static_cast<double>(until - deep) : 0.0;
        // With a silent wet signal, y = dry x (1 - g): read the wet gain g off every sample with a clear dry signal.
        std::int64_t previous = -1;
        double previousGain = 0.0;
        for (std::int64_t i = from; i < settleEnd; ++i) {
            const float dry = x[static_cast<size_t>(i - L)];
            if (std::fabs(dry) < 0.02f) continue;
            const double gain = 1.0 - static_cast<double>(y[static_cast<size_t>(i)]) / dry;
            if (previous >= 0)
                ep.maxGainStep = std::max(ep.maxGainStep, std::fabs(gain - previousGain) / static_cast<double>(i - previous));
            previous = i;
            previousGain = gain;
        }
        // Back to the wet render (exact silence) from this sample on, for at least kSteadyMs (a loaded
        // machine may cause a lone xrun later; that is not a failure to recover).
        const auto steady = static_cast<std::int64_t>(kSteadyMs * kRateHz / 1000.0);
        const std::int64_t back =
            test::firstRunFrom(until, settleEnd, steady, total, [&](std::int64_t i) { return y[static_cast<size_t>(i)] == 0.0f; });
        ep.recoveryMs = 1000.0 * static_cast<double>(back - until) / kRateHz;
        run.episodes.push_back(ep);
    }
    std::uint64_t inEpisodes = 0;
    for (const Episode& ep : run.episodes) inEpisodes += ep.xruns;
    run.xrunsOutsideEpisodes = e.xrunCount() - inEpisodes;
    return run;
}
}  // namespace

TEST_CASE("engine overload: a stalled worker falls back to the delayed dry signal with a 2 ms crossfade, "
          "latency constant, and the wet signal is back within 100 ms",
          "[engine][overload][recovery]") {
    // Two full stalls (the worker makes no progress) and one slow spell (each 10 ms network call takes 30 ms).
    const std::vector<Load> loads{{0.6, 1.1, 0us}, {1.7, 2.3, 30000us}, {2.9, 3.3, 0us}};
    std::vector<double> all;
    for (int block : {64, 256, 512, 2048}) {
        // A run the machine disturbed (its audio thread late, so the worker could not keep up whatever
        // the load) is tried again, up to three times; the recovery time is judged on undisturbed runs.
        StalledRun run = runStalled(block, loads, 3.7);
        for (int attempt = 1; attempt < 3 && run.disturbed(); ++attempt) run = runStalled(block, loads, 3.7);
        std::vector<double> recoveries;
        for (const Episode& ep : run.episodes) recoveries.push_back(ep.recoveryMs);
        const test::Spread s = test::spreadOf(recoveries);
        std::printf("overload recovery, stalled worker, %d-sample blocks at 48 kHz (latency %d samples, fade %d): "
                    "min %.2f ms, median %.2f ms, max %.2f ms; xruns per episode",
                    block, run.latencySamples, run.fadeSamples, s.min, s.median, s.max);
        for (const Episode& ep : run.episodes) std::printf(" %llu", static_cast<unsigned long long>(ep.xruns));
        std::printf(", elsewhere %llu; late blocks %lld of %lld%s%s\n", static_cast<unsigned long long>(run.xrunsOutsideEpisodes),
                    static_cast<long long>(run.paced.lateBlocks), static_cast<long long>(run.paced.blocks),
                    run.paced.realtimePriority ? ", audio thread SCHED_FIFO" : "", run.disturbed() ? " (disturbed)" : "");
        INFO("block " << block << ", late blocks " << run.paced.lateBlocks);
        CHECK(run.latencyConstant);
        for (const Episode& ep : run.episodes) {
            INFO((ep.fullStall ? "full stall" : "slow worker") << ": recovery " << ep.recoveryMs << " ms, xruns " << ep.xruns
                 << ", dry share " << ep.dryExactShare << ", max gain step " << ep.maxGainStep);
            CHECK(ep.xruns > 0);
            if (ep.fullStall) CHECK(ep.dryExactShare == 1.0);
            CHECK(ep.maxGainStep <= 1.0 / run.fadeSamples + 1e-3);
            if (run.disturbed())
                WARN("machine too loaded to judge the recovery time (" << run.paced.lateBlocks << " late blocks, "
                                                                        << run.xrunsOutsideEpisodes << " xruns without a load)");
            else CHECK(ep.recoveryMs <= 100.0);
            all.push_back(ep.recoveryMs);
        }
    }
    const test::Spread s = test::spreadOf(all);
    std::printf("overload recovery, stalled worker, all %zu episodes: min %.2f ms, median %.2f ms, max %.2f ms\n", all.size(), s.min,
                s.median, s.max);
}
