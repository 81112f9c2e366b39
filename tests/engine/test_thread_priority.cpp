// SPDX-License-Identifier: GPL-3.0-or-later
// Background work at a lower priority (thread_priority.h): the work runs on a thread of its own, at
// kBackgroundNiceness more than the caller, whose own priority (and so that of the inference workers
// it starts later) is unchanged; results and exceptions come back.
#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "mynah/engine/thread_priority.h"

using namespace mynah::engine;

TEST_CASE("background work runs on its own thread at lower priority, the caller's priority is kept", "[engine]") {
    const int before = currentThreadNiceness();
    REQUIRE(before + kBackgroundNiceness <= 19);  // room to lower it (the test runs at the normal priority)
    const auto caller = std::this_thread::get_id();
    const auto seen = runAtBackgroundPriority("mynah-test", [&] {
        return std::make_unique<std::pair<int, bool>>(currentThreadNiceness(), std::this_thread::get_id() != caller);
    });
    CHECK(seen->first == before + kBackgroundNiceness);
    CHECK(seen->second);
    CHECK(currentThreadNiceness() == before);
    int startedFromCaller = -100;
    std::thread([&] { startedFromCaller = currentThreadNiceness(); }).join();
    CHECK(startedFromCaller == before);  // a worker started by the caller afterwards is not slowed
}

TEST_CASE("background work's exception reaches the caller", "[engine]") {
    REQUIRE_THROWS_WITH(runAtBackgroundPriority("mynah-test", []() -> int { throw std::runtime_error("x.mynah: broken"); }),
                        "x.mynah: broken");
    CHECK(runAtBackgroundPriority("mynah-test", [] { return std::string("ok"); }) == "ok");
}
