// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Converts ticks to seconds through the tempo changes of all tracks (one global tempo map, as the
// SMF standard says for format 1). Threads: any except a real-time audio thread (construction allocates).
#include <utility>
#include <vector>

#include "track_parser.h"

namespace mynah::midi {

class TempoMap {
public:
    // `changes` in any order; several at one tick: the last in the given order wins.
    // The tempo is kDefaultMicrosecondsPerQuarter before the first change. ticksPerQuarter > 0.
    TempoMap(std::vector<TempoChange> changes, int ticksPerQuarter);

    double secondsAt(long long tick) const;  // tick >= 0

    // The changes as (seconds, microseconds per quarter), one per tick, sorted.
    std::vector<std::pair<double, double>> changesInSeconds() const;

private:
    struct Segment {
        long long startTick = 0;
        double startSeconds = 0.0;
        int microsecondsPerQuarter = kDefaultMicrosecondsPerQuarter;
        bool fromFile = false;  // false only for the default tempo before the first change
    };

    double secondsAfterStart(const Segment& segment, long long tick) const;

    int ticksPerQuarter_;
    std::vector<Segment> segments_;  // sorted by startTick, the first one at tick 0
};

}  // namespace mynah::midi
