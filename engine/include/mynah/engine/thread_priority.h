// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Background work (loading a model, learning a voice) runs at a lower CPU priority than audio: on a
// busy machine the scheduler then gives the audio thread and the inference worker the cores first, so
// a model change or a learn job costs the live signal as little as possible.
//
// A raised nice value cannot be lowered again without privilege, and threads inherit it. So a thread
// that will later start an inference worker (the model loaders build the pipeline that owns it) must
// not lower its own priority: it runs only the load itself at the lower priority, on a thread of its
// own (runAtBackgroundPriority).
//
// Threads: any non-real-time thread, for itself (never the audio thread or the inference worker).
#include <exception>
#include <optional>
#include <thread>
#include <utility>

namespace mynah::engine {

// Added to a background thread's nice value (Linux keeps one per thread; a process started from the
// thread inherits it). 10 of the 19 steps: on an idle machine the thread still runs at full speed.
inline constexpr int kBackgroundNiceness = 10;

// Raises the calling thread's nice value by `niceIncrement` (lowers its priority). Best effort: an
// unprivileged thread may always do this; where the system refuses, nothing changes.
void lowerCurrentThreadPriority(int niceIncrement = kBackgroundNiceness);

// The calling thread's nice value (for tests and reports).
int currentThreadNiceness();

// Names the calling thread (<= 15 characters, GUIDE.md §6) and lowers its priority.
void becomeBackgroundThread(const char* name);

// Runs `work` on a new thread named `name` at background priority and waits for it: returns what it
// returns, or rethrows what it throws. The calling thread's own priority is unchanged.
template <typename Work>
auto runAtBackgroundPriority(const char* name, Work work) -> decltype(work()) {
    std::optional<decltype(work())> result;
    std::exception_ptr error;
    std::thread thread([&] {
        becomeBackgroundThread(name);
        try {
            result.emplace(work());
        } catch (...) {
            error = std::current_exception();
        }
    });
    thread.join();
    if (error) std::rethrow_exception(error);
    return std::move(*result);
}

}  // namespace mynah::engine
