// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Judging and printing a soak (soak_driver.h): what counts as a failure, and the memory growth after
// the warm-up, from the samples taken at the start of each model cycle.
//
// Threads: any non-real-time thread.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "soak_driver.h"

namespace mynah::soak {

struct SoakLimits {
    double warmupSeconds = 30.0;                  // memory samples taken before this much audio are not judged
    std::int64_t maxMemoryGrowthBytes = 1 << 20;  // malloc in-use growth from the first judged sample to the last
    std::int64_t maxXruns = 0;                    // negative: xruns are reported, not judged
};

struct MemoryGrowth {
    bool judged = false;  // two or more cycle samples after the warm-up
    int samplesJudged = 0;
    MemorySample baseline, end;
    std::int64_t growthBytes = 0;            // end - baseline, malloc in use
    std::int64_t maxAboveBaselineBytes = 0;  // the largest judged sample - baseline, malloc in use
    std::int64_t residentGrowthBytes = 0;    // end - baseline, VmRSS
};

MemoryGrowth memoryGrowth(const SoakReport& report, double warmupSeconds);

// One line per failure; empty when the soak passed.
std::vector<std::string> soakFailures(const SoakReport& report, const SoakLimits& limits);

// A human-readable summary (and, with memoryLog, every memory sample as a table).
void printSoakReport(std::FILE* out, const SoakReport& report, const SoakLimits& limits, bool memoryLog = false);

}  // namespace mynah::soak
