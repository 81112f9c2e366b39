// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A real busy neighbour, for the overload tests: threads pinned to one CPU that spin while switched on,
// so that whatever else runs on that CPU (an inference worker pinned there) gets only its share of it.
// Pinning helpers: the CPUs this process may use, and pinning the calling thread (threads it starts
// inherit its CPU set, which is how a worker started by Engine::setModel() lands on a chosen CPU).
//
// Threads: construct, on(), off() and destroy on one test thread; the spinners are its own threads.
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <thread>
#include <vector>

namespace mynah::test {

inline std::vector<int> usableCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    std::vector<int> cpus;
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return cpus;
    for (int c = 0; c < CPU_SETSIZE; ++c)
        if (CPU_ISSET(c, &set)) cpus.push_back(c);
    return cpus;
}

inline bool pinCallingThread(const std::vector<int>& cpus) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int c : cpus) CPU_SET(c, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0;
}

class BusyNeighbour {
public:
    BusyNeighbour(int cpu, int threads) {
        for (int t = 0; t < threads; ++t)
            spinners_.emplace_back([this, cpu] {
                pinCallingThread({cpu});
                for (;;) {
                    busy_.wait(false);  // asleep (no CPU) while off
                    if (quit_.load()) return;
                    while (busy_.load(std::memory_order_relaxed) && !quit_.load(std::memory_order_relaxed)) {
                    }
                }
            });
    }
    ~BusyNeighbour() {
        quit_.store(true);
        on();  // wakes every spinner; each sees quit_ and returns
        for (std::thread& t : spinners_) t.join();
    }
    BusyNeighbour(const BusyNeighbour&) = delete;
    BusyNeighbour& operator=(const BusyNeighbour&) = delete;

    void on() {
        busy_.store(true);
        busy_.notify_all();
    }
    void off() { busy_.store(false); }

private:
    std::atomic<bool> busy_{false}, quit_{false};
    std::vector<std::thread> spinners_;
};

}  // namespace mynah::test
