// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Lock-free single-producer / single-consumer ring of trivially copyable items.
//
// Threads: construct (allocates) outside the audio thread. Exactly one thread calls push()/
// availableToWrite() and exactly one thread calls pop()/peek()/availableToRead(); those never
// allocate, lock or block. clear() only while neither side is running. pop/peek/discard: consumer.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "mynah/dsp/power_of_two.h"

namespace mynah::dsp {

template <class T>
class SpscRing {
    static_assert(std::is_trivially_copyable_v<T>, "SpscRing holds trivially copyable items");

public:
    // Holds at least minCapacity items (rounded up to a power of two).
    explicit SpscRing(size_t minCapacity) {
        if (minCapacity < 1 || minCapacity > (size_t{1} << 40)) throw std::invalid_argument("SpscRing capacity");
        storage_.resize(nextPowerOfTwo(minCapacity));
        mask_ = storage_.size() - 1;
    }

    size_t capacity() const { return storage_.size(); }

    size_t availableToRead() const {
        return writeIndex_.load(std::memory_order_acquire) - readIndex_.load(std::memory_order_relaxed);
    }
    size_t availableToWrite() const {
        return capacity() - (writeIndex_.load(std::memory_order_relaxed) - readIndex_.load(std::memory_order_acquire));
    }

    // Producer: copies up to n items in; returns how many fit.
    size_t push(const T* items, size_t n) {
        const size_t write = writeIndex_.load(std::memory_order_relaxed);
        const size_t read = readIndex_.load(std::memory_order_acquire);
        n = std::min(n, capacity() - (write - read));
        copyIn(write, items, n);
        writeIndex_.store(write + n, std::memory_order_release);
        return n;
    }

    // Consumer: copies up to n items out without consuming them; returns how many.
    size_t peek(T* items, size_t n) const {
        const size_t read = readIndex_.load(std::memory_order_relaxed);
        const size_t write = writeIndex_.load(std::memory_order_acquire);
        n = std::min(n, write - read);
        copyOut(read, items, n);
        return n;
    }

    // Consumer: copies up to n items out and consumes them; returns how many.
    size_t pop(T* items, size_t n) {
        n = peek(items, n);
        readIndex_.store(readIndex_.load(std::memory_order_relaxed) + n, std::memory_order_release);
        return n;
    }

    // Consumer: drops up to n items without copying them; returns how many.
    size_t discard(size_t n) {
        const size_t read = readIndex_.load(std::memory_order_relaxed);
        n = std::min(n, writeIndex_.load(std::memory_order_acquire) - read);
        readIndex_.store(read + n, std::memory_order_release);
        return n;
    }

    void clear() {
        writeIndex_.store(0);
        readIndex_.store(0);
    }

private:
    // Each memcpy only with something to copy: a caller may pass an empty buffer (a null pointer) with
    // n = 0, and memcpy with a null pointer is undefined even for 0 bytes (UBSan reports it).
    void copyIn(size_t index, const T* items, size_t n) {
        const size_t start = index & mask_;
        const size_t first = std::min(n, capacity() - start);
        if (first > 0) std::memcpy(storage_.data() + start, items, first * sizeof(T));
        if (n > first) std::memcpy(storage_.data(), items + first, (n - first) * sizeof(T));
    }
    void copyOut(size_t index, T* items, size_t n) const {
        const size_t start = index & mask_;
        const size_t first = std::min(n, capacity() - start);
        if (first > 0) std::memcpy(items, storage_.data() + start, first * sizeof(T));
        if (n > first) std::memcpy(items + first, storage_.data(), (n - first) * sizeof(T));
    }

    std::vector<T> storage_;
    size_t mask_ = 0;
    // Each index on its own cache line so producer and consumer do not false-share.
    alignas(64) std::atomic<size_t> writeIndex_{0};
    alignas(64) std::atomic<size_t> readIndex_{0};
};

}  // namespace mynah::dsp
