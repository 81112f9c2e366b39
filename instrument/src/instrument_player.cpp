// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/instrument/instrument_player.h"

#include <algorithm>
#include <stdexcept>

#include "mynah/engine/synth_controls.h"

namespace mynah::instrument {
namespace {
constexpr int kInputs = 2;  // f0_hz, loudness_db (instrument packages, docs/MODEL_FORMAT.md)
constexpr float kSilenceDb = -100.0f;

const runtime::ModelMetadata& firstMetadata(const std::vector<std::unique_ptr<runtime::InferenceSession>>& sessions) {
    if (sessions.empty() || !sessions.front()) throw std::invalid_argument("the instrument needs one model session per voice");
    return sessions.front()->metadata();
}

void checkInstrumentPackage(const runtime::InferenceSession& s) {
    const runtime::ModelMetadata& m = s.metadata();
    const bool inputsFit = m.inputs.size() == 2 && m.inputs[0] == runtime::FeatureInput::F0Hz &&
                           m.inputs[1] == runtime::FeatureInput::LoudnessDb;
    if (!m.hasInstrument || !inputsFit)
        throw std::invalid_argument(s.source() + ": not an instrument model (kind '" + m.kind +
                                    "'); `mynah models` lists the instruments");
    if (m.lookaheadFrames != 0) throw std::invalid_argument(s.source() + ": instrument models must not look ahead");
}
}  // namespace

InstrumentPlayer::InstrumentPlayer(std::vector<std::unique_ptr<runtime::InferenceSession>> sessions,
                                   double outputRateHz, const PlayerSettings& settings)
    : sessions_(std::move(sessions)), settings_(settings),
      contextFrames_(firstMetadata(sessions_).contextFrames), chunkFrames_(firstMetadata(sessions_).realtimeChunkFrames),
      clock_(firstMetadata(sessions_).sampleRateHz, firstMetadata(sessions_).hopSamples, outputRateHz) {
    if (settings_.polyphony < 1 || settings_.polyphony > kMaxVoices)
        throw std::invalid_argument("polyphony must be 1 .. " + std::to_string(kMaxVoices));
    if (static_cast<int>(sessions_.size()) < settings_.polyphony)
        throw std::invalid_argument("the instrument needs one model session per voice");
    sessions_.resize(static_cast<size_t>(settings_.polyphony));
    for (const auto& s : sessions_) checkInstrumentPackage(*s);
    const runtime::ModelMetadata& m = metadata();
    const double frameRateHz = m.sampleRateHz / m.hopSamples;
    for (int v = 0; v < settings_.polyphony; ++v) {
        voices_.push_back({NoteVoice(m.instrument, settings_.shape, frameRateHz),
                           std::vector<float>(static_cast<size_t>((contextFrames_ + chunkFrames_) * kInputs)), false});
        synths_.emplace_back(m.synthConfig(outputRateHz));
    }
    controls_.resize(static_cast<size_t>(chunkFrames_ * m.numOutputs()));
    amplitudes_.resize(static_cast<size_t>(m.numHarmonics));
    gains_.resize(static_cast<size_t>(m.noiseBands));
    voiceAudio_.resize(static_cast<size_t>(maxRenderSamples()));
    heldF0Hz_.assign(voices_.size(), 0.0f);
}

void InstrumentPlayer::handle(const midi::MidiEvent& e) {
    using Type = midi::MidiEvent::Type;
    const int ch = std::clamp(e.channel, 0, 15);
    ChannelControls& c = channels_[ch];
    switch (e.type) {
        case Type::NoteOn: noteOn(ch, e.data1, static_cast<float>(e.data2)); break;
        case Type::NoteOff: noteOff(ch, e.data1); break;
        case Type::PitchBend:
            c.pitchBendSemitones = static_cast<float>(e.data1 / 8192.0 * settings_.shape.bendRangeSemitones);
            break;
        case Type::Controller:
            if (e.data1 == 1) c.modWheel = static_cast<float>(e.data2) / 127.0f;
            if (e.data1 == 11) c.expression = static_cast<float>(e.data2);
            if (e.data1 == 64) c.sustainPedal = e.data2 >= 64;
            if (e.data1 == 120)
                for (Voice& v : voices_)
                    if (v.notes.channel() == ch) v.notes.silence();
            if (e.data1 == 123)
                for (Voice& v : voices_)
                    if (v.notes.channel() == ch) v.notes.release();
            break;
        default: break;  // program change, pressure: not used
    }
}

void InstrumentPlayer::setShape(const NoteShape& shape) {
    settings_.shape = shape;
    for (Voice& v : voices_) v.notes.setShape(shape);
}

InstrumentPlayer::Voice& InstrumentPlayer::voiceForNoteOn(int channel, bool* legato) {
    *legato = false;
    if (settings_.polyphony == 1) {
        Voice& v = voices_.front();
        *legato = !v.notes.idle() && v.notes.keyDown() && v.notes.channel() == channel;
        return v;
    }
    for (Voice& v : voices_)
        if (v.notes.idle()) return v;
    // Steal: the oldest released voice, else the oldest.
    auto older = [](const Voice& a, const Voice& b) { return a.notes.startOrder() < b.notes.startOrder(); };
    Voice* best = nullptr;
    for (Voice& v : voices_)
        if (!v.notes.keyDown() && (!best || older(v, *best))) best = &v;
    if (best) return *best;
    return *std::min_element(voices_.begin(), voices_.end(), older);
}

void InstrumentPlayer::noteOn(int channel, int note, float velocity) {
    bool legato = false;
    Voice& v = voiceForNoteOn(channel, &legato);
    const size_t index = static_cast<size_t>(&v - voices_.data());
    if (!legato) {
        // A fresh note: a fresh network state and a window of silence (what the network saw in training
        // before a phrase starts).
        sessions_[index]->resetState();
        for (size_t i = 0; i < v.window.size(); i += kInputs) {
            v.window[i] = 0.0f;
            v.window[i + 1] = kSilenceDb;
        }
    }
    v.notes.start(channel, note, velocity, legato, order_++);
}

void InstrumentPlayer::noteOff(int channel, int note) {
    for (Voice& v : voices_)
        if (!v.notes.idle() && v.notes.keyDown() && v.notes.channel() == channel && v.notes.note() == note)
            v.notes.release();
}

void InstrumentPlayer::advanceFrame() {
    const int row = contextFrames_ + framesInChunk_;
    for (Voice& v : voices_) {
        const bool sounding = !v.notes.idle();
        const VoiceFrame f = v.notes.next(channels_[v.notes.channel()]);
        v.soundedInChunk = v.soundedInChunk || sounding;
        float* frame = v.window.data() + static_cast<size_t>(row) * kInputs;
        // An idle voice's pitch is held (0 only before its first note), as the engine holds F0.
        frame[0] = f.f0Hz > 0.0f ? f.f0Hz : (row > 0 ? frame[-kInputs] : 0.0f);
        frame[1] = f.loudnessDb;
    }
    ++framesInChunk_;
    ++framesAdvanced_;
}

int InstrumentPlayer::render(float* out) {
    const runtime::ModelMetadata& m = metadata();
    const int frames = framesInChunk_;
    int total = 0;
    std::fill(out, out + maxRenderSamples(), 0.0f);
    for (size_t i = 0; i < voices_.size(); ++i) {
        Voice& v = voices_[i];
        dsp::HarmonicNoiseSynth& synth = synths_[i];
        total = 0;
        if (!v.soundedInChunk) {
            for (int f = 0; f < frames; ++f) total += synth.skipNextFrame();
        } else {
            sessions_[i]->run(v.window.data(), contextFrames_ + frames, controls_.data());
            for (int f = 0; f < frames; ++f) {
                const dsp::HnControls c = engine::synthControls(controls_.data() + static_cast<size_t>(f) * m.numOutputs(), m,
                                                                1.0f, &heldF0Hz_[i], amplitudes_.data(), gains_.data());
                const int n = synth.renderNextFrame(c, voiceAudio_.data());
                for (int j = 0; j < n; ++j) out[total + j] += voiceAudio_[static_cast<size_t>(j)];
                total += n;
            }
        }
        endChunk(v, frames);
    }
    framesInChunk_ = 0;
    return total;
}

void InstrumentPlayer::endChunk(Voice& v, int frames) {
    // Slide the window: the last contextFrames_ frames become the next chunk's context.
    const auto used = v.window.begin() + static_cast<std::ptrdiff_t>(frames) * kInputs;
    std::copy(used, used + static_cast<std::ptrdiff_t>(contextFrames_) * kInputs, v.window.begin());
    v.soundedInChunk = false;
}

int InstrumentPlayer::skipRender() {
    int total = 0;
    for (size_t i = 0; i < voices_.size(); ++i) {
        Voice& v = voices_[i];
        total = 0;
        for (int f = 0; f < framesInChunk_; ++f) total += synths_[i].skipNextFrame();
        endChunk(v, framesInChunk_);
    }
    framesInChunk_ = 0;
    return total;
}

int InstrumentPlayer::longestChunkSamples() const {
    // The clock's chunk lengths repeat within a second of frames for whole-Hz rates; a second and a bit
    // covers any pattern that matters for a bound.
    const long long frames = static_cast<long long>(metadata().sampleRateHz / metadata().hopSamples) + chunkFrames_ + 1;
    std::int64_t longest = 0;
    for (long long k = 0; k < frames; k += chunkFrames_)
        longest = std::max(longest, clock_.frameStart(k + chunkFrames_) - clock_.frameStart(k));
    return static_cast<int>(longest);
}

int InstrumentPlayer::soundingVoices() const {
    return static_cast<int>(std::count_if(voices_.begin(), voices_.end(), [](const Voice& v) { return !v.notes.idle(); }));
}

}  // namespace mynah::instrument
