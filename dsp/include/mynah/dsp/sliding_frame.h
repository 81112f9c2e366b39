// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Streaming framer: keeps the most recent `frameSamples` input samples and hands them out every
// `hopSamples` samples, whatever the sizes of the blocks pushed in.
//
// Frame k (k = 0, 1, ...) is handed out when input sample (k+1)*hop - 1 has arrived and holds input
// samples [(k+1)*hop - frameSamples, (k+1)*hop); samples before the stream start are zeros.
//
// Threads: construct/reset anywhere but the audio thread; push() from one thread at a time (audio or
// worker): it never allocates or locks.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace mynah::dsp {

class SlidingFrame {
public:
    SlidingFrame(int frameSamples, int hopSamples)
        : frameSamples_(frameSamples), hopSamples_(hopSamples), buffer_(static_cast<size_t>(frameSamples), 0.0f) {
        if (hopSamples < 1 || frameSamples < hopSamples)
            throw std::invalid_argument("SlidingFrame needs 1 <= hop <= frame size");
    }

    int frameSamples() const { return frameSamples_; }
    int hopSamples() const { return hopSamples_; }
    // Samples pushed since the last frame was handed out (0 .. hop-1).
    int pendingSamples() const { return filled_; }

    void reset() {
        std::fill(buffer_.begin(), buffer_.end(), 0.0f);
        filled_ = 0;
    }

    // Appends up to the next frame boundary; returns how many samples were taken (<= n).
    // When the return leaves frameReady() true, read frame() before pushing more.
    int pushUntilFrame(const float* x, int n) {
        const int m = std::min(n, hopSamples_ - filled_);
        std::memcpy(buffer_.data() + (frameSamples_ - hopSamples_ + filled_), x, sizeof(float) * static_cast<size_t>(m));
        filled_ += m;
        return m;
    }
    bool frameReady() const { return filled_ == hopSamples_; }
    const float* frame() const { return buffer_.data(); }

    // Call after reading a ready frame: slides the history by one hop.
    void advance() {
        std::memmove(buffer_.data(), buffer_.data() + hopSamples_,
                     sizeof(float) * static_cast<size_t>(frameSamples_ - hopSamples_));
        filled_ = 0;
    }

    // Pushes a block of any size and calls onFrame(const float* frame) for every completed frame.
    template <class OnFrame>
    void push(const float* x, int n, OnFrame&& onFrame) {
        while (n > 0) {
            const int m = pushUntilFrame(x, n);
            x += m;
            n -= m;
            if (frameReady()) {
                onFrame(frame());
                advance();
            }
        }
    }

private:
    int frameSamples_;
    int hopSamples_;
    int filled_ = 0;
    std::vector<float> buffer_;
};

}  // namespace mynah::dsp
