// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Effect mode of an instrument model: turns the performer's analysed frames (any monophonic input:
// voice, whistle, another instrument) into the pitch and loudness the instrument network plays.
//
// Gate, with hysteresis, so that silence and breath give silence and note edges do not stutter:
//   opens  when a frame is voiced (YIN confidence above 1 - voicing threshold) and at least gateDb loud;
//   stays open while the confidence stays >= kHoldConfidence and the loudness >= gateDb - kHoldMarginDb,
//   closing only after kCloseFrames consecutive frames that fail that (a short unvoiced consonant or a
//   YIN dropout inside a note does not cut it).
//   Its gain ramps up over kAttackFrames and down over kReleaseFrames frames and scales the loudness
//   (in dB), so a closed gate feeds the network the loudness of silence (-100 dB).
// Pitch: input MIDI pitch m = 69 + 12 log2(f0 / 440). When the gate opens, an octave shift is chosen
//   that puts m nearest the middle of the instrument's comfortable range; it is kept for the whole note
//   (no octave flips inside a note) unless the note glides out of the playable range. The manual
//   transpose is added after the octave choice; the result is folded by octaves into the playable range.
//   While the gate is closed the last pitch is held (the synthesiser's phase runs on, silently).
//
// Threads: construct anywhere; shape()/reset() on the inference worker only (no allocation).
#include "mynah/dsp/features.h"
#include "mynah/runtime/model_metadata.h"

namespace mynah::engine {

struct InstrumentFrame {
    float f0Hz = 0.0f;
    float loudnessDb = dsp::kLoudnessFloorDb;
    bool gateOpen = false;
};

class InstrumentInput {
public:
    static constexpr float kHoldConfidence = 0.6f;
    static constexpr float kHoldMarginDb = 6.0f;
    static constexpr int kCloseFrames = 4;    // 20 ms at a 5 ms hop
    static constexpr int kAttackFrames = 2;
    static constexpr int kReleaseFrames = 4;

    InstrumentInput(const runtime::InstrumentInfo& instrument, float voicingThreshold);

    InstrumentFrame shape(const dsp::FeatureFrame& frame, float gateDb, float transposeSemitones);
    void reset();

    // The octave-aware mapping alone (MIDI pitch in -> MIDI pitch out), for a note that starts at inputMidi.
    int octaveShiftFor(float inputMidi) const;
    float foldIntoRange(float midi) const;

private:
    bool shouldOpen(const dsp::FeatureFrame& frame, float gateDb) const;
    bool shouldHold(const dsp::FeatureFrame& frame, float gateDb) const;

    runtime::InstrumentInfo instrument_;
    float openConfidence_;
    bool open_ = false;
    int failingFrames_ = 0;
    float gain_ = 0.0f;       // 0 .. 1, ramped
    int octaveShift_ = 0;     // octaves, chosen at the gate's opening
    float inputMidi_ = 0.0f;  // the performer's last voiced pitch
    float heldF0Hz_ = 0.0f;   // the last pitch fed to the network
};

}  // namespace mynah::engine
