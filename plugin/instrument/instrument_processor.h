// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Mynah Instrument": the synth build of the plugin (VST3, LV2, Standalone; MIDI in, audio out). A thin
// shell over mynah::instrument::InstrumentPipeline: the host's MIDI goes in with its sample offsets,
// the voices' mix comes out on every output channel, times the output gain.
//
//   prepareToPlay  -> remembers rate and maximum block; starts the loader thread on first use
//   loader thread  -> loads the chosen instrument (one session per voice), builds a pipeline for the
//                     rate, block and polyphony, swaps it in, retires the old one once the audio
//                     thread has left it; setLatencySamples(pipeline latency) on the message thread
//   processBlock   -> audio thread: no allocation, no lock; silence until an instrument is loaded
//
// Latency (note-on to sound, reported to the host): maxBlock + one 5 ms frame - 1 sample.
// Polyphony changes rebuild the pipeline (one network per voice); attack, release and glide apply
// live. A non-real-time host (an offline bounce) gets the pipeline's offline mode: the same output,
// computed inside processBlock, never an xrun. A package that fails to load (or is not an instrument) leaves the previous one playing (or
// silence) and status() says why.
//
// Threads: constructor, destructor, state and status on the message thread (state and status on any
// non-real-time thread too); processBlock on the audio thread.
#include <juce_audio_processors/juce_audio_processors.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "instrument_parameters.h"
#include "model_loader_thread.h"
#include "mynah/instrument/instrument_pipeline.h"

namespace mynah::plugin {

class InstrumentProcessor : public juce::AudioProcessor,
                            private juce::AsyncUpdater,
                            private juce::AudioProcessorValueTreeState::Listener {
public:
    InstrumentProcessor();
    ~InstrumentProcessor() override;

    void prepareToPlay(double sampleRate, int maximumExpectedSamplesPerBlock) override;
    void releaseResources() override {}
    bool isBusesLayoutSupported(const BusesLayout& layouts) const override;
    void processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) override;
    using juce::AudioProcessor::processBlock;

    juce::AudioProcessorEditor* createEditor() override;
    bool hasEditor() const override { return true; }
    void setNonRealtime(bool isNonRealtime) noexcept override;
    const juce::String getName() const override { return JucePlugin_Name; }
    bool acceptsMidi() const override { return true; }
    bool producesMidi() const override { return false; }
    bool isMidiEffect() const override { return false; }
    double getTailLengthSeconds() const override;
    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram(int) override {}
    const juce::String getProgramName(int) override { return "Default"; }
    void changeProgramName(int, const juce::String&) override {}
    void getStateInformation(juce::MemoryBlock& destData) override;
    void setStateInformation(const void* data, int sizeInBytes) override;

    // For tests and the editor.
    std::string status() const;
    std::string loadedInstrument() const;
    int pipelineLatencySamples() const;
    const std::vector<InstrumentChoice>& instruments() const { return instruments_; }
    juce::AudioProcessorValueTreeState& parameters() { return parameters_; }

private:
    std::string desiredPath() const;
    void onLoaded(ModelLoaderThread::Result&& result);
    void swapIn(std::unique_ptr<instrument::InstrumentPipeline> pipeline);
    void handleAsyncUpdate() override;  // message thread: setLatencySamples
    void parameterChanged(const juce::String& id, float value) override;  // polyphony: reload
    int wantedPolyphony() const;
    // The pipeline's build settings (polyphony, rate, block, real time or offline) packed in one number.
    std::uint64_t wantedBuild() const;
    // Asks the loader for a new pipeline when the wanted build differs from the one playing (hosts
    // re-send unchanged values: a needless rebuild would drop the notes sounding). Any thread.
    void rebuildIfChanged();

    std::vector<InstrumentChoice> instruments_;
    juce::AudioProcessorValueTreeState parameters_;
    std::atomic<float>* instrument_;
    std::atomic<float>* polyphony_;
    std::atomic<float>* attackMs_;
    std::atomic<float>* releaseMs_;
    std::atomic<float>* glideMs_;
    std::atomic<float>* outputGainDb_;
    std::atomic<double> rateHz_{0.0};
    std::atomic<int> maxBlock_{0};

    std::atomic<instrument::InstrumentPipeline*> live_{nullptr};  // what the audio thread plays
    std::atomic<bool> inProcess_{false};                          // the audio thread is inside processBlock
    std::unique_ptr<instrument::InstrumentPipeline> owned_;        // owner of live_ (loader thread)
    std::vector<instrument::BlockMidiEvent> events_;               // audio thread scratch (fixed capacity)
    std::vector<float> mono_;                                      // audio thread scratch
    std::atomic<int> latency_{0};
    std::atomic<std::uint64_t> builtFor_{0};    // wantedBuild() of the pipeline playing (0: none yet)
    std::atomic<std::uint64_t> startedFor_{0};  // wantedBuild() when the latest load began
    mutable std::mutex statusMutex_;
    std::string status_ = "no instrument loaded yet";
    std::string loaded_;
    std::unique_ptr<ModelLoaderThread> loader_;
};

}  // namespace mynah::plugin
