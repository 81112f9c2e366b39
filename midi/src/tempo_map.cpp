// SPDX-License-Identifier: GPL-3.0-or-later
#include "tempo_map.h"

#include <algorithm>
#include <iterator>

namespace mynah::midi {

namespace {
constexpr double kMicrosecondsPerSecond = 1e6;
}

TempoMap::TempoMap(std::vector<TempoChange> changes, int ticksPerQuarter) : ticksPerQuarter_(ticksPerQuarter) {
    std::stable_sort(changes.begin(), changes.end(),
                     [](const TempoChange& a, const TempoChange& b) { return a.tick < b.tick; });
    segments_.push_back(Segment{});
    for (const TempoChange& change : changes) {
        Segment& last = segments_.back();
        if (change.tick == last.startTick) {  // replaces the tempo at that tick
            last.microsecondsPerQuarter = change.microsecondsPerQuarter;
            last.fromFile = true;
        } else {
            const double startSeconds = secondsAfterStart(last, change.tick);
            segments_.push_back({change.tick, startSeconds, change.microsecondsPerQuarter, true});
        }
    }
}

double TempoMap::secondsAt(long long tick) const {
    const auto after = std::upper_bound(segments_.begin(), segments_.end(), tick,
                                        [](long long t, const Segment& segment) { return t < segment.startTick; });
    return secondsAfterStart(*std::prev(after), tick);
}

std::vector<std::pair<double, double>> TempoMap::changesInSeconds() const {
    std::vector<std::pair<double, double>> changes;
    for (const Segment& segment : segments_)
        if (segment.fromFile) changes.emplace_back(segment.startSeconds, segment.microsecondsPerQuarter);
    return changes;
}

double TempoMap::secondsAfterStart(const Segment& segment, long long tick) const {
    const double ticksSinceStart = static_cast<double>(tick - segment.startTick);
    return segment.startSeconds +
           ticksSinceStart * segment.microsecondsPerQuarter / (kMicrosecondsPerSecond * ticksPerQuarter_);
}

}  // namespace mynah::midi
