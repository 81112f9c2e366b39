// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Fixed integer delay (the engine's dry path, delayed by exactly the latency L so that dry and wet
// line up). Threads: construct outside the audio thread; process() on one thread, no allocation.
#include <algorithm>
#include <vector>

namespace mynah::engine {

class DelayLine {
public:
    explicit DelayLine(int delaySamples) : delay_(delaySamples), buffer_(static_cast<size_t>(delaySamples) + 1, 0.0f) {}

    int delaySamples() const { return delay_; }

    // out[i] = in[i - delay]; in and out may alias.
    void process(const float* in, float* out, int n) {
        const int size = static_cast<int>(buffer_.size());
        for (int i = 0; i < n; ++i) {
            buffer_[writePos_] = in[i];
            int readPos = writePos_ - delay_;
            if (readPos < 0) readPos += size;
            out[i] = buffer_[readPos];
            if (++writePos_ == size) writePos_ = 0;
        }
    }
    void reset() {
        std::fill(buffer_.begin(), buffer_.end(), 0.0f);
        writePos_ = 0;
    }

private:
    int delay_;
    std::vector<float> buffer_;
    int writePos_ = 0;
};

}  // namespace mynah::engine
