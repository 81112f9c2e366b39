// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Plays blocks at the pace of a sound card, for the real-time overload tests: block k (samples
// k*n .. k*n + n - 1) is processed at start + k*n/rate, never earlier; a block that is due already runs
// at once. Stream sample positions therefore map onto wall-clock time: sample p is due at start + p/rate.
//
// Like a real host's audio thread, the calling thread runs at a real-time priority (SCHED_FIFO) for the
// run where the system allows it (root or CAP_SYS_NICE), at its normal priority otherwise.
//
// Threads: the calling thread is the audio thread.
#include <pthread.h>
#include <sched.h>

#include <chrono>
#include <cstdint>
#include <thread>

namespace mynah::test {

struct PacedRun {
    std::int64_t blocks = 0;
    std::int64_t lateBlocks = 0;  // blocks that started over 2 ms after their time (a loaded machine)
    bool realtimePriority = false;
    // A run the machine disturbed: over 1 % of its blocks late.
    bool disturbed() const { return lateBlocks * 100 > blocks; }
};

// Raises the calling thread to SCHED_FIFO for its lifetime where allowed; puts it back afterwards.
class RealtimePriority {
public:
    RealtimePriority() {
        pthread_getschedparam(pthread_self(), &policy_, &param_);
        sched_param fifo{};
        fifo.sched_priority = 10;
        raised_ = pthread_setschedparam(pthread_self(), SCHED_FIFO, &fifo) == 0;
    }
    ~RealtimePriority() {
        if (raised_) pthread_setschedparam(pthread_self(), policy_, &param_);
    }
    RealtimePriority(const RealtimePriority&) = delete;
    RealtimePriority& operator=(const RealtimePriority&) = delete;
    bool raised() const { return raised_; }

private:
    int policy_ = SCHED_OTHER;
    sched_param param_{};
    bool raised_ = false;
};

// process(std::int64_t firstSample, int n) is called for every block until totalSamples.
template <class Process>
PacedRun playPaced(std::chrono::steady_clock::time_point start, double rateHz, int blockSamples, std::int64_t totalSamples,
                   Process&& process) {
    using Clock = std::chrono::steady_clock;
    const RealtimePriority priority;
    PacedRun run;
    run.realtimePriority = priority.raised();
    for (std::int64_t pos = 0; pos + blockSamples <= totalSamples; pos += blockSamples) {
        const auto due =
            start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(static_cast<double>(pos) / rateHz));
        std::this_thread::sleep_until(due);
        if (Clock::now() > due + std::chrono::milliseconds(2)) ++run.lateBlocks;
        process(pos, blockSamples);
        ++run.blocks;
    }
    return run;
}

}  // namespace mynah::test
