// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A starved inference worker, for the overload tests: StalledSession wraps a session and holds up its
// run() calls while its StallControl says so. During a stall every call sleeps `perCallDelay` (the
// worker runs slower than real time), or, with a zero delay, until the stall ends (the worker makes no
// progress at all); either way a sleeping call wakes the moment end() is called, so the load stops at an
// exact instant, as when a busy neighbour finishes. The tests call begin() and end() from their audio
// thread right before the block at which the load starts and stops, so that instant is a known sample
// of the stream even when the machine makes a block late.
//
// Threads: begin() and end() on the test's audio thread (they lock a mutex: test code, not the engine);
// holdUp()/run() on the inference worker.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "mynah/runtime/inference_session.h"

namespace mynah::test {

class StallControl {
public:
    using Clock = std::chrono::steady_clock;

    void begin(std::chrono::microseconds perCallDelay) {
        std::lock_guard<std::mutex> lock(mutex_);
        stalled_ = true;
        perCallDelay_ = perCallDelay;
    }
    void end() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stalled_ = false;
        }
        changed_.notify_all();
    }

    // Worker thread: holds the caller up while stalled, as begin() asked.
    void holdUp() {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!stalled_) return;
        if (perCallDelay_.count() > 0) changed_.wait_until(lock, Clock::now() + perCallDelay_, [this] { return !stalled_; });
        else changed_.wait(lock, [this] { return !stalled_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool stalled_ = false;
    std::chrono::microseconds perCallDelay_{0};
};

class StalledSession final : public runtime::InferenceSession {
public:
    StalledSession(std::unique_ptr<runtime::InferenceSession> inner, std::shared_ptr<StallControl> control)
        : inner_(std::move(inner)), control_(std::move(control)) {}

    const runtime::ModelMetadata& metadata() const override { return inner_->metadata(); }
    const std::string& source() const override { return inner_->source(); }
    void resetState() override { inner_->resetState(); }
    void run(const float* features, int windowFrames, float* controls) override {
        control_->holdUp();
        inner_->run(features, windowFrames, controls);
    }

private:
    std::unique_ptr<runtime::InferenceSession> inner_;
    std::shared_ptr<StallControl> control_;
};

}  // namespace mynah::test
