// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The worker's output to the audio thread as an indexed stream: the k-th sample the worker writes or
// skips is output index firstIndex + k. Shared by the voice pipeline and the MIDI instrument.
//
// A worker that was held up skips what is already too late to be heard, so that it catches up.
// Skipped samples are not pushed through the ring (a long stall's worth would not fit in it, and
// dropping part of them would lose the alignment for good: the audio thread would wait forever for
// samples that never come); they become a jump, a (position, length) record in a second small ring,
// which the audio thread steps over when its reading reaches that position. A jump of any length thus
// costs one record, and the samples written after it are in the ring, ready, at once. Should either
// ring ever be full, what does not fit joins the jump instead: samples may go missing (the audio thread
// falls back, an xrun), the alignment never does.
//
// Threads: construct (allocates) and prefill() off the audio thread, before either side runs. write(),
// skip(), writeIndex(): the worker (the producer) only. seek(), pop(), readIndex(): the audio thread
// (the consumer) only. No allocation, no lock, no wait on either side.
#include <algorithm>
#include <cstdint>

#include "mynah/dsp/spsc_ring.h"

namespace mynah::engine {

class OutputRing {
public:
    explicit OutputRing(size_t minCapacity, std::int64_t firstIndex = 0)
        : samples_(minCapacity), jumps_(std::max<size_t>(64, minCapacity / 64)), writeIndex_(firstIndex), readIndex_(firstIndex) {}

    // Before either side runs: n zeros at the start of the stream (the pipelines' latency margin).
    void prefill(const float* zeros, int n) { write(zeros, n); }

    // Worker: appends n samples at writeIndex().
    void write(const float* x, int n) {
        writeIndex_ += n;
        if (open_.length > 0) {
            if (jumps_.push(&open_, 1) != 1) {  // no room to record the jump yet: these samples join it
                open_.length += n;
                return;
            }
            open_ = {};
        }
        const size_t pushed = samples_.push(x, static_cast<size_t>(n));
        pushedSamples_ += pushed;
        if (pushed < static_cast<size_t>(n)) open_ = {pushedSamples_, static_cast<std::int64_t>(static_cast<size_t>(n) - pushed)};
    }
    // Worker: n samples at writeIndex() that are too late to be heard: not rendered, not pushed.
    void skip(int n) {
        writeIndex_ += n;
        if (open_.length == 0) open_.atSample = pushedSamples_;
        open_.length += n;
    }
    // Worker: the index of the next sample write() or skip() covers.
    std::int64_t writeIndex() const { return writeIndex_; }

    // Audio thread: drops what has arrived for indices before `index` and steps over the jumps it
    // reaches. Returns how many consecutive samples are ready from readIndex() on; readIndex() == index
    // when the stream has reached it (it can be behind: the worker is late).
    size_t seek(std::int64_t index) {
        for (;;) {
            if (!haveJump_) haveJump_ = jumps_.pop(&jump_, 1) == 1;
            // A jump is recorded after the samples before it, so those are all in the ring by now.
            size_t ready = haveJump_ ? static_cast<size_t>(jump_.atSample - poppedSamples_) : samples_.availableToRead();
            if (readIndex_ < index && ready > 0) {
                const size_t dropped = samples_.discard(std::min<size_t>(ready, static_cast<size_t>(index - readIndex_)));
                poppedSamples_ += dropped;
                readIndex_ += static_cast<std::int64_t>(dropped);
                ready -= dropped;
            }
            if (!haveJump_ || ready > 0) return ready;
            readIndex_ += jump_.length;  // reached the jump: step over it
            haveJump_ = false;
        }
    }
    // Audio thread: takes n samples (at most what seek() returned) from readIndex() on.
    void pop(float* out, size_t n) {
        const size_t popped = samples_.pop(out, n);
        poppedSamples_ += popped;
        readIndex_ += static_cast<std::int64_t>(popped);
    }
    // Audio thread: the output index of the next sample pop() returns.
    std::int64_t readIndex() const { return readIndex_; }

private:
    struct Jump {
        std::uint64_t atSample = 0;  // samples pushed into the ring before it
        std::int64_t length = 0;     // output samples it covers
    };

    dsp::SpscRing<float> samples_;
    dsp::SpscRing<Jump> jumps_;
    // worker
    std::int64_t writeIndex_;
    std::uint64_t pushedSamples_ = 0;
    Jump open_;  // the jump being extended by skip(), recorded before the next samples are pushed
    // audio thread
    std::int64_t readIndex_;
    std::uint64_t poppedSamples_ = 0;
    Jump jump_;  // the next jump, when haveJump_
    bool haveJump_ = false;
};

}  // namespace mynah::engine
