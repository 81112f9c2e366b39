// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Hands an object to the audio thread and takes it back safely, without locks: the message thread
// set()s a pointer; the audio thread brackets each use with acquire()/release(); clearAndWait()
// removes the pointer and returns once the audio thread can no longer be using the old object, which
// may then be destroyed. (Sequentially consistent flag + pointer, plus a use counter so the wait ends
// even when callbacks follow each other closely.)
//
// Threads: set(), clearAndWait(): message thread (one non-real-time thread). acquire(), release():
// audio thread (one), never block. With no audio thread running, clearAndWait() returns at once.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace mynah::recorder {

template <class T>
class AudioSlot {
public:
    // Audio thread: the current object or null; call release() when done with it.
    T* acquire() {
        inUse_.store(true, std::memory_order_seq_cst);
        return object_.load(std::memory_order_seq_cst);
    }
    void release() {
        inUse_.store(false, std::memory_order_seq_cst);
        uses_.fetch_add(1, std::memory_order_seq_cst);
    }

    // Message thread.
    void set(T* object) { object_.store(object, std::memory_order_seq_cst); }
    T* get() const { return object_.load(std::memory_order_seq_cst); }
    void clearAndWait() {
        object_.store(nullptr, std::memory_order_seq_cst);
        const std::uint64_t uses = uses_.load(std::memory_order_seq_cst);
        while (inUse_.load(std::memory_order_seq_cst) && uses_.load(std::memory_order_seq_cst) == uses)
            std::this_thread::sleep_for(std::chrono::microseconds(200));
    }

private:
    std::atomic<T*> object_{nullptr};
    std::atomic<bool> inUse_{false};
    std::atomic<std::uint64_t> uses_{0};
};

}  // namespace mynah::recorder
