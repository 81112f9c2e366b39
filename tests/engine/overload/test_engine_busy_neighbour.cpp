// SPDX-License-Identifier: GPL-3.0-or-later
// The voice engine against a real busy neighbour: its inference worker (a stand-in network that burns
// 2.5 ms of CPU per 10 ms chunk, like a real one) is pinned to one CPU, the paced audio thread to
// another, and six threads spin on the worker's CPU for a while (busy_neighbour.h), leaving the worker
// about a seventh of it. While they spin: the latency stays L, xruns count, the output is mostly the
// dry signal delayed by L. After they stop: the wet signal is back within 100 ms, lined up as before
// (its envelope matches an offline render at lag 0). Needs two CPUs; skipped with one.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "../engine_test_support.h"
#include "../fake_session.h"
#include "busy_neighbour.h"
#include "mynah/engine/engine.h"
#include "overload_sessions.h"
#include "paced_audio.h"
#include "recovery_analysis.h"

using namespace mynah;
using namespace std::chrono_literals;

namespace {
constexpr double kRateHz = 48000.0;
constexpr int kBlock = 256;

// RMS envelope with 1 ms hops over 20 ms windows (several periods of the voice), from `from` to `to`.
std::vector<double> envelope(const std::vector<float>& y, std::int64_t from, std::int64_t to) {
    std::vector<double> e;
    for (std::int64_t i = from; i + 960 <= to; i += 48) {
        double sum = 0.0;
        for (std::int64_t j = i; j < i + 960; ++j) sum += static_cast<double>(y[static_cast<size_t>(j)]) * y[static_cast<size_t>(j)];
        e.push_back(std::sqrt(sum / 960.0));
    }
    return e;
}

// The lag (ms, -20 .. 20) at which a's envelope best matches b's (least mean absolute difference).
int bestLagMs(const std::vector<double>& a, const std::vector<double>& b) {
    int best = 0;
    double bestDistance = 1e300;
    for (int lag = -20; lag <= 20; ++lag) {
        double distance = 0.0;
        for (size_t i = 20; i + 20 < a.size() && i + 20 < b.size(); ++i)
            distance += std::fabs(a[i] - b[static_cast<size_t>(static_cast<long>(i) + lag)]);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = lag;
        }
    }
    return best;
}
}  // namespace

TEST_CASE("engine overload: a busy neighbour on the worker's CPU, latency constant, dry fallback, wet again within 100 ms",
          "[engine][overload][neighbour]") {
    const std::vector<int> cpus = test::usableCpus();
    if (cpus.size() < 2) {
        WARN("needs two CPUs, this process may use " << cpus.size());
        return;
    }
    const int audioCpu = cpus[0], workerCpu = cpus[1];
    const double loads[][2] = {{1.0, 2.0}, {2.8, 3.4}};
    const double seconds = 4.4;
    const auto x = test::speechLike(kRateHz, seconds, 11);

    engine::PipelineConfig config;
    config.hostRateHz = kRateHz;
    config.maxBlockSamples = kBlock;
    config.realtime = false;
    std::vector<float> reference(x.size());
    {
        engine::Engine offline(config);
        offline.setModel(test::makeFake(2, 0));
        offline.process(x.data(), reference.data(), static_cast<int>(x.size()));
    }
    config.realtime = true;

    struct Result {
        int latency = 0;
        bool latencyConstant = true;
        std::vector<double> recoveryMs, dryShare;
        std::vector<std::uint64_t> xruns;
        int lagMs = 99;
        test::PacedRun paced;
    };
    auto runOnce = [&] {
        Result r;
        engine::Engine e(config);
        // The worker inherits the CPU set of the thread that builds the pipeline.
        std::thread([&] {
            test::pinCallingThread({workerCpu});
            r.latency = e.setModel(std::make_unique<test::CpuBoundSession>(test::makeFake(2, 0), 2500us));
        }).join();
        const std::vector<int> allCpus = cpus;
        test::pinCallingThread({audioCpu});
        test::BusyNeighbour neighbour(workerCpu, 6);
        std::vector<float> y(x.size(), 0.0f);
        std::vector<std::uint64_t> xrunsAfter;
        auto blockAt = [](double t) { return static_cast<std::int64_t>(std::lround(t * kRateHz / kBlock)) * kBlock; };
        r.paced = test::playPaced(std::chrono::steady_clock::now(), kRateHz, kBlock, static_cast<std::int64_t>(x.size()),
                                  [&](std::int64_t pos, int n) {
                                      for (const auto& load : loads) {
                                          if (pos == blockAt(load[0])) neighbour.on();
                                          if (pos == blockAt(load[1])) neighbour.off();
                                      }
                                      e.process(x.data() + pos, y.data() + pos, n);
                                      xrunsAfter.push_back(e.xrunCount());
                                      if (e.latencySamples() != r.latency) r.latencyConstant = false;
                                  });
        test::pinCallingThread(allCpus);
        const std::int64_t L = r.latency, end = static_cast<std::int64_t>(xrunsAfter.size()) * kBlock;
        auto xrunIn = [&](std::int64_t block) {
            return xrunsAfter[static_cast<size_t>(block)] != (block > 0 ? xrunsAfter[static_cast<size_t>(block - 1)] : 0);
        };
        for (const auto& load : loads) {
            const std::int64_t from = blockAt(load[0]), until = blockAt(load[1]);
            r.xruns.push_back(xrunsAfter[static_cast<size_t>(until / kBlock + 60)] - xrunsAfter[static_cast<size_t>(from / kBlock - 1)]);
            std::int64_t dry = 0;
            const std::int64_t deep = from + L + static_cast<std::int64_t>(0.1 * kRateHz);
            for (std::int64_t i = deep; i < until; ++i) dry += y[static_cast<size_t>(i)] == x[static_cast<size_t>(i - L)];
            r.dryShare.push_back(static_cast<double>(dry) / static_cast<double>(until - deep));
            // Back: the first on-time block that starts 50 ms without an xrun; wet once its 2 ms fade is done.
            const std::int64_t steadyBlocks = static_cast<std::int64_t>(0.05 * kRateHz) / kBlock + 1;
            const std::int64_t firstBlock = test::firstRunFrom(until / kBlock, until / kBlock + 60, steadyBlocks, end / kBlock,
                                                               [&](std::int64_t b) { return !xrunIn(b); });
            r.recoveryMs.push_back(1000.0 * static_cast<double>(firstBlock * kBlock - until) / kRateHz + 2.0);
        }
        // After the last load: lined up with the offline render, envelope for envelope.
        const std::int64_t tail = blockAt(loads[1][1]) + static_cast<std::int64_t>(0.2 * kRateHz);
        r.lagMs = bestLagMs(envelope(y, tail, end), envelope(reference, tail, end));
        return r;
    };
    Result r = runOnce();
    for (int attempt = 1; attempt < 3 && r.paced.disturbed(); ++attempt) r = runOnce();

    std::printf("overload recovery, busy neighbour (6 spinning threads on the worker's CPU), %d-sample blocks at 48 kHz: "
                "recovery %.2f / %.2f ms; xruns %llu / %llu; dry share deep in the load %.2f / %.2f; envelope lag after %d ms; "
                "late blocks %lld of %lld%s\n",
                kBlock, r.recoveryMs[0], r.recoveryMs[1], static_cast<unsigned long long>(r.xruns[0]),
                static_cast<unsigned long long>(r.xruns[1]), r.dryShare[0], r.dryShare[1], r.lagMs,
                static_cast<long long>(r.paced.lateBlocks), static_cast<long long>(r.paced.blocks),
                r.paced.realtimePriority ? ", audio thread SCHED_FIFO" : "");
    CHECK(r.latencyConstant);
    // The envelopes are on a 1 ms grid and the tail can still hold a late block on a busy machine (seen:
    // 2 ms in a loaded CI run); a stream that lost its alignment would be off by a host block (5.3 ms) or more.
    CHECK(std::abs(r.lagMs) <= 2);
    for (size_t i = 0; i < r.xruns.size(); ++i) {
        INFO("load " << i << ": xruns " << r.xruns[i] << ", dry share " << r.dryShare[i] << ", recovery " << r.recoveryMs[i] << " ms");
        CHECK(r.xruns[i] > 0);
        CHECK(r.dryShare[i] > 0.5);
        if (r.paced.disturbed()) WARN("machine too loaded to judge the recovery time");
        else CHECK(r.recoveryMs[i] <= 100.0);
    }
}
