// SPDX-License-Identifier: GPL-3.0-or-later
#include "soak_report.h"

#include <algorithm>

namespace mynah::soak {
namespace {
double mib(std::int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }
}  // namespace

MemoryGrowth memoryGrowth(const SoakReport& report, double warmupSeconds) {
    MemoryGrowth g;
    for (const MemorySample& s : report.memory) {
        if (s.cycle == 0 || s.audioSeconds < warmupSeconds) continue;
        if (g.samplesJudged++ == 0) g.baseline = s;
        g.end = s;
        g.maxAboveBaselineBytes = std::max(g.maxAboveBaselineBytes, s.memory.mallocInUseBytes - g.baseline.memory.mallocInUseBytes);
    }
    g.judged = g.samplesJudged >= 2;
    g.growthBytes = g.end.memory.mallocInUseBytes - g.baseline.memory.mallocInUseBytes;
    g.residentGrowthBytes = g.end.memory.residentBytes - g.baseline.memory.residentBytes;
    return g;
}

std::vector<std::string> soakFailures(const SoakReport& report, const SoakLimits& limits) {
    std::vector<std::string> failures = report.errors;
    if (report.nonFiniteSamples > 0)
        failures.push_back(std::to_string(report.nonFiniteSamples) + " output samples were NaN or infinite");
    if (report.samplesOverBound > 0)
        failures.push_back(std::to_string(report.samplesOverBound) + " output samples beyond the bound (peak " +
                           std::to_string(report.peakAbs) + ")");
    if (report.swapsCompleted + 1 < static_cast<std::uint64_t>(report.swapsRequested))
        failures.push_back("only " + std::to_string(report.swapsCompleted) + " of " + std::to_string(report.swapsRequested) +
                           " model swaps completed");
    if (limits.maxXruns >= 0 && report.xruns > static_cast<std::uint64_t>(limits.maxXruns))
        failures.push_back(std::to_string(report.xruns) + " xruns (at most " + std::to_string(limits.maxXruns) + " allowed)");
    const MemoryGrowth g = memoryGrowth(report, limits.warmupSeconds);
    if (!g.judged)
        failures.push_back("too short to judge memory: fewer than two model cycles after the " +
                           std::to_string(limits.warmupSeconds) + " s warm-up");
    else if (g.growthBytes > limits.maxMemoryGrowthBytes)
        failures.push_back("malloc in-use memory grew by " + std::to_string(g.growthBytes) + " bytes after the warm-up (at most " +
                           std::to_string(limits.maxMemoryGrowthBytes) + ")");
    return failures;
}

void printSoakReport(std::FILE* out, const SoakReport& r, const SoakLimits& limits, bool memoryLog) {
    std::fprintf(out, "soak (%s): %.1f s of audio in %.1f s wall, %lld blocks, %lld parameter changes\n",
                 r.realtime ? "real time" : "offline", r.audioSeconds, r.wallSeconds, static_cast<long long>(r.blocks),
                 static_cast<long long>(r.parameterChanges));
    std::fprintf(out,
                 "  swaps: %d requested, %llu completed; model load + warm-up mean %.1f ms, max %.1f ms; "
                 "latency %d .. %d samples\n",
                 r.swapsRequested, static_cast<unsigned long long>(r.swapsCompleted), r.loadMsMean, r.loadMsMax,
                 r.latencyMinSamples, r.latencyMaxSamples);
    std::fprintf(out,
                 "  output: %lld non-finite samples, %lld beyond the bound, peak |y| %.3f at %.2f s (%s, input %s ~L "
                 "earlier); xruns %llu (%llu while a model loaded, %llu within 1 s after a swap)",
                 static_cast<long long>(r.nonFiniteSamples), static_cast<long long>(r.samplesOverBound), r.peakAbs,
                 r.peakAtSeconds, r.peakModel.c_str(), r.peakInput.c_str(), static_cast<unsigned long long>(r.xruns),
                 static_cast<unsigned long long>(r.xrunsWhileLoading), static_cast<unsigned long long>(r.xrunsAfterSwaps));
    if (r.realtime)
        std::fprintf(out, "; audio thread %s, callbacks over 5 ms late (machine load) %lld",
                     r.realtimePriority ? "SCHED_FIFO" : "normal priority", static_cast<long long>(r.lateCallbacks));
    std::fprintf(out, "\n");
    if (!r.memory.empty())
        std::fprintf(out, "  memory at the start: malloc in use %.2f MiB, VmRSS %.1f MiB (%zu samples, one per model cycle)\n",
                     mib(r.memory.front().memory.mallocInUseBytes), mib(r.memory.front().memory.residentBytes),
                     r.memory.size());
    const MemoryGrowth g = memoryGrowth(r, limits.warmupSeconds);
    if (g.judged)
        std::fprintf(out,
                     "  memory after the %.0f s warm-up (cycle %d, %.1f s) to the end (cycle %d, %.1f s): "
                     "malloc in use %.3f -> %.3f MiB, growth %+lld bytes (largest %+lld); VmRSS %.1f -> %.1f MiB (%+.2f MiB)\n",
                     limits.warmupSeconds, g.baseline.cycle, g.baseline.audioSeconds, g.end.cycle, g.end.audioSeconds,
                     mib(g.baseline.memory.mallocInUseBytes), mib(g.end.memory.mallocInUseBytes),
                     static_cast<long long>(g.growthBytes),
                     static_cast<long long>(g.maxAboveBaselineBytes), mib(g.baseline.memory.residentBytes),
                     mib(g.end.memory.residentBytes), mib(g.residentGrowthBytes));
    if (memoryLog) {
        std::fprintf(out, "  cycle  audio_s   wall_s  malloc_in_use_bytes  vmrss_bytes\n");
        for (const MemorySample& s : r.memory)
            std::fprintf(out, "  %5d %8.1f %8.1f %20lld %12lld\n", s.cycle, s.audioSeconds, s.wallSeconds,
                         static_cast<long long>(s.memory.mallocInUseBytes), static_cast<long long>(s.memory.residentBytes));
    }
}

}  // namespace mynah::soak
