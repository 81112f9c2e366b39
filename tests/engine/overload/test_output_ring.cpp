// SPDX-License-Identifier: GPL-3.0-or-later
// engine::OutputRing (engine/include/mynah/engine/output_ring.h): skips of any length, rings that fill
// up, and a producer and a consumer on two threads: every sample the audio side takes is the one for
// its index, whatever was skipped or dropped.
#include <catch2/catch.hpp>

#include <atomic>
#include <random>
#include <thread>
#include <vector>

#include "mynah/engine/output_ring.h"

using mynah::engine::OutputRing;

namespace {
float valueAt(std::int64_t index) { return static_cast<float>(index % 1000003); }

void writeIndexed(OutputRing& ring, int n) {
    std::vector<float> x(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) x[static_cast<size_t>(i)] = valueAt(ring.writeIndex() + i);
    ring.write(x.data(), n);
}

// Pops n samples and checks each is the one for its index.
bool popChecked(OutputRing& ring, size_t n) {
    std::vector<float> y(n);
    const std::int64_t first = ring.readIndex();
    ring.pop(y.data(), n);
    for (size_t i = 0; i < n; ++i)
        if (y[i] != valueAt(first + static_cast<std::int64_t>(i))) return false;
    return true;
}
}  // namespace

TEST_CASE("output ring: a skip far longer than the ring is one jump, what follows it is ready at once", "[engine][output-ring]") {
    OutputRing ring(64);
    writeIndexed(ring, 10);
    ring.skip(100000);
    writeIndexed(ring, 5);
    REQUIRE(ring.writeIndex() == 100015);
    REQUIRE(ring.seek(0) == 10);
    REQUIRE(popChecked(ring, 10));
    REQUIRE(ring.seek(100010) == 5);  // steps over the jump
    REQUIRE(ring.readIndex() == 100010);
    REQUIRE(popChecked(ring, 5));
}

TEST_CASE("output ring: samples that do not fit become a jump, the stream stays aligned", "[engine][output-ring]") {
    OutputRing ring(64);
    writeIndexed(ring, 100);  // 64 fit, 36 do not
    writeIndexed(ring, 10);   // no room either
    REQUIRE(ring.seek(0) == 64);
    REQUIRE(popChecked(ring, 64));
    REQUIRE(ring.seek(64) == 0);  // the missing ones: not ready, never misplaced
    REQUIRE(ring.readIndex() == 100);
    writeIndexed(ring, 5);
    REQUIRE(ring.seek(110) == 5);
    REQUIRE(ring.readIndex() == 110);
    REQUIRE(popChecked(ring, 5));
}

TEST_CASE("output ring: a late reader drops what it has passed, a late writer is found missing", "[engine][output-ring]") {
    OutputRing ring(256, 1000);
    writeIndexed(ring, 50);
    REQUIRE(ring.seek(1020) == 30);
    REQUIRE(ring.readIndex() == 1020);
    REQUIRE(popChecked(ring, 30));
    REQUIRE(ring.seek(1100) == 0);
    REQUIRE(ring.readIndex() == 1050);  // behind: the worker is late
    ring.skip(40);
    writeIndexed(ring, 20);
    REQUIRE(ring.seek(1100) == 10);
    REQUIRE(popChecked(ring, 10));
}

TEST_CASE("output ring: producer and consumer threads, random writes, skips and reads", "[engine][output-ring]") {
    OutputRing ring(1024);
    std::atomic<bool> done{false};
    std::atomic<std::int64_t> consumerAt{0};
    std::thread producer([&] {
        std::mt19937 rng(3);
        std::vector<float> x(400);
        while (!done.load()) {
            // Like the workers: at most a margin ahead of the reader (they wait for input), skipping
            // what the reader has passed, stalling now and then.
            const int n = 1 + static_cast<int>(rng() % 300);
            if (ring.writeIndex() > consumerAt.load() + 2000) {
                std::this_thread::yield();
                continue;
            }
            if (ring.writeIndex() + n <= consumerAt.load()) {
                ring.skip(n);
            } else {
                for (int i = 0; i < n; ++i) x[static_cast<size_t>(i)] = valueAt(ring.writeIndex() + i);
                ring.write(x.data(), n);
            }
            if (rng() % 300 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(3));
        }
    });
    std::mt19937 rng(4);
    std::int64_t want = 0, taken = 0, checks = 0;
    bool intact = true;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (std::chrono::steady_clock::now() < until && intact) {
        const int n = 1 + static_cast<int>(rng() % 256);
        const size_t ready = ring.seek(want);
        if (ring.readIndex() == want) {
            const size_t take = std::min<size_t>(ready, static_cast<size_t>(n));
            intact = popChecked(ring, take);
            taken += static_cast<std::int64_t>(take);
            ++checks;
        }
        want += n;
        consumerAt.store(want);
        std::this_thread::sleep_for(std::chrono::microseconds(20));  // an audio thread's pace
    }
    done.store(true);
    producer.join();
    INFO("checked " << checks << " reads, " << taken << " samples");
    REQUIRE(intact);
    REQUIRE(taken > 0);
}
