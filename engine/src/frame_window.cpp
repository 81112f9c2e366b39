// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/engine/frame_window.h"

#include <algorithm>
#include <cstring>

namespace mynah::engine {

FrameWindow::FrameWindow(const runtime::ModelMetadata& metadata, int chunkFrames)
    : metadata_(metadata), chunkFrames_(chunkFrames),
      windowFrames_(metadata.contextFrames + chunkFrames + metadata.lookaheadFrames), inputs_(metadata.numInputs()),
      window_(static_cast<size_t>(windowFrames_) * inputs_, 0.0f),
      loudness_(static_cast<size_t>(windowFrames_), dsp::kLoudnessFloorDb) {}

void FrameWindow::reset() {
    std::fill(window_.begin(), window_.end(), 0.0f);
    std::fill(loudness_.begin(), loudness_.end(), dsp::kLoudnessFloorDb);
    pendingFrames_ = 0;
    firstChunk_ = true;
    heldF0Hz_ = 0.0f;
}

bool FrameWindow::append(const dsp::FeatureFrame& frame) {
    // Slide by one frame and write the new one last.
    std::memmove(window_.data(), window_.data() + inputs_, sizeof(float) * static_cast<size_t>((windowFrames_ - 1) * inputs_));
    float* v = window_.data() + static_cast<size_t>(windowFrames_ - 1) * inputs_;
    std::copy(loudness_.begin() + 1, loudness_.end(), loudness_.begin());
    loudness_.back() = frame.loudnessDb;
    heldF0Hz_ = heldF0(heldF0Hz_, frame);
    for (runtime::FeatureInput input : metadata_.inputs) {
        switch (input) {
            case runtime::FeatureInput::F0Hz: *v++ = heldF0Hz_; break;
            case runtime::FeatureInput::Voiced: *v++ = frame.voiced ? 1.0f : 0.0f; break;
            case runtime::FeatureInput::VoicingConfidence: *v++ = frame.voicingConfidence; break;
            case runtime::FeatureInput::LoudnessDb: *v++ = frame.loudnessDb; break;
            case runtime::FeatureInput::LogMel:
                std::copy(frame.logMel, frame.logMel + metadata_.numMels, v);
                v += metadata_.numMels;
                break;
        }
    }
    ++pendingFrames_;
    const int needed = chunkFrames_ + (firstChunk_ ? metadata_.lookaheadFrames : 0);
    if (pendingFrames_ < needed) return false;
    firstChunk_ = false;
    return true;
}

}  // namespace mynah::engine
