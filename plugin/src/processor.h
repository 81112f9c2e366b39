// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Mynah plugin's AudioProcessor: a thin shell over mynah::engine::Engine (the one audio path every
// surface shares). Mono processing: the input channels are averaged to mono, input gain, the engine,
// output gain, and the result goes to every output channel. Mono and stereo buses are accepted.
//
//   prepareToPlay  -> an Engine for the host rate and maximum block (rebuilt when either changes,
//                     keeping the loaded model), scratch buffers, the loader thread on first use
//                     (or createEditor: never the constructor)
//   loader thread  -> loads the selected model (ModelLoaderThread), Engine::setModel, then on the
//                     message thread setLatencySamples(engine latency) + updateHostDisplay()
//   processBlock   -> audio thread: no allocation, no lock, reads parameters as atomics
//
// Bypass (the host's, getBypassParameter()) keeps the engine running with wet mix 0: the output is
// the input delayed by exactly the reported latency, so bypassing never shifts the track.
// A model that fails to load leaves the audio dry (no model: pass-through, latency 0) or keeps the
// model that was already playing; status() says why.
//
// Threads: constructor/destructor, editor, state and status on the message thread (state and status
// also on any non-real-time thread); processBlock on the audio thread.
#include <juce_audio_processors/juce_audio_processors.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "model_loader_thread.h"
#include "mynah/engine/engine.h"
#include "parameters.h"
#include "plugin_state.h"

namespace mynah::plugin {

class MynahProcessor : public juce::AudioProcessor, private juce::AsyncUpdater {
public:
    enum class ModelState { NoModelInstalled, NotLoadedYet, Loading, Loaded, Failed };
    struct Status {
        ModelState state = ModelState::NotLoadedYet;
        std::string modelName;  // the model playing (Loaded) or wanted
        std::string message;    // one line for the editor
    };

    MynahProcessor();
    ~MynahProcessor() override;

    // AudioProcessor.
    void prepareToPlay(double sampleRate, int maximumExpectedSamplesPerBlock) override;
    void releaseResources() override;
    bool isBusesLayoutSupported(const BusesLayout& layouts) const override;
    void processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) override;
    void processBlockBypassed(juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) override;
    using juce::AudioProcessor::processBlock;
    using juce::AudioProcessor::processBlockBypassed;
    juce::AudioProcessorParameter* getBypassParameter() const override;

    juce::AudioProcessorEditor* createEditor() override;
    bool hasEditor() const override { return true; }

    const juce::String getName() const override { return JucePlugin_Name; }
    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    bool isMidiEffect() const override { return false; }
    double getTailLengthSeconds() const override { return 0.0; }

    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram(int) override {}
    const juce::String getProgramName(int) override { return "Default"; }
    void changeProgramName(int, const juce::String&) override {}

    void getStateInformation(juce::MemoryBlock& destData) override;
    void setStateInformation(const void* data, int sizeInBytes) override;

    // For the editor (message thread).
    juce::AudioProcessorValueTreeState& parameters() { return parameters_; }
    const std::vector<ModelChoice>& installedModelList() const { return models_; }
    Status status() const;
    int engineLatencySamples() const;
    double currentSampleRateHz() const { return sampleRateHz_.load(std::memory_order_relaxed); }
    std::uint64_t xrunCount() const;

private:
    void handleAsyncUpdate() override;
    void ensureLoaderStarted();
    void process(juce::AudioBuffer<float>& buffer, bool bypassed);
    std::string desiredModelPath();
    void onModelLoaded(ModelLoaderThread::Result&& result);
    void setStatus(ModelState state, std::string modelName, std::string message);
    int modelChoiceIndex() const;

    std::vector<ModelChoice> models_;  // fixed at construction: the model parameter's choices
    juce::AudioProcessorValueTreeState parameters_;
    juce::AudioParameterChoice* modelParam_ = nullptr;
    juce::AudioParameterBool* bypassParam_ = nullptr;
    std::atomic<float>* transpose_ = nullptr;
    std::atomic<float>* inputGainDb_ = nullptr;
    std::atomic<float>* outputGainDb_ = nullptr;
    std::atomic<float>* dryWetPercent_ = nullptr;
    std::atomic<float>* gateDb_ = nullptr;

    // The engine: replaced only in prepareToPlay (never while processBlock runs); the loader thread
    // calls setModel() and collectRetired() on it under engineMutex_. The audio thread never locks.
    mutable std::mutex engineMutex_;
    std::unique_ptr<engine::Engine> engine_;
    std::unique_ptr<runtime::InferenceSession> idleSession_;  // loaded before the first prepareToPlay
    std::string playingPath_, playingName_;                   // the model the engine has
    std::uint64_t xrunsOfOldEngines_ = 0;
    std::atomic<double> sampleRateHz_{0.0};

    // The model a saved state asked for when it is not among the choices (by path), and the choice
    // index at that time: choosing another model in the list drops it.
    mutable std::mutex modelMutex_;
    std::optional<SavedModel> overrideModel_;
    int overrideChoiceIndex_ = -1;
    std::string unavailableModelNote_;

    mutable std::mutex statusMutex_;
    Status status_;

    std::mutex loaderMutex_;
    std::unique_ptr<ModelLoaderThread> loader_;  // started by the first prepareToPlay or createEditor

    // Audio-thread scratch, sized in prepareToPlay.
    std::vector<float> mono_;
    juce::SmoothedValue<float, juce::ValueSmoothingTypes::Multiplicative> inputGain_{1.0f}, outputGain_{1.0f};

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(MynahProcessor)
};

}  // namespace mynah::plugin
