// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/engine/frame_window.h"

#include <algorithm>
#include <cstring>

namespace mynah::engine {

FrameWindow::FrameWindow(const runtime::ModelMetadata& metadata, int chunkFrames)
    : metadata_(metadata), chunkFrames_(chunkFrames),
      windowFrames_(metadata.contextFrames + chunkFrames + metadata.lookaheadFrames), inputs_(metadata.numInputs()),
      window_(static_cast<size_t>(windowFrames_) * inputs_, 0.0f),
      gateOpen_(static_cast<size_t>(windowFrames_), 0) {
    if (metadata.hasInstrument) instrument_.emplace(metadata.instrument, metadata.voicingThreshold);
}

void FrameWindow::reset() {
    std::fill(window_.begin(), window_.end(), 0.0f);
    std::fill(gateOpen_.begin(), gateOpen_.end(), 0);
    if (instrument_) instrument_->reset();
    pendingFrames_ = 0;
    firstChunk_ = true;
    heldF0Hz_ = 0.0f;
}

bool FrameWindow::append(const dsp::FeatureFrame& frame) {
    // Slide by one frame and write the new one last.
    std::memmove(window_.data(), window_.data() + inputs_, sizeof(float) * static_cast<size_t>((windowFrames_ - 1) * inputs_));
    float* v = window_.data() + static_cast<size_t>(windowFrames_ - 1) * inputs_;
    std::copy(gateOpen_.begin() + 1, gateOpen_.end(), gateOpen_.begin());
    heldF0Hz_ = heldF0(heldF0Hz_, frame);
    float f0Hz = heldF0Hz_;
    float loudnessDb = frame.loudnessDb;
    if (instrument_) {
        const InstrumentFrame shaped = instrument_->shape(frame, gateDb_, transposeSemitones_);
        f0Hz = shaped.f0Hz;
        loudnessDb = shaped.loudnessDb;
        // the release ramp still sounds after the gate closes
        gateOpen_.back() = shaped.loudnessDb > dsp::kLoudnessFloorDb ? 1 : 0;
    } else {
        gateOpen_.back() = frame.loudnessDb >= gateDb_ ? 1 : 0;
    }
    for (runtime::FeatureInput input : metadata_.inputs) {
        switch (input) {
            case runtime::FeatureInput::F0Hz: *v++ = f0Hz; break;
            case runtime::FeatureInput::Voiced: *v++ = frame.voiced ? 1.0f : 0.0f; break;
            case runtime::FeatureInput::VoicingConfidence: *v++ = frame.voicingConfidence; break;
            case runtime::FeatureInput::LoudnessDb: *v++ = loudnessDb; break;
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
