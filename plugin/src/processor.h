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
// Models outside the parameter's choices: loadModelFile() (the editor's "Load model file...") and a
// saved state whose model is a file that is not installed both set the one override (overrideModel_,
// by path), which the loader thread plays instead of the chosen slot until the model parameter changes,
// forgetModelFile() is called (the user picks a model in the list) or a preset or state names another.
//
// Presets (presets/preset_library.h): the host's program list is the presets found when the processor
// was constructed (factory first, then the user's); setCurrentProgram() and loadPreset() read the file
// again and apply it whole, or change nothing and say why in status().presetError.
// For the editor the audio thread publishes the mono input (after the input gain) and output through
// two SignalTaps (lock-free rings + peak atomics) and its processing load (ProcessingLoad).
//
// Threads: constructor/destructor, editor, state, programs, presets, model files and status on the message thread
// (state and status also on any non-real-time thread); processBlock on the audio thread.
#include <juce_audio_processors/juce_audio_processors.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "model_loader_thread.h"
#include "mynah/engine/engine.h"
#include "parameter_values.h"
#include "parameters.h"
#include "plugin_state.h"
#include "presets/preset_library.h"
#include "processing_load.h"
#include "signal_tap.h"

namespace mynah::plugin {

class MynahProcessor : public juce::AudioProcessor, private juce::AsyncUpdater {
public:
    enum class ModelState { NoModelInstalled, NotLoadedYet, Loading, Loaded, Failed };
    struct Status {
        ModelState state = ModelState::NotLoadedYet;
        std::string modelName;  // the model playing (Loaded) or wanted
        std::string message;    // one line for the editor
        std::string presetName;   // the preset last applied (empty: none since construction)
        std::string presetError;  // why the last preset could not be applied (empty: it was)
        std::string stateError;   // why the host's last saved state was refused (empty: it was restored, or none came)
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

    // The program list: the presets found at construction ("Default" alone when there are none).
    int getNumPrograms() override;
    int getCurrentProgram() override;
    void setCurrentProgram(int index) override;
    const juce::String getProgramName(int index) override;
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
    float processingLoadRatio() const { return load_.loadRatio(); }  // time in processBlock / block duration
    SignalTap& inputTap() { return inputTap_; }
    SignalTap& outputTap() { return outputTap_; }
    const PresetList& programPresets() const { return programs_; }
    // Reads the preset file and applies it (parameters, then its model by name); on failure changes
    // nothing. Returns the one-line error, empty on success. Also sets status().
    std::string loadPreset(const std::string& path);
    // The current settings as a preset named `name` (for saving).
    Preset currentSettingsAsPreset(const std::string& name) const;
    // Plays the `.mynah` file at `path` instead of the chosen slot (an installed model's path selects
    // that slot). The loader thread loads it (again, even if it was tried before); a load failure
    // shows in status() and audio keeps passing (dry, or the model already playing). Returns the
    // one-line error when there is no such file (nothing changes then but the status), else empty.
    std::string loadModelFile(const std::string& path);
    // The model parameter's choice plays again (the user picked a model in the list).
    void forgetModelFile();
    // The model file that plays instead of the chosen slot (loaded from a file or restored by path).
    std::optional<SavedModel> modelFile() const;

private:
    void handleAsyncUpdate() override;
    void ensureLoaderStarted();
    void process(juce::AudioBuffer<float>& buffer, bool bypassed);
    std::string desiredModelPath();
    void onModelLoaded(ModelLoaderThread::Result&& result);
    std::string failureMessage(const std::string& wanted, const std::string& error) const;
    void wakeLoader(bool retry = false);
    void setStatus(ModelState state, std::string modelName, std::string message);
    int modelChoiceIndex() const;
    const SavedModel* modelFileLocked() const;  // modelFile() with modelMutex_ held; null: none
    void chooseModel(const SavedModel& wanted, const std::string& whose);
    void setPresetStatus(std::string presetName, std::string presetError);
    void setStateError(std::string stateError);

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

    // The model file that plays instead of the choice (a saved state's or loadModelFile()'s, by path)
    // and the choice index at that time: choosing another model in the list drops it.
    mutable std::mutex modelMutex_;
    std::optional<SavedModel> overrideModel_;
    int overrideChoiceIndex_ = -1;
    std::string unavailableModelNote_;

    mutable std::mutex statusMutex_;
    Status status_;

    PresetList programs_;  // fixed at construction: hosts cache the program list
    std::atomic<int> currentProgram_{0};

    // For the editor: published by the audio thread, read by the editor's timer.
    static constexpr std::size_t kTapCapacitySamples = std::size_t{1} << 17;  // 1.4 s at 96 kHz
    SignalTap inputTap_{kTapCapacitySamples}, outputTap_{kTapCapacitySamples};
    ProcessingLoad load_;

    std::mutex loaderMutex_;
    std::unique_ptr<ModelLoaderThread> loader_;  // started by the first prepareToPlay or createEditor

    // Audio-thread scratch, sized in prepareToPlay.
    std::vector<float> mono_;
    juce::SmoothedValue<float, juce::ValueSmoothingTypes::Multiplicative> inputGain_{1.0f}, outputGain_{1.0f};

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(MynahProcessor)
};

}  // namespace mynah::plugin
