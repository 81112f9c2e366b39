// SPDX-License-Identifier: GPL-3.0-or-later
// The "Mynah Instrument" synth VST3 hosted by JUCE: it loads the first shipped instrument, reports its
// latency, plays a MIDI note at that latency and at the note's pitch (offline bounce), goes silent
// after the release, plays chords live (blocks paced in real time), and survives garbage state.
#include <catch2/catch.hpp>

#include <juce_audio_processors/juce_audio_processors.h>

#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "plugin_host.h"

namespace {
std::unique_ptr<juce::AudioPluginInstance> createInstrument(double rateHz, int block, bool lv2 = false) {
    static juce::AudioPluginFormatManager* manager = [] {
        auto* m = new juce::AudioPluginFormatManager();
        m->addFormat(new juce::VST3PluginFormat());
        m->addFormat(new juce::LV2PluginFormat());
        return m;
    }();
    juce::OwnedArray<juce::PluginDescription> found;
    if (lv2) {
        // LV2 plugins are found by URI once their bundle's folder is in lilv's search path.
        manager->getFormat(1)->searchPathsForPlugins(
            juce::FileSearchPath(juce::File(MYNAH_INSTRUMENT_LV2_BUNDLE).getParentDirectory().getFullPathName()), false, false);
        manager->getFormat(1)->findAllTypesForFile(found, MYNAH_INSTRUMENT_LV2_URI);
    } else {
        // MYNAH_INSTRUMENT_VST3_BINARY_DIR is <bundle>.vst3/Contents/<arch>-linux.
        manager->getFormat(0)->findAllTypesForFile(
            found, juce::File(MYNAH_INSTRUMENT_VST3_BINARY_DIR).getParentDirectory().getParentDirectory().getFullPathName());
    }
    REQUIRE(found.size() == 1);
    REQUIRE(found[0]->isInstrument);
    juce::String error;
    auto instance = manager->createPluginInstance(*found[0], rateHz, block, error);
    INFO(error);
    REQUIRE(instance != nullptr);
    instance->enableAllBuses();
    return instance;
}

struct Synth {
    std::unique_ptr<juce::AudioPluginInstance> plugin;
    int block;
    double pace;  // seconds per block in real time
    long played = 0;
    juce::AudioBuffer<float> buffer;

    // nonRealtime: an offline bounce (the plugin renders synchronously); else a live host, paced in real time.
    Synth(double rateHz, int blockSamples, bool nonRealtime, bool lv2 = false)
        : plugin(createInstrument(rateHz, blockSamples, lv2)), block(blockSamples), pace(nonRealtime ? 0 : blockSamples / rateHz) {
        plugin->setNonRealtime(nonRealtime);
        plugin->prepareToPlay(rateHz, block);
        buffer.setSize(std::max(1, plugin->getTotalNumOutputChannels()), block);
    }
    ~Synth() { plugin->releaseResources(); }

    // One block with these (offset, message) events; returns channel 0.
    std::vector<float> run(const std::vector<std::pair<int, juce::MidiMessage>>& events = {}) {
        juce::MidiBuffer midi;
        for (const auto& [offset, message] : events) midi.addEvent(message, offset);
        buffer.clear();
        plugin->processBlock(buffer, midi);
        played += block;
        if (pace > 0) std::this_thread::sleep_for(std::chrono::duration<double>(pace));
        return {buffer.getReadPointer(0), buffer.getReadPointer(0) + block};
    }
    int waitForInstrument() {
        for (int i = 0; i < 600 && plugin->getLatencySamples() == 0; ++i) {
            run();
            mynah::plugin_test::pump(20);
        }
        return plugin->getLatencySamples();
    }
};

double rms(const std::vector<float>& x, size_t from, size_t to) {
    double s = 0.0;
    for (size_t i = from; i < to; ++i) s += static_cast<double>(x[i]) * x[i];
    return std::sqrt(s / static_cast<double>(to - from));
}

// Fundamental by the autocorrelation peak between 100 and 1000 Hz, refined parabolically.
double pitchHz(const std::vector<float>& x, size_t from, size_t n, double rateHz) {
    double best = -1e9;
    int bestLag = 0;
    std::vector<double> r(static_cast<size_t>(rateHz / 100) + 2, 0.0);
    for (int lag = static_cast<int>(rateHz / 1000); lag < static_cast<int>(r.size()) - 1; ++lag) {
        for (size_t i = from; i < from + n; ++i) r[static_cast<size_t>(lag)] += static_cast<double>(x[i]) * x[i + static_cast<size_t>(lag)];
    }
    for (int lag = static_cast<int>(rateHz / 1000) + 1; lag < static_cast<int>(r.size()) - 2; ++lag)
        if (r[static_cast<size_t>(lag)] > best && r[static_cast<size_t>(lag)] > r[static_cast<size_t>(lag) - 1]) {
            best = r[static_cast<size_t>(lag)];
            bestLag = lag;
        }
    const double a = r[static_cast<size_t>(bestLag) - 1], b = r[static_cast<size_t>(bestLag)], c = r[static_cast<size_t>(bestLag) + 1];
    return rateHz / (bestLag + 0.5 * (a - c) / (a - 2 * b + c));
}
}  // namespace

TEST_CASE("Mynah Instrument VST3: a MIDI note sounds at the reported latency and pitch, then stops", "[instrument]") {
    constexpr double kRate = 48000.0;
    constexpr int kBlock = 512;
    Synth synth(kRate, kBlock, true);
    const int latency = synth.waitForInstrument();
    REQUIRE(latency == kBlock + 240 - 1);  // under one block + one 5 ms frame: docs/BENCHMARKS.md
    // Settle, then a note-on at offset 240 of a block. The pipeline's 5 ms frame grid starts where the
    // instrument was loaded, so the note lands on the nearest frame start: within half a frame (120).
    for (int b = 0; b < 100; ++b) synth.run();
    const long noteAt = synth.played + 240;
    std::vector<float> out = synth.run({{240, juce::MidiMessage::noteOn(1, 69, static_cast<juce::uint8>(100))}});
    for (int b = 0; b < 100; ++b) {
        const auto x = synth.run();
        out.insert(out.end(), x.begin(), x.end());
    }
    const long start = noteAt - (synth.played - static_cast<long>(out.size()));  // index of the note-on in `out`
    size_t onset = 0;
    while (onset < out.size() && out[onset] == 0.0f) ++onset;
    CHECK(std::labs(static_cast<long>(onset) - (start + latency)) <= 120);
    REQUIRE(rms(out, static_cast<size_t>(start + latency + 4800), static_cast<size_t>(start + latency + 24000)) > 0.003);
    const double f0 = pitchHz(out, static_cast<size_t>(start + latency + 9600), 4800, kRate);
    CHECK(std::fabs(1200.0 * std::log2(f0 / 440.0)) < 25.0);  // within a quarter tone (timbre, vibrato-free)
    // Note-off: silent after the 120 ms release (plus the latency).
    synth.run({{0, juce::MidiMessage::noteOff(1, 69)}});
    std::vector<float> tail;
    for (int b = 0; b < 30; ++b) {
        const auto x = synth.run();
        tail.insert(tail.end(), x.begin(), x.end());
    }
    REQUIRE(rms(tail, tail.size() - 4800, tail.size()) < 1e-6);
}

TEST_CASE("Mynah Instrument VST3: chords in real time, and garbage state is ignored", "[instrument]") {
    Synth synth(44100.0, 256, false);
    REQUIRE(synth.waitForInstrument() > 0);
    synth.run({{0, juce::MidiMessage::noteOn(1, 60, static_cast<juce::uint8>(90))},
               {0, juce::MidiMessage::noteOn(1, 64, static_cast<juce::uint8>(90))},
               {0, juce::MidiMessage::noteOn(1, 67, static_cast<juce::uint8>(90))}});
    std::vector<float> out;
    for (int b = 0; b < 100; ++b) {
        const auto x = synth.run();
        out.insert(out.end(), x.begin(), x.end());
    }
    for (float v : out) REQUIRE(std::isfinite(v));
    REQUIRE(rms(out, 8820, out.size()) > 0.003);
    const char garbage[] = "not a state at all";
    synth.plugin->setStateInformation(garbage, sizeof(garbage));
    juce::MemoryBlock state;
    synth.plugin->getStateInformation(state);
    REQUIRE(state.getSize() > 0);
    for (int b = 0; b < 10; ++b) synth.run();
}

TEST_CASE("Mynah Instrument LV2: loads an instrument and plays a MIDI note", "[instrument]") {
    Synth synth(48000.0, 512, true, true);
    REQUIRE(synth.waitForInstrument() > 0);
    std::vector<float> out = synth.run({{0, juce::MidiMessage::noteOn(1, 67, static_cast<juce::uint8>(100))}});
    for (int b = 0; b < 60; ++b) {
        const auto x = synth.run();
        out.insert(out.end(), x.begin(), x.end());
    }
    REQUIRE(rms(out, 4800, out.size()) > 0.003);
}
