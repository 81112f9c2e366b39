// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Maps control frames (one per hop at the control/model rate) onto output samples at any output
// rate: frame k spans output samples [start(k), start(k+1)) with
// start(k) = floor(k * hopSamples * outputRate / controlRate), computed exactly in integers when both
// rates are whole numbers of Hz. So the frame lengths at the output rate may differ by one sample
// but never drift.
//
// Threads: any; no allocation.
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace mynah::dsp {

class FrameClock {
public:
    FrameClock(double controlRateHz, int hopSamples, double outputRateHz)
        : controlRateHz_(controlRateHz), outputRateHz_(outputRateHz), hopSamples_(hopSamples) {
        if (!(controlRateHz > 0.0) || !(outputRateHz > 0.0) || hopSamples < 1)
            throw std::invalid_argument("FrameClock needs positive rates and hop");
        integral_ = controlRateHz == std::floor(controlRateHz) && outputRateHz == std::floor(outputRateHz);
    }

    std::int64_t frameStart(std::int64_t frame) const {
        if (integral_)
            return frame * hopSamples_ * static_cast<std::int64_t>(outputRateHz_) /
                   static_cast<std::int64_t>(controlRateHz_);
        return static_cast<std::int64_t>(std::floor(static_cast<double>(frame) * hopSamples_ * outputRateHz_ / controlRateHz_ + 1e-9));
    }
    int frameLength(std::int64_t frame) const { return static_cast<int>(frameStart(frame + 1) - frameStart(frame)); }
    int maxFrameLength() const {
        return static_cast<int>(std::ceil(hopSamples_ * outputRateHz_ / controlRateHz_)) + 1;
    }

private:
    double controlRateHz_;
    double outputRateHz_;
    int hopSamples_;
    bool integral_ = true;
};

}  // namespace mynah::dsp
