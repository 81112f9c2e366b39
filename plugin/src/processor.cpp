// SPDX-License-Identifier: GPL-3.0-or-later
#include "processor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "editor.h"

namespace mynah::plugin {

namespace {
constexpr double kGainRampSeconds = 0.02;

bool isLoadableFile(const std::string& path) {
    std::error_code ec;
    return !path.empty() && std::filesystem::is_regular_file(path, ec);
}

bool sameFile(const std::string& a, const std::string& b) {
    std::error_code ec;
    return !a.empty() && !b.empty() && (a == b || std::filesystem::equivalent(a, b, ec));
}

std::string stemOf(const std::string& path) { return std::filesystem::path(path).stem().string(); }

PresetList findPresets() {
    try {
        return listPresets();
    } catch (const std::exception& e) {
        return PresetList{{}, {std::string("presets: ") + e.what()}};  // no presets: the program list says "Default"
    }
}
}  // namespace

MynahProcessor::MynahProcessor()
    : AudioProcessor(BusesProperties()
                         .withInput("Input", juce::AudioChannelSet::stereo(), true)
                         .withOutput("Output", juce::AudioChannelSet::stereo(), true)),
      models_(installedModels()),
      parameters_(*this, nullptr, "PARAMETERS", createParameterLayout(models_)),
      programs_(findPresets()) {
    modelParam_ = dynamic_cast<juce::AudioParameterChoice*>(parameters_.getParameter(param::kModel));
    bypassParam_ = dynamic_cast<juce::AudioParameterBool*>(parameters_.getParameter(param::kBypass));
    transpose_ = parameters_.getRawParameterValue(param::kTranspose);
    inputGainDb_ = parameters_.getRawParameterValue(param::kInputGain);
    outputGainDb_ = parameters_.getRawParameterValue(param::kOutputGain);
    dryWetPercent_ = parameters_.getRawParameterValue(param::kDryWet);
    gateDb_ = parameters_.getRawParameterValue(param::kGateThreshold);
    jassert(modelParam_ && bypassParam_ && transpose_ && inputGainDb_ && outputGainDb_ && dryWetPercent_ && gateDb_);
    if (models_.empty())
        setStatus(ModelState::NoModelInstalled, "",
                  "No model installed: put .mynah files in ~/.local/share/mynah/models (or $MYNAH_MODEL_PATH). "
                  "Audio passes through.");
    else
        setStatus(ModelState::NotLoadedYet, models_.front().name, "Model loads when playback starts.");
    if (!programs_.errors.empty())
        status_.presetError = programs_.errors.front() +
                              (programs_.errors.size() > 1 ? " (and " + std::to_string(programs_.errors.size() - 1) + " more presets skipped)" : "");
    // Nothing is loaded here: hosts' scanners and JUCE's LV2 helper construct the processor.
}

MynahProcessor::~MynahProcessor() {
    {
        std::lock_guard<std::mutex> lock(loaderMutex_);
        loader_.reset();
    }  // joins: no more callbacks into this object
    cancelPendingUpdate();
    std::lock_guard<std::mutex> lock(engineMutex_);
    engine_.reset();
    idleSession_.reset();
}

bool MynahProcessor::isBusesLayoutSupported(const BusesLayout& layouts) const {
    const auto ok = [](const juce::AudioChannelSet& set) {
        return set == juce::AudioChannelSet::mono() || set == juce::AudioChannelSet::stereo();
    };
    return ok(layouts.getMainInputChannelSet()) && ok(layouts.getMainOutputChannelSet());
}

juce::AudioProcessorParameter* MynahProcessor::getBypassParameter() const { return bypassParam_; }

int MynahProcessor::modelChoiceIndex() const { return modelParam_ ? modelParam_->getIndex() : 0; }

void MynahProcessor::prepareToPlay(double sampleRate, int maximumExpectedSamplesPerBlock) {
    const int maxBlock = std::max(1, maximumExpectedSamplesPerBlock);
    int latency = 0;
    {
        std::lock_guard<std::mutex> lock(engineMutex_);
        const bool realtime = !isNonRealtime();
        const bool same = engine_ && engine_->config().hostRateHz == sampleRate && engine_->config().maxBlockSamples == maxBlock &&
                          engine_->config().realtime == realtime;
        if (!same) {
            std::unique_ptr<runtime::InferenceSession> session = std::move(idleSession_);
            if (engine_) {
                xrunsOfOldEngines_ += engine_->xrunCount();
                if (auto released = engine_->releaseModel()) session = std::move(released);
            }
            engine::PipelineConfig config;
            config.hostRateHz = sampleRate;
            config.maxBlockSamples = maxBlock;
            config.realtime = realtime;
            engine_.reset();
            engine_ = std::make_unique<engine::Engine>(config);
            if (session) engine_->setModel(std::move(session));
        }
        latency = engine_->latencySamples();
    }
    sampleRateHz_.store(sampleRate, std::memory_order_relaxed);
    mono_.assign(static_cast<size_t>(maxBlock), 0.0f);
    inputGain_.reset(sampleRate, kGainRampSeconds);
    outputGain_.reset(sampleRate, kGainRampSeconds);
    inputGain_.setCurrentAndTargetValue(juce::Decibels::decibelsToGain(inputGainDb_->load()));
    outputGain_.setCurrentAndTargetValue(juce::Decibels::decibelsToGain(outputGainDb_->load()));
    setLatencySamples(latency);

    ensureLoaderStarted();
}

void MynahProcessor::ensureLoaderStarted() {
    std::lock_guard<std::mutex> lock(loaderMutex_);
    if (!loader_) {
        loader_ = std::make_unique<ModelLoaderThread>(
            [this] { return desiredModelPath(); },
            [this](const std::string& path) {
                const std::string name = stemOf(path);
                setStatus(ModelState::Loading, name, "Loading " + name + " ...");
            },
            [this](ModelLoaderThread::Result&& r) { onModelLoaded(std::move(r)); },
            [this] {
                std::lock_guard<std::mutex> engineLock(engineMutex_);
                if (engine_) engine_->collectRetired();
            });
    }
    loader_->wake();
}

void MynahProcessor::wakeLoader(bool retry) {
    std::lock_guard<std::mutex> lock(loaderMutex_);
    if (loader_) loader_->wake(retry);
}

void MynahProcessor::releaseResources() {
    // The engine and its model stay: hosts often release and prepare again with the same settings.
}

std::string MynahProcessor::desiredModelPath() {
    std::lock_guard<std::mutex> lock(modelMutex_);
    if (const SavedModel* file = modelFileLocked()) return file->path;
    overrideModel_.reset();
    const int index = modelChoiceIndex();
    if (index >= 0 && index < static_cast<int>(models_.size())) return models_[static_cast<size_t>(index)].path;
    return {};
}

void MynahProcessor::onModelLoaded(ModelLoaderThread::Result&& result) {
    const std::string wanted = stemOf(result.path);
    if (result.session) {
        const std::string name = result.session->metadata().name.empty() ? wanted : result.session->metadata().name;
        const std::string description = result.session->metadata().description;
        int latency = 0;
        {
            std::lock_guard<std::mutex> lock(engineMutex_);
            if (engine_) latency = engine_->setModel(std::move(result.session));
            else idleSession_ = std::move(result.session);
            playingPath_ = result.path;
            playingName_ = wanted;
        }
        std::string message = "Loaded " + wanted + " (" + name + ")";
        if (!description.empty()) message += ": " + description;
        juce::ignoreUnused(latency);
        setStatus(ModelState::Loaded, wanted, message);
    } else {
        setStatus(ModelState::Failed, wanted, failureMessage(wanted, result.error));
    }
    triggerAsyncUpdate();
}

std::string MynahProcessor::failureMessage(const std::string& wanted, const std::string& error) const {
    std::string playing;
    {
        std::lock_guard<std::mutex> lock(engineMutex_);
        playing = (engine_ && engine_->latencySamples() > 0) || idleSession_ ? playingName_ : std::string();
    }
    std::string message = "Failed to load " + wanted + ": " + error;
    return message + (playing.empty() ? " - audio passes through dry." : " - still playing " + playing + ".");
}

void MynahProcessor::handleAsyncUpdate() {
    const int latency = engineLatencySamples();
    if (latency != getLatencySamples()) setLatencySamples(latency);
    updateHostDisplay();
}

void MynahProcessor::setStatus(ModelState state, std::string modelName, std::string message) {
    std::lock_guard<std::mutex> lock(statusMutex_);
    status_.state = state;
    status_.modelName = std::move(modelName);
    status_.message = std::move(message);
}

MynahProcessor::Status MynahProcessor::status() const {
    std::lock_guard<std::mutex> lock(statusMutex_);
    Status s = status_;
    std::lock_guard<std::mutex> modelLock(modelMutex_);
    if (!unavailableModelNote_.empty()) s.message += " (" + unavailableModelNote_ + ")";
    return s;
}

int MynahProcessor::engineLatencySamples() const {
    std::lock_guard<std::mutex> lock(engineMutex_);
    return engine_ ? engine_->latencySamples() : 0;
}

std::uint64_t MynahProcessor::xrunCount() const {
    std::lock_guard<std::mutex> lock(engineMutex_);
    return xrunsOfOldEngines_ + (engine_ ? engine_->xrunCount() : 0);
}

void MynahProcessor::processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer&) {
    process(buffer, bypassParam_->get());
}

void MynahProcessor::processBlockBypassed(juce::AudioBuffer<float>& buffer, juce::MidiBuffer&) { process(buffer, true); }

void MynahProcessor::process(juce::AudioBuffer<float>& buffer, bool bypassed) {
    juce::ScopedNoDenormals noDenormals;
    const auto started = std::chrono::steady_clock::now();
    const int numSamples = buffer.getNumSamples();
    const int numIn = std::min(getTotalNumInputChannels(), buffer.getNumChannels());
    const int numOut = std::min(getTotalNumOutputChannels(), buffer.getNumChannels());
    engine::Engine* engine = engine_.get();  // replaced only in prepareToPlay, never during processing
    if (engine == nullptr || mono_.empty() || numOut == 0) return;

    engine->setWetMix(bypassed ? 0.0f : std::clamp(dryWetPercent_->load(std::memory_order_relaxed) / 100.0f, 0.0f, 1.0f));
    engine->setTransposeSemitones(transpose_->load(std::memory_order_relaxed));
    engine->setGateThresholdDb(gateDb_->load(std::memory_order_relaxed));
    inputGain_.setTargetValue(bypassed ? 1.0f : juce::Decibels::decibelsToGain(inputGainDb_->load(std::memory_order_relaxed)));
    outputGain_.setTargetValue(bypassed ? 1.0f : juce::Decibels::decibelsToGain(outputGainDb_->load(std::memory_order_relaxed)));

    const int chunkMax = static_cast<int>(mono_.size());
    const float inScale = numIn > 0 ? 1.0f / static_cast<float>(numIn) : 0.0f;
    for (int start = 0; start < numSamples; start += chunkMax) {
        const int n = std::min(chunkMax, numSamples - start);
        float* mono = mono_.data();
        std::fill(mono, mono + n, 0.0f);
        for (int ch = 0; ch < numIn; ++ch) {
            const float* in = buffer.getReadPointer(ch, start);
            for (int i = 0; i < n; ++i) mono[i] += in[i];
        }
        for (int i = 0; i < n; ++i) mono[i] *= inScale * inputGain_.getNextValue();
        inputTap_.publish(mono, n);
        engine->process(mono, mono, n);
        for (int i = 0; i < n; ++i) mono[i] *= outputGain_.getNextValue();
        outputTap_.publish(mono, n);
        for (int ch = 0; ch < numOut; ++ch) std::copy(mono, mono + n, buffer.getWritePointer(ch, start));
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    load_.addBlock(elapsed.count(), numSamples, engine->config().hostRateHz);
}

juce::AudioProcessorEditor* MynahProcessor::createEditor() {
    ensureLoaderStarted();  // the user is looking: show the model's status even before playback
    return new MynahEditor(*this);
}

void MynahProcessor::getStateInformation(juce::MemoryBlock& destData) {
    PluginState state;
    state.parameters = parameterValues(*this);
    {
        std::lock_guard<std::mutex> lock(modelMutex_);
        const int index = modelChoiceIndex();
        if (const SavedModel* file = modelFileLocked()) state.model = *file;
        else if (index >= 0 && index < static_cast<int>(models_.size())) state.model = SavedModel{models_[static_cast<size_t>(index)].name, models_[static_cast<size_t>(index)].path};
    }
    writeState(StateKind::voice, state, destData);
}

void MynahProcessor::setStateInformation(const void* data, int sizeInBytes) {
    if (sizeInBytes <= 0) return;
    const StateParse parsed = parseState(StateKind::voice, data, static_cast<std::size_t>(sizeInBytes));
    setStateError(parsed.state ? std::string() : parsed.error);
    if (!parsed.state) return;  // not a Mynah state (garbage, truncated): keep the current settings
    applyParameterValues(*this, parsed.state->parameters);
    if (parsed.state->model) chooseModel(*parsed.state->model, "the saved model");
    wakeLoader();
}

// The model: the installed one at its path, else the file at its path (a model file: the override),
// else the installed one of its name, else keep the choice and say so in the status line. The path
// comes first so that a model file named like an installed model is restored as itself.
void MynahProcessor::chooseModel(const SavedModel& wanted, const std::string& whose) {
    const int choices = std::min(static_cast<int>(models_.size()), kModelSlots);
    const auto installed = [&](const auto& matches) {
        for (int i = 0; i < choices; ++i)
            if (matches(models_[static_cast<size_t>(i)])) return i;
        return -1;
    };
    int index = installed([&](const ModelChoice& m) { return sameFile(m.path, wanted.path); });
    const bool fromFile = index < 0 && isLoadableFile(wanted.path);
    if (index < 0 && !fromFile) index = installed([&](const ModelChoice& m) { return m.name == wanted.name; });
    if (index >= 0) modelParam_->setValueNotifyingHost(modelParam_->convertTo0to1(static_cast<float>(index)));
    std::lock_guard<std::mutex> lock(modelMutex_);
    unavailableModelNote_.clear();
    overrideModel_.reset();
    if (fromFile) {
        overrideModel_ = wanted;
        overrideChoiceIndex_ = modelChoiceIndex();
    } else if (index < 0) {
        unavailableModelNote_ = whose + " " + (wanted.name.empty() ? wanted.path : wanted.name) + " is not installed";
    }
}

std::string MynahProcessor::loadModelFile(const std::string& path) {
    if (!isLoadableFile(path)) {
        const std::string error = path + ": no such file";
        setStatus(ModelState::Failed, stemOf(path), failureMessage(stemOf(path), error));
        return error;
    }
    chooseModel(SavedModel{stemOf(path), path}, "the model file");
    wakeLoader(true);  // load it even when this path was tried before (the file may have changed)
    return {};
}

void MynahProcessor::forgetModelFile() {
    {
        std::lock_guard<std::mutex> lock(modelMutex_);
        overrideModel_.reset();
    }
    wakeLoader();
}

std::optional<SavedModel> MynahProcessor::modelFile() const {
    std::lock_guard<std::mutex> lock(modelMutex_);
    const SavedModel* file = modelFileLocked();
    return file ? std::optional<SavedModel>(*file) : std::nullopt;
}

const SavedModel* MynahProcessor::modelFileLocked() const {
    return overrideModel_ && modelChoiceIndex() == overrideChoiceIndex_ ? &*overrideModel_ : nullptr;
}

int MynahProcessor::getNumPrograms() { return std::max(1, static_cast<int>(programs_.presets.size())); }

int MynahProcessor::getCurrentProgram() { return currentProgram_.load(std::memory_order_relaxed); }

const juce::String MynahProcessor::getProgramName(int index) {
    if (index >= 0 && index < static_cast<int>(programs_.presets.size()))
        return juce::String(programs_.presets[static_cast<size_t>(index)].preset.name);
    return index == 0 ? "Default" : "";
}

void MynahProcessor::setCurrentProgram(int index) {
    if (index < 0 || index >= static_cast<int>(programs_.presets.size())) return;
    loadPreset(programs_.presets[static_cast<size_t>(index)].path);
}

std::string MynahProcessor::loadPreset(const std::string& path) {
    Preset preset;
    try {
        preset = readPresetFile(path);
    } catch (const PresetError& e) {
        setPresetStatus({}, e.what());
        return e.what();
    }
    applyParameterValues(*this, preset.parameters);
    if (!preset.model.empty()) chooseModel(SavedModel{preset.model, ""}, "the preset's model");
    const auto inList = std::find_if(programs_.presets.begin(), programs_.presets.end(), [&](const PresetEntry& e) { return e.path == path; });
    if (inList != programs_.presets.end()) currentProgram_.store(static_cast<int>(inList - programs_.presets.begin()));
    setPresetStatus(preset.name, {});
    wakeLoader();
    return {};
}

Preset MynahProcessor::currentSettingsAsPreset(const std::string& name) const {
    Preset preset;
    preset.name = name;
    for (const PresetField& field : presetFields())
        if (auto* p = parameters_.getParameter(field.parameterId)) preset.parameters[field.parameterId] = p->convertFrom0to1(p->getValue());
    std::lock_guard<std::mutex> lock(modelMutex_);
    const int index = modelChoiceIndex();
    if (const SavedModel* file = modelFileLocked()) preset.model = file->name;
    else if (index >= 0 && index < static_cast<int>(models_.size())) preset.model = models_[static_cast<size_t>(index)].name;
    return preset;
}

void MynahProcessor::setPresetStatus(std::string presetName, std::string presetError) {
    std::lock_guard<std::mutex> lock(statusMutex_);
    if (presetError.empty()) status_.presetName = std::move(presetName);
    status_.presetError = std::move(presetError);
}

void MynahProcessor::setStateError(std::string stateError) {
    std::lock_guard<std::mutex> lock(statusMutex_);
    status_.stateError = std::move(stateError);
}

}  // namespace mynah::plugin

// The entry point every JUCE plugin wrapper calls.
juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter() { return new mynah::plugin::MynahProcessor(); }
