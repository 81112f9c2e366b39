// SPDX-License-Identifier: GPL-3.0-or-later
// Effect mode of an instrument: the gate (silence and breath give silence, no stutter at note edges)
// and the octave-aware pitch mapping.
#include <catch2/catch.hpp>

#include <cmath>

#include "mynah/engine/instrument_input.h"

using mynah::dsp::FeatureFrame;
using mynah::engine::InstrumentInput;

namespace {
mynah::runtime::InstrumentInfo violin() {
    mynah::runtime::InstrumentInfo v;
    v.name = "violin";
    v.midiLow = 55;       // G3
    v.midiHigh = 100;
    v.comfortLow = 62;
    v.comfortHigh = 86;   // centre 74 (D5)
    return v;
}

FeatureFrame sung(float f0Hz, float loudnessDb = -20.0f, float confidence = 0.95f) {
    FeatureFrame f;
    f.f0Hz = f0Hz;
    f.voiced = true;
    f.voicingConfidence = confidence;
    f.loudnessDb = loudnessDb;
    return f;
}

FeatureFrame breath(float loudnessDb = -35.0f) {
    FeatureFrame f;
    f.voicingConfidence = 0.3f;
    f.loudnessDb = loudnessDb;
    return f;
}

float midiOf(float hz) { return 69.0f + 12.0f * std::log2(hz / 440.0f); }
constexpr float kGateDb = -60.0f;
}  // namespace

TEST_CASE("instrument input: breath and silence keep the gate shut and the loudness at silence") {
    InstrumentInput in(violin(), 0.15f);
    for (int i = 0; i < 50; ++i) {
        const auto out = in.shape(i % 2 ? breath() : FeatureFrame{}, kGateDb, 0.0f);
        REQUIRE_FALSE(out.gateOpen);
        REQUIRE(out.loudnessDb == mynah::dsp::kLoudnessFloorDb);
    }
}

TEST_CASE("instrument input: a voiced note opens the gate with an attack ramp and follows the input loudness") {
    InstrumentInput in(violin(), 0.15f);
    const auto first = in.shape(sung(220.0f, -20.0f), kGateDb, 0.0f);
    REQUIRE(first.gateOpen);
    REQUIRE(first.loudnessDb < -20.0f);  // half-way up the attack
    REQUIRE(first.loudnessDb > -30.0f);
    const auto second = in.shape(sung(220.0f, -20.0f), kGateDb, 0.0f);
    REQUIRE(second.loudnessDb == Approx(-20.0f));
}

TEST_CASE("instrument input: a quiet voiced frame below the gate does not open it") {
    InstrumentInput in(violin(), 0.15f);
    REQUIRE_FALSE(in.shape(sung(220.0f, -70.0f), kGateDb, 0.0f).gateOpen);
}

TEST_CASE("instrument input: hysteresis rides over a short dropout and closes after a long one") {
    InstrumentInput in(violin(), 0.15f);
    for (int i = 0; i < 10; ++i) in.shape(sung(220.0f), kGateDb, 0.0f);
    // shorter than kCloseFrames: the note goes on at full level
    for (int i = 0; i < InstrumentInput::kCloseFrames - 1; ++i) REQUIRE(in.shape(breath(), kGateDb, 0.0f).gateOpen);
    REQUIRE(in.shape(sung(220.0f), kGateDb, 0.0f).loudnessDb == Approx(-20.0f));
    // a frame with middling confidence (inside the hysteresis band) does not count against the note
    REQUIRE(in.shape(sung(220.0f, -20.0f, 0.7f), kGateDb, 0.0f).gateOpen);
    // a real end of note: closes after kCloseFrames, then releases to silence within kReleaseFrames
    int closedAfter = -1;
    for (int i = 0; i < 20 && closedAfter < 0; ++i)
        if (!in.shape(breath(), kGateDb, 0.0f).gateOpen) closedAfter = i + 1;
    REQUIRE(closedAfter == InstrumentInput::kCloseFrames);
    float last = 0.0f;
    for (int i = 0; i < InstrumentInput::kReleaseFrames; ++i) last = in.shape(breath(), kGateDb, 0.0f).loudnessDb;
    REQUIRE(last == mynah::dsp::kLoudnessFloorDb);
}

TEST_CASE("instrument input: the pitch goes to the octave nearest the comfortable range and stays there for the note") {
    InstrumentInput in(violin(), 0.15f);
    // A low male voice at A2 (110 Hz, MIDI 45): two octaves up is A4 (69), nearest the centre 74.
    const auto out = in.shape(sung(110.0f), kGateDb, 0.0f);
    REQUIRE(midiOf(out.f0Hz) == Approx(69.0f).margin(1e-3));
    // The singer glides up a fifth within the note: same octave shift, no flip.
    const auto up = in.shape(sung(110.0f * 1.5f), kGateDb, 0.0f);
    REQUIRE(midiOf(up.f0Hz) == Approx(76.0196f).margin(1e-3));
    // A whistle at 1760 Hz (A6, MIDI 93) on a new note: two octaves down (69 is 5 from 74, 81 is 7).
    for (int i = 0; i < 10; ++i) in.shape(FeatureFrame{}, kGateDb, 0.0f);
    const auto whistle = in.shape(sung(1760.0f), kGateDb, 0.0f);
    REQUIRE(midiOf(whistle.f0Hz) == Approx(69.0f).margin(1e-3));
}

TEST_CASE("instrument input: the manual transpose comes on top of the octave choice, folded into the playable range") {
    InstrumentInput in(violin(), 0.15f);
    REQUIRE(midiOf(in.shape(sung(110.0f), kGateDb, 7.0f).f0Hz) == Approx(76.0f).margin(1e-3));
    InstrumentInput high(violin(), 0.15f);
    // 69 + 36 = 105 is above the violin's 100: folded down an octave to 93.
    REQUIRE(midiOf(high.shape(sung(110.0f), kGateDb, 36.0f).f0Hz) == Approx(93.0f).margin(1e-3));
}

TEST_CASE("instrument input: the pitch is held through the release so the synthesiser does not jump") {
    InstrumentInput in(violin(), 0.15f);
    for (int i = 0; i < 5; ++i) in.shape(sung(220.0f), kGateDb, 0.0f);
    const float held = in.shape(sung(220.0f), kGateDb, 0.0f).f0Hz;
    for (int i = 0; i < 10; ++i) REQUIRE(in.shape(breath(), kGateDb, 0.0f).f0Hz == held);
}
