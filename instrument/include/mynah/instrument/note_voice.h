// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One voice of the MIDI instrument, as control curves: the pitch (Hz) and loudness (dB) an instrument
// network plays, one value per model frame, from the note it was given and its channel's controllers.
//
// Pitch: the note's MIDI pitch + pitch bend (+-bendRangeSemitones) + vibrato (sine at vibratoRateHz,
//   depth = mod wheel x vibratoMaxCents), gliding from the previous pitch over glideMs on a legato start.
// Loudness: the instrument's velocity curve (InstrumentInfo::loudnessDbFor with the channel's expression,
//   CC11) plus 20 log10 of a linear envelope: up over attackMs at a note start (not at a legato start),
//   down over releaseMs after the note is released (or its sustain pedal lifted). A voice whose release
//   has ended is idle; its loudness is the loudness of silence (-100 dB).
//
// Threads: whoever renders (the CLI's thread, or a synth's worker); no allocation.
#include "mynah/runtime/model_metadata.h"

namespace mynah::instrument {

struct NoteShape {
    double attackMs = 25.0;
    double releaseMs = 120.0;
    double glideMs = 60.0;            // legato pitch glide
    double vibratoRateHz = 5.5;
    double vibratoMaxCents = 40.0;    // at mod wheel 127
    double bendRangeSemitones = 2.0;  // pitch bend at +-8192
};

struct ChannelControls {
    float pitchBendSemitones = 0.0f;
    float modWheel = 0.0f;      // 0 .. 1
    float expression = 127.0f;  // CC11, 0 .. 127
    bool sustainPedal = false;  // CC64 >= 64
};

struct VoiceFrame {
    float f0Hz = 0.0f;
    float loudnessDb = -100.0f;
};

class NoteVoice {
public:
    NoteVoice(const runtime::InstrumentInfo& instrument, const NoteShape& shape, double frameRateHz);

    // A new note. legato: glide from the current pitch and keep the envelope (no new attack).
    // order: increasing with every start (the voice allocator steals the oldest).
    void start(int channel, int note, float velocity, bool legato, long long order);
    // The key was released (the voice keeps sounding while the channel's sustain pedal is down).
    void release() { keyDown_ = false; }
    void silence();  // idle at once (all sound off)
    void setShape(const NoteShape& shape) { shape_ = shape; }  // from the next frame on

    bool idle() const { return stage_ == Stage::Idle; }
    bool keyDown() const { return keyDown_; }
    int channel() const { return channel_; }
    int note() const { return note_; }
    long long startOrder() const { return startOrder_; }
    // The next frame's controls; advances the envelope, the glide and the vibrato by one frame.
    VoiceFrame next(const ChannelControls& channel);

private:
    enum class Stage { Idle, Attack, Sustain, Release };

    runtime::InstrumentInfo instrument_;
    NoteShape shape_;
    double frameSeconds_;
    Stage stage_ = Stage::Idle;
    bool keyDown_ = false;
    int channel_ = 0;
    int note_ = 0;
    float velocity_ = 0.0f;
    double envelope_ = 0.0;        // 0 .. 1 (linear amplitude)
    double pitchMidi_ = 0.0;       // the glide's current pitch
    double glideStepMidi_ = 0.0;   // per frame, towards note_
    double vibratoPhase_ = 0.0;    // cycles
    long long startOrder_ = 0;
};

}  // namespace mynah::instrument
