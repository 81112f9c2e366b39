// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/instrument/note_voice.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "mynah/dsp/midi_pitch.h"

namespace mynah::instrument {
namespace {
constexpr float kSilenceDb = -100.0f;
double framesFor(double ms, double frameSeconds) { return std::max(1.0, ms / 1000.0 / frameSeconds); }
}  // namespace

NoteVoice::NoteVoice(const runtime::InstrumentInfo& instrument, const NoteShape& shape, double frameRateHz)
    : instrument_(instrument), shape_(shape), frameSeconds_(1.0 / frameRateHz) {}

void NoteVoice::start(int channel, int note, float velocity, bool legato, long long order) {
    const bool glide = legato && !idle();
    channel_ = channel;
    note_ = note;
    velocity_ = velocity;
    keyDown_ = true;
    startOrder_ = order;
    if (glide) {
        glideStepMidi_ = (note_ - pitchMidi_) / framesFor(shape_.glideMs, frameSeconds_);
        if (stage_ == Stage::Release) stage_ = Stage::Attack;  // back up to full level from where it was
        return;
    }
    pitchMidi_ = note_;
    glideStepMidi_ = 0.0;
    envelope_ = 0.0;
    vibratoPhase_ = 0.0;
    stage_ = Stage::Attack;
}

void NoteVoice::silence() {
    stage_ = Stage::Idle;
    keyDown_ = false;
    envelope_ = 0.0;
}

VoiceFrame NoteVoice::next(const ChannelControls& channel) {
    if (stage_ == Stage::Idle) return {};
    if (!keyDown_ && !channel.sustainPedal && stage_ != Stage::Release) stage_ = Stage::Release;
    switch (stage_) {
        case Stage::Attack:
            envelope_ += 1.0 / framesFor(shape_.attackMs, frameSeconds_);
            if (envelope_ >= 1.0) {
                envelope_ = 1.0;
                stage_ = Stage::Sustain;
            }
            break;
        case Stage::Release:
            envelope_ -= 1.0 / framesFor(shape_.releaseMs, frameSeconds_);
            if (envelope_ <= 0.0) {
                silence();
                return {};
            }
            break;
        case Stage::Sustain:
        case Stage::Idle:
            break;
    }
    // Glide towards the note, landing exactly on it.
    if (glideStepMidi_ != 0.0) {
        pitchMidi_ += glideStepMidi_;
        if ((glideStepMidi_ > 0.0) == (pitchMidi_ >= note_)) {
            pitchMidi_ = note_;
            glideStepMidi_ = 0.0;
        }
    }
    vibratoPhase_ += shape_.vibratoRateHz * frameSeconds_;
    vibratoPhase_ -= std::floor(vibratoPhase_);
    const double vibratoMidi = channel.modWheel * shape_.vibratoMaxCents / 100.0 *
                               std::sin(2.0 * std::numbers::pi * vibratoPhase_);
    const double midi = pitchMidi_ + channel.pitchBendSemitones + vibratoMidi;
    VoiceFrame out;
    out.f0Hz = static_cast<float>(dsp::midiToHz(midi));
    out.loudnessDb = std::max(kSilenceDb, instrument_.loudnessDbFor(velocity_, channel.expression) +
                                              20.0f * static_cast<float>(std::log10(std::max(envelope_, 1e-5))));
    return out;
}

}  // namespace mynah::instrument
