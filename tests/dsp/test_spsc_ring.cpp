// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <atomic>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "mynah/dsp/spsc_ring.h"

using mynah::dsp::SpscRing;

TEST_CASE("ring: capacity is a power of two, pushes stop when full, pops return what was pushed", "[ring]") {
    SpscRing<float> ring(100);
    CHECK(ring.capacity() == 128);
    std::vector<float> in(200);
    for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i);
    CHECK(ring.push(in.data(), 200) == 128);
    CHECK(ring.availableToWrite() == 0);
    std::vector<float> out(200);
    CHECK(ring.peek(out.data(), 5) == 5);
    CHECK(ring.availableToRead() == 128);
    CHECK(ring.pop(out.data(), 100) == 100);
    for (size_t i = 0; i < 100; ++i) REQUIRE(out[i] == static_cast<float>(i));
    CHECK(ring.push(in.data() + 128, 72) == 72);  // wraps around the end
    CHECK(ring.pop(out.data(), 200) == 100);
    for (size_t i = 0; i < 100; ++i) REQUIRE(out[i] == static_cast<float>(100 + i));
    CHECK(ring.pop(out.data(), 1) == 0);
}

TEST_CASE("ring: two-thread stress keeps every item, in order", "[ring]") {
    SpscRing<std::uint32_t> ring(1000);
    constexpr std::uint32_t kTotal = 3'000'000;
    std::atomic<bool> failed{false};
    std::thread producer([&] {
        std::mt19937 rng(1);
        std::vector<std::uint32_t> chunk(700);
        std::uint32_t next = 0;
        while (next < kTotal) {
            const size_t want = std::min<size_t>(rng() % chunk.size() + 1, kTotal - next);
            for (size_t i = 0; i < want; ++i) chunk[i] = next + static_cast<std::uint32_t>(i);
            next += static_cast<std::uint32_t>(ring.push(chunk.data(), want));
        }
    });
    std::thread consumer([&] {
        std::mt19937 rng(2);
        std::vector<std::uint32_t> chunk(900);
        std::uint32_t expected = 0;
        while (expected < kTotal) {
            const size_t got = ring.pop(chunk.data(), rng() % chunk.size() + 1);
            for (size_t i = 0; i < got; ++i)
                if (chunk[i] != expected++) failed = true;
        }
    });
    producer.join();
    consumer.join();
    CHECK_FALSE(failed);
    CHECK(ring.availableToRead() == 0);
}
