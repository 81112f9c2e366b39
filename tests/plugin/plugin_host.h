// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Hosting the built Mynah VST3 and LV2 bundles with JUCE's own plugin hosting
// (AudioPluginFormatManager), for the host tests (test_plugin_host.cpp, test_plugin_vs_cli.cpp) and
// the instance-cost measurement (plugin_cost.cpp). Failures are reported through Catch2.
//
// Threads: everything here runs on the test's main thread, which is JUCE's message thread (main.cpp).
#include <juce_audio_processors/juce_audio_processors.h>

#include <functional>
#include <memory>
#include <vector>

namespace mynah::plugin_test {

enum class Format { Vst3, Lv2 };

const char* formatName(Format f);

// The plugin's description, found in the build tree once and cached (loads the VST3 module or the
// LV2 bundle's world on first use).
juce::PluginDescription describe(Format f);

std::unique_ptr<juce::AudioPluginInstance> create(Format f, double rateHz, int maxBlockSamples);

// The "Mynah Instrument" synth (VST3, or LV2 when `lv2`), buses enabled, not prepared.
std::unique_ptr<juce::AudioPluginInstance> createInstrument(double rateHz, int block, bool lv2 = false);

// Runs JUCE's message loop for `ms` milliseconds (async updates, timers: what a host's GUI thread does).
void pump(int ms);

// The host formats wrap the plugin's own state (what its getStateInformation wrote): VST3 as base64 in
// <VST3PluginState><IComponent>, LV2 as a JUCE base64 string in a lilv state (the ...:StateString
// property). These reach into the wrapper, so a test reads the plugin's own bytes or gives its
// setStateInformation() exactly the bytes under test.
juce::MemoryBlock pluginBlobFromHostState(Format f, const juce::MemoryBlock& hostState);
juce::MemoryBlock hostStateWithPluginBlob(Format f, const juce::MemoryBlock& hostState, const juce::MemoryBlock& blob);

juce::AudioProcessorParameter* findParameter(juce::AudioPluginInstance& instance, const juce::String& name);
void setParameter(juce::AudioPluginInstance& instance, const juce::String& name, float normalised);

// Sets the Model parameter to the slot whose label is `modelName` (VST3: the plugin names its slots;
// an LV2 host takes the labels from the bundle's TTL). Call it before prepareToPlay, so the loader
// thread's first load is this model.
void selectModel(juce::AudioPluginInstance& instance, const juce::String& modelName);

// One instance, buses enabled, prepared at `rateHz` with at most `maxBlock` samples per call.
struct Rig {
    using BeforePrepare = std::function<void(juce::AudioPluginInstance&)>;

    std::unique_ptr<juce::AudioPluginInstance> plugin;
    double rate;
    int block;
    juce::AudioBuffer<float> buffer;
    juce::MidiBuffer midi;

    // `beforePrepare` runs on the new instance before prepareToPlay (e.g. selectModel).
    Rig(Format f, double rateHz, int maxBlock, bool nonRealtime = false, const BeforePrepare& beforePrepare = {});
    ~Rig();
    Rig(const Rig&) = delete;
    Rig& operator=(const Rig&) = delete;

    // Runs `input` (mono, written to every input channel) through the plugin in blocks of at most
    // `maxChunk` samples (random sizes when `randomSizes`), returns output channel 0.
    std::vector<float> run(const std::vector<float>& input, int maxChunk, bool randomSizes = false, unsigned seed = 1);

    // Waits (pumping messages, feeding silence) until the plugin reports a latency > 0: the model has
    // loaded. Returns the latency (0: timed out). Works for both formats (LV2 reports its latency
    // from run()).
    int waitForModel(double seconds = 60.0);

    // The same without processing any audio (VST3 only: its latency reaches the host through the
    // message thread). The model's pipeline then starts from its initial state with the first sample
    // processed afterwards, as it does in `mynah convert`.
    int waitForModelWithoutAudio(double seconds = 60.0, int pumpMs = 20);
};

}  // namespace mynah::plugin_test
