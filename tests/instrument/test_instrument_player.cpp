// SPDX-License-Identifier: GPL-3.0-or-later
// The MIDI instrument with a stand-in network: note timing, pitch, velocity, polyphony and voice
// stealing, legato glide, pitch bend, vibrato, sustain pedal, and refusing a voice model.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "fake_instrument.h"
#include "mynah/dsp/features.h"
#include "mynah/instrument/instrument_pipeline.h"
#include "mynah/instrument/midi_render.h"

using mynah::instrument::InstrumentPipeline;
using mynah::instrument::InstrumentPlayer;
using mynah::instrument::PipelineSettings;
using mynah::instrument::PlayerSettings;
using mynah::midi::MidiEvent;
using mynah::midi::MidiSong;

namespace {
constexpr double kRateHz = 48000.0;

MidiEvent event(double t, MidiEvent::Type type, int d1, int d2 = 0, int channel = 0) {
    MidiEvent e;
    e.timeSeconds = t;
    e.type = type;
    e.data1 = d1;
    e.data2 = d2;
    e.channel = channel;
    return e;
}
MidiEvent on(double t, int note, int velocity = 100) { return event(t, MidiEvent::Type::NoteOn, note, velocity); }
MidiEvent off(double t, int note) { return event(t, MidiEvent::Type::NoteOff, note); }

MidiSong song(std::vector<MidiEvent> events) {
    MidiSong s;
    s.format = 0;
    s.ticksPerQuarter = 480;
    std::stable_sort(events.begin(), events.end(), [](const MidiEvent& a, const MidiEvent& b) { return a.timeSeconds < b.timeSeconds; });
    s.events = std::move(events);
    s.durationSeconds = s.events.back().timeSeconds;
    return s;
}

std::unique_ptr<InstrumentPipeline> pipeline(int polyphony = 8, bool realTime = false, int maxBlock = 512) {
    std::vector<std::unique_ptr<mynah::runtime::InferenceSession>> sessions;
    for (int v = 0; v < polyphony; ++v) sessions.push_back(std::make_unique<mynah::test::FakeInstrumentSession>());
    PipelineSettings settings;
    settings.hostRateHz = kRateHz;
    settings.maxBlockSamples = maxBlock;
    settings.realTime = realTime;
    settings.player.polyphony = polyphony;
    return std::make_unique<InstrumentPipeline>(std::move(sessions), settings);
}

mynah::instrument::MidiRenderResult render(const MidiSong& s, int polyphony = 8) {
    auto p = pipeline(polyphony);
    return mynah::instrument::renderMidi(s, *p, kRateHz);
}

// F0 (Hz, 0 unvoiced) and loudness (dB) per 5 ms frame of a 48 kHz signal, with Mynah's own tracker.
struct Track {
    std::vector<float> f0Hz, loudnessDb;
    int latency = 0;
};
Track analyse(const std::vector<float>& x) {
    mynah::dsp::FeatureConfig c = mynah::dsp::FeatureConfig::forSampleRate(kRateHz);
    mynah::dsp::FeatureExtractor fx(c);
    Track t;
    t.latency = fx.latencySamples();
    fx.push(x.data(), static_cast<int>(x.size()), [&](const mynah::dsp::FeatureFrame& f) {
        t.f0Hz.push_back(f.f0Hz);
        t.loudnessDb.push_back(f.loudnessDb);
    });
    return t;
}
// The frame whose analysis is centred nearest time t.
size_t frameAt(const Track& tr, double t) {
    const double hop = kRateHz / 200.0;
    return static_cast<size_t>(std::max(0.0, std::round((t * kRateHz + tr.latency) / hop - 1.0)));
}
double cents(double f, double ref) { return 1200.0 * std::log2(f / ref); }
double rmsDb(const std::vector<float>& x, double from, double to) {
    double sum = 0.0;
    const size_t a = static_cast<size_t>(from * kRateHz), b = static_cast<size_t>(to * kRateHz);
    REQUIRE(b <= x.size());
    for (size_t i = a; i < b; ++i) sum += static_cast<double>(x[i]) * x[i];
    return 10.0 * std::log10(std::max(sum / static_cast<double>(b - a), 1e-20));
}
}  // namespace

TEST_CASE("instrument player: a note sounds at its time, at its pitch, and stops after its release") {
    const auto r = render(song({on(0.5, 69), off(1.5, 69)}));
    REQUIRE(r.samples.size() >= static_cast<size_t>(1.61 * kRateHz));
    REQUIRE(rmsDb(r.samples, 0.0, 0.49) < -120.0);        // silence before the note
    REQUIRE(rmsDb(r.samples, 0.53, 1.5) > -30.0);         // sounding after its attack
    REQUIRE(static_cast<double>(r.samples.size()) / kRateHz < 1.5 + 0.12 + 0.011);  // ends with its 120 ms release
    REQUIRE(rmsDb(r.samples, 1.6, 1.61) < rmsDb(r.samples, 0.6, 1.4) - 15.0);
    // The onset is within a frame of the note-on.
    size_t first = 0;
    while (first < r.samples.size() && std::fabs(r.samples[first]) < 1e-4f) ++first;
    REQUIRE(std::fabs(static_cast<double>(first) / kRateHz - 0.5) < 0.0075);
    const Track t = analyse(r.samples);
    REQUIRE(std::fabs(cents(t.f0Hz[frameAt(t, 1.0)], 440.0)) < 1.0);
}

TEST_CASE("instrument player: velocity follows the instrument's loudness curve") {
    const auto r = render(song({on(0.2, 69, 127), off(0.8, 69), on(1.2, 69, 64), off(1.8, 69)}));
    const double loud = rmsDb(r.samples, 0.4, 0.7), soft = rmsDb(r.samples, 1.4, 1.7);
    // fake metadata: slope 0.5 x 40 log10(64 / 127) = -5.95 dB
    REQUIRE(soft - loud == Approx(0.5 * 40.0 * std::log10(64.0 / 127.0)).margin(0.2));
    // and the absolute level: loudness_at_full -10 dB -> a sinusoid of amplitude 10^(-10/20), RMS -13 dB
    REQUIRE(loud == Approx(-10.0 - 3.01).margin(0.2));
}

TEST_CASE("instrument player: polyphony plays chords and steals the oldest voice beyond its voices") {
    const auto chord = render(song({on(0.1, 60), on(0.1, 64), on(0.1, 67), off(0.6, 60), off(0.6, 64), off(0.6, 67)}));
    REQUIRE(chord.maxSoundingVoices == 3);
    std::vector<MidiEvent> many;
    for (int n = 0; n < 12; ++n) many.push_back(on(0.1 + 0.01 * n, 60 + n));
    for (int n = 0; n < 12; ++n) many.push_back(off(0.8, 60 + n));
    const auto twelve = render(song(many));
    REQUIRE(twelve.maxSoundingVoices == 8);
    for (float v : twelve.samples) REQUIRE(std::isfinite(v));
}

TEST_CASE("instrument player: mono legato glides to the new pitch without a new attack") {
    const auto r = render(song({on(0.2, 69), on(0.8, 72), off(0.85, 69), off(1.5, 72)}), 1);
    const Track t = analyse(r.samples);
    REQUIRE(std::fabs(cents(t.f0Hz[frameAt(t, 0.6)], 440.0)) < 2.0);
    REQUIRE(std::fabs(cents(t.f0Hz[frameAt(t, 1.2)], 523.2511)) < 2.0);
    // during the 60 ms glide the pitch is in between
    const double mid = t.f0Hz[frameAt(t, 0.83)];
    REQUIRE(mid > 445.0);
    REQUIRE(mid < 518.0);
    // no gap: the level never dips between the notes
    REQUIRE(rmsDb(r.samples, 0.78, 0.9) > rmsDb(r.samples, 0.5, 0.7) - 1.0);
}

TEST_CASE("instrument player: pitch bend, mod wheel vibrato and the sustain pedal") {
    SECTION("full bend up is 2 semitones") {
        const auto r = render(song({on(0.1, 69), event(0.5, MidiEvent::Type::PitchBend, 8191), off(1.2, 69)}));
        const Track t = analyse(r.samples);
        REQUIRE(std::fabs(cents(t.f0Hz[frameAt(t, 0.9)], 440.0) - 200.0 * 8191.0 / 8192.0) < 2.0);
    }
    SECTION("the mod wheel adds vibrato up to 40 cents") {
        const auto r = render(song({on(0.1, 69), event(0.1, MidiEvent::Type::Controller, 1, 127), off(2.1, 69)}));
        const Track t = analyse(r.samples);
        double lo = 1e9, hi = -1e9;
        for (size_t k = frameAt(t, 0.6); k < frameAt(t, 1.9); ++k) {
            lo = std::min(lo, cents(t.f0Hz[k], 440.0));
            hi = std::max(hi, cents(t.f0Hz[k], 440.0));
        }
        REQUIRE(hi > 30.0);
        REQUIRE(lo < -30.0);
        REQUIRE(hi < 45.0);
    }
    SECTION("a held pedal keeps a released note sounding until the pedal lifts") {
        const auto r = render(song({event(0.05, MidiEvent::Type::Controller, 64, 127), on(0.1, 69), off(0.4, 69),
                                    event(1.0, MidiEvent::Type::Controller, 64, 0)}));
        REQUIRE(rmsDb(r.samples, 0.6, 0.95) > -30.0);
        // the release starts at the pedal's lift: the render ends when it has died away, 120 ms later
        REQUIRE(static_cast<double>(r.samples.size()) / kRateHz == Approx(1.12).margin(0.011));
        REQUIRE(rmsDb(r.samples, 1.09, 1.1) < rmsDb(r.samples, 0.6, 0.95) - 12.0);
    }
}

TEST_CASE("instrument player: a fresh note resets its voice's network state, and a voice model is refused") {
    std::vector<std::unique_ptr<mynah::runtime::InferenceSession>> sessions;
    auto* fake = new mynah::test::FakeInstrumentSession();
    sessions.emplace_back(fake);
    PipelineSettings settings;
    settings.realTime = false;
    settings.player.polyphony = 1;
    InstrumentPipeline p(std::move(sessions), settings);
    mynah::instrument::renderMidi(song({on(0.1, 60), off(0.3, 60), on(0.6, 62), off(0.8, 62)}), p, kRateHz);
    REQUIRE(fake->resets() == 2);

    mynah::runtime::ModelMetadata voice = mynah::test::fakeInstrumentMetadata();
    voice.kind = "voice";
    voice.hasInstrument = false;
    std::vector<std::unique_ptr<mynah::runtime::InferenceSession>> voiceSessions;
    voiceSessions.push_back(std::make_unique<mynah::test::FakeInstrumentSession>(voice));
    REQUIRE_THROWS_WITH(InstrumentPlayer(std::move(voiceSessions), kRateHz, PlayerSettings{1, {}}),
                        Catch::Contains("not an instrument model"));
}
