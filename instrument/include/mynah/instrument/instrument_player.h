// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The MIDI instrument: up to kMaxVoices voices, each a NoteVoice (control curves), its own copy of the
// instrument network (its own recurrent state) and its own harmonic-plus-noise synthesiser, mixed.
//
// Time runs in model frames (the package's hop, 5 ms for the shipped instruments). The caller handles
// the MIDI events due before a frame, then calls advanceFrame(); when chunkReady() (every
// chunkFrames() frames: the package's real-time chunk) it calls render(), which runs the networks of
// the sounding voices on those frames (one call each) and synthesises them at the output rate, or
// skipRender() (a late real-time worker: silence, no network). An idle voice costs nothing but
// advancing its frame clock. Frame k covers output samples [frameStartSample(k), frameStartSample(k+1)).
//
// Voices: a note-on takes an idle voice, or steals the oldest; with polyphony 1 (mono), a note-on while
// a key is held is legato: the pitch glides and the envelope goes on. Pitch bend, mod wheel (vibrato
// depth), expression (CC11), sustain (CC64), all sound off (CC120) and all notes off (CC123) are
// per channel.
//
// Threads: construct (loads nothing, allocates) outside the audio thread; the rest from one thread
// (the renderer), which may allocate only inside the network backend.
#include <memory>
#include <vector>

#include "mynah/dsp/frame_clock.h"
#include "mynah/dsp/hn_synth.h"
#include "mynah/instrument/note_voice.h"
#include "mynah/midi/midi_file.h"
#include "mynah/runtime/inference_session.h"

namespace mynah::instrument {

struct PlayerSettings {
    int polyphony = 8;  // 1 .. kMaxVoices; 1 = mono with legato and glide
    NoteShape shape;
};

class InstrumentPlayer {
public:
    static constexpr int kMaxVoices = 8;

    // sessions: one per voice (at least settings.polyphony), all of the same instrument package.
    InstrumentPlayer(std::vector<std::unique_ptr<runtime::InferenceSession>> sessions, double outputRateHz,
                     const PlayerSettings& settings);

    const runtime::ModelMetadata& metadata() const { return sessions_.front()->metadata(); }
    const PlayerSettings& settings() const { return settings_; }
    double frameSeconds() const { return metadata().hopSamples / metadata().sampleRateHz; }
    int chunkFrames() const { return chunkFrames_; }
    // Most samples one render() writes (a bound for buffers).
    int maxRenderSamples() const { return synths_.front().maxFrameSamples() * chunkFrames_; }
    // The longest chunk the frame clock actually makes (exact: 240 samples for 5 ms at 48 kHz).
    int longestChunkSamples() const;
    long long framesAdvanced() const { return framesAdvanced_; }
    std::int64_t frameStartSample(long long frame) const { return clock_.frameStart(frame); }
    bool chunkReady() const { return framesInChunk_ == chunkFrames_; }

    void handle(const midi::MidiEvent& event);
    // New attack, release, glide and vibrato settings, from the next frame on (sounding notes too).
    void setShape(const NoteShape& shape);
    // Computes the next frame's controls of every voice.
    void advanceFrame();
    // Renders the frames advanced since the last render(); returns the number of samples written.
    int render(float* out);
    // Drops those frames instead (writes nothing, runs no network); returns their length in samples.
    int skipRender();
    int soundingVoices() const;

private:
    struct Voice {
        NoteVoice notes;
        std::vector<float> window;      // (context + chunk) x 2 network inputs, oldest first
        bool soundedInChunk = false;
    };
    void noteOn(int channel, int note, float velocity);
    void noteOff(int channel, int note);
    Voice& voiceForNoteOn(int channel, bool* legato);
    void endChunk(Voice& v, int frames);

    std::vector<std::unique_ptr<runtime::InferenceSession>> sessions_;
    std::vector<Voice> voices_;
    std::vector<dsp::HarmonicNoiseSynth> synths_;
    ChannelControls channels_[16];
    PlayerSettings settings_;
    int contextFrames_;
    int chunkFrames_;
    dsp::FrameClock clock_;
    long long framesAdvanced_ = 0;
    int framesInChunk_ = 0;
    long long order_ = 0;
    std::vector<float> controls_, amplitudes_, gains_, voiceAudio_;
    std::vector<float> heldF0Hz_;  // per voice, the synthesiser's last F0
};

}  // namespace mynah::instrument
