// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Turns feature frames into the network's input window (docs/MODEL_FORMAT.md): each frame's input
// vector in the model's declared order (F0 held through unvoiced frames), kept in a sliding window of
// contextFrames + chunkFrames + lookaheadFrames frames (zeros before the stream start). A chunk is
// ready when chunkFrames new frames (plus the look-ahead, for the first chunk) have arrived.
// It also decides, per frame, whether the output gate is open: for a voice, the input is at least
// gateDb loud; for an instrument (effect mode), InstrumentInput's gate with hysteresis, which also maps
// the input's pitch into the instrument's range and shapes the loudness the network gets.
//
// Threads: construct outside the audio thread; the rest on the inference worker, no allocation.
#include <vector>

#include <optional>

#include "mynah/dsp/features.h"
#include "mynah/engine/instrument_input.h"
#include "mynah/runtime/model_metadata.h"

namespace mynah::engine {

class FrameWindow {
public:
    FrameWindow(const runtime::ModelMetadata& metadata, int chunkFrames);

    int windowFrames() const { return windowFrames_; }
    int chunkFrames() const { return chunkFrames_; }
    // The gate threshold and transpose the frames appended from now on are judged with.
    void setPerformance(float gateDb, float transposeSemitones) {
        gateDb_ = gateDb;
        transposeSemitones_ = transposeSemitones;
    }
    // Appends a frame; returns true when a chunk is ready (then call window() and consumeChunk()).
    bool append(const dsp::FeatureFrame& frame);
    const float* window() const { return window_.data(); }
    // Whether the output gate is open at window frame i (0 = oldest).
    bool gateOpen(int frame) const { return gateOpen_[static_cast<size_t>(frame)] != 0; }
    // True for an instrument model: its F0 input is already transposed (the synthesiser must not be).
    bool transposesInput() const { return instrument_.has_value(); }
    void consumeChunk() { pendingFrames_ = 0; }
    void reset();

    // The held-F0 rule (MODEL_FORMAT.md): last voiced F0, 0 before the first voiced frame.
    static float heldF0(float previousHeldHz, const dsp::FeatureFrame& frame) {
        return frame.voiced ? frame.f0Hz : previousHeldHz;
    }

private:
    const runtime::ModelMetadata& metadata_;
    int chunkFrames_;
    int windowFrames_;
    int inputs_;
    std::vector<float> window_;  // windowFrames x inputs, oldest first
    std::vector<unsigned char> gateOpen_;  // windowFrames, oldest first
    std::optional<InstrumentInput> instrument_;
    float gateDb_ = -70.0f;
    float transposeSemitones_ = 0.0f;
    int pendingFrames_ = 0;      // frames appended since the last chunk
    bool firstChunk_ = true;
    float heldF0Hz_ = 0.0f;
};

}  // namespace mynah::engine
