// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/engine/instrument_input.h"

#include <algorithm>
#include <cmath>

#include "mynah/dsp/midi_pitch.h"

namespace mynah::engine {
namespace {
float hzToMidi(float hz) { return static_cast<float>(dsp::hzToMidi(hz)); }
float midiToHz(float midi) { return static_cast<float>(dsp::midiToHz(midi)); }
constexpr float kSilenceDb = dsp::kLoudnessFloorDb;
}  // namespace

InstrumentInput::InstrumentInput(const runtime::InstrumentInfo& instrument, float voicingThreshold)
    : instrument_(instrument), openConfidence_(1.0f - voicingThreshold) {}

void InstrumentInput::reset() {
    open_ = false;
    failingFrames_ = 0;
    gain_ = 0.0f;
    octaveShift_ = 0;
    inputMidi_ = 0.0f;
    heldF0Hz_ = 0.0f;
}

int InstrumentInput::octaveShiftFor(float inputMidi) const {
    const float centre = 0.5f * static_cast<float>(instrument_.comfortLow + instrument_.comfortHigh);
    return static_cast<int>(std::lround((centre - inputMidi) / 12.0f));
}

float InstrumentInput::foldIntoRange(float midi) const {
    while (midi < static_cast<float>(instrument_.midiLow) && midi + 12.0f <= static_cast<float>(instrument_.midiHigh))
        midi += 12.0f;
    while (midi > static_cast<float>(instrument_.midiHigh) && midi - 12.0f >= static_cast<float>(instrument_.midiLow))
        midi -= 12.0f;
    return std::clamp(midi, static_cast<float>(instrument_.midiLow), static_cast<float>(instrument_.midiHigh));
}

bool InstrumentInput::shouldOpen(const dsp::FeatureFrame& frame, float gateDb) const {
    return frame.voiced && frame.f0Hz > 0.0f && frame.voicingConfidence >= openConfidence_ && frame.loudnessDb >= gateDb;
}

bool InstrumentInput::shouldHold(const dsp::FeatureFrame& frame, float gateDb) const {
    return frame.voicingConfidence >= kHoldConfidence && frame.loudnessDb >= gateDb - kHoldMarginDb;
}

InstrumentFrame InstrumentInput::shape(const dsp::FeatureFrame& frame, float gateDb, float transposeSemitones) {
    if (frame.voiced && frame.f0Hz > 0.0f && std::isfinite(frame.f0Hz)) inputMidi_ = hzToMidi(frame.f0Hz);
    if (!open_) {
        if (shouldOpen(frame, gateDb)) {
            open_ = true;
            failingFrames_ = 0;
            octaveShift_ = octaveShiftFor(inputMidi_);
        }
    } else if (shouldHold(frame, gateDb)) {
        failingFrames_ = 0;
    } else if (++failingFrames_ >= kCloseFrames) {
        open_ = false;
    }
    if (open_) {
        float midi = inputMidi_ + 12.0f * static_cast<float>(octaveShift_);
        if (midi < static_cast<float>(instrument_.midiLow) || midi > static_cast<float>(instrument_.midiHigh)) {
            octaveShift_ = octaveShiftFor(inputMidi_);  // the note glided away: choose again
            midi = inputMidi_ + 12.0f * static_cast<float>(octaveShift_);
        }
        heldF0Hz_ = midiToHz(foldIntoRange(midi + transposeSemitones));
    }
    gain_ = open_ ? std::min(1.0f, gain_ + 1.0f / kAttackFrames) : std::max(0.0f, gain_ - 1.0f / kReleaseFrames);
    InstrumentFrame out;
    out.gateOpen = open_;
    out.f0Hz = heldF0Hz_;
    out.loudnessDb = gain_ > 0.0f ? std::max(kSilenceDb, frame.loudnessDb + 20.0f * std::log10(gain_)) : kSilenceDb;
    return out;
}

}  // namespace mynah::engine
