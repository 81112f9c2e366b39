// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading recovery off a rendered output, for the overload tests.
//
// Threads: any (pure functions).
#include <algorithm>
#include <cstdint>
#include <vector>

namespace mynah::test {

// The first sample in [from, to) that starts a run of `length` samples that are all as wanted (a run may
// end at `end`, the end of the data); `to` when there is none.
template <class IsWanted>
std::int64_t firstRunFrom(std::int64_t from, std::int64_t to, std::int64_t length, std::int64_t end, IsWanted&& isWanted) {
    std::int64_t runStart = from;
    for (std::int64_t i = from; i < end; ++i) {
        if (!isWanted(i)) {
            runStart = i + 1;
            if (runStart >= to) return to;
            continue;
        }
        if (i + 1 - runStart >= length) return runStart;
    }
    return runStart < to ? runStart : to;
}

// A per-block running count (e.g. the xrun counter read after each block of `blockSamples`): its value
// after the blocks that end at or before `sample`'s block begins.
inline std::uint64_t countBefore(const std::vector<std::uint64_t>& afterBlock, std::int64_t sample, int blockSamples) {
    const std::int64_t blocks = std::min<std::int64_t>(sample / blockSamples, static_cast<std::int64_t>(afterBlock.size()));
    return blocks <= 0 ? 0 : afterBlock[static_cast<size_t>(blocks - 1)];
}

struct Spread {
    double min = 0.0, median = 0.0, max = 0.0;
};

inline Spread spreadOf(std::vector<double> v) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    const size_t mid = v.size() / 2;
    const double median = v.size() % 2 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
    return {v.front(), median, v.back()};
}

}  // namespace mynah::test
