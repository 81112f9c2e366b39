// SPDX-License-Identifier: GPL-3.0-or-later
#include "instrument_processor.h"

#include <chrono>
#include <cmath>
#include <thread>

#include "mynah/engine/thread_priority.h"
#include "mynah/runtime/model_error.h"
#include "mynah/runtime/model_loader.h"
#include "parameter_values.h"
#include "plugin_state.h"

namespace mynah::plugin {
namespace {
constexpr int kMaxEventsPerBlock = 2048;  // more in one block are dropped (and counted by nobody: rare)
}

InstrumentProcessor::InstrumentProcessor()
    : AudioProcessor(BusesProperties().withOutput("Output", juce::AudioChannelSet::stereo(), true)),
      instruments_(installedInstruments()),
      parameters_(*this, nullptr, kInstrumentStateTag, createInstrumentLayout(instruments_)),
      instrument_(parameters_.getRawParameterValue(instrument_param::kInstrument)),
      polyphony_(parameters_.getRawParameterValue(instrument_param::kPolyphony)),
      attackMs_(parameters_.getRawParameterValue(instrument_param::kAttackMs)),
      releaseMs_(parameters_.getRawParameterValue(instrument_param::kReleaseMs)),
      glideMs_(parameters_.getRawParameterValue(instrument_param::kGlideMs)),
      outputGainDb_(parameters_.getRawParameterValue(instrument_param::kOutputGainDb)) {
    events_.reserve(kMaxEventsPerBlock);
    parameters_.addParameterListener(instrument_param::kPolyphony, this);
}

InstrumentProcessor::~InstrumentProcessor() {
    parameters_.removeParameterListener(instrument_param::kPolyphony, this);
    cancelPendingUpdate();
    loader_.reset();  // joins
    live_.store(nullptr);
}

bool InstrumentProcessor::isBusesLayoutSupported(const BusesLayout& layouts) const {
    const auto& out = layouts.getMainOutputChannelSet();
    return layouts.getMainInputChannelSet().isDisabled() &&
           (out == juce::AudioChannelSet::mono() || out == juce::AudioChannelSet::stereo());
}

std::string InstrumentProcessor::desiredPath() const {
    const int slot = static_cast<int>(instrument_->load());
    if (slot < 0 || slot >= static_cast<int>(instruments_.size()) || rateHz_.load() <= 0.0) return {};
    return instruments_[static_cast<size_t>(slot)].path;
}

void InstrumentProcessor::parameterChanged(const juce::String&, float) {
    rebuildIfChanged();  // a new polyphony needs a new pipeline (one network per voice)
}

int InstrumentProcessor::wantedPolyphony() const {
    return std::clamp(static_cast<int>(polyphony_->load()), 1, instrument::InstrumentPlayer::kMaxVoices);
}

std::uint64_t InstrumentProcessor::wantedBuild() const {
    const auto rateCentiHz = static_cast<std::uint64_t>(std::llround(std::max(0.0, rateHz_.load()) * 100.0)) & 0x3ffffffffULL;
    const auto block = static_cast<std::uint64_t>(std::max(0, maxBlock_.load())) & 0xfffffULL;
    return rateCentiHz << 26 | block << 6 | static_cast<std::uint64_t>(wantedPolyphony()) << 1 | (isNonRealtime() ? 0U : 1U);
}

void InstrumentProcessor::rebuildIfChanged() {
    const std::uint64_t wanted = wantedBuild();
    if (loader_ && wanted != builtFor_.load() && wanted != startedFor_.load()) loader_->wake(true);
}

void InstrumentProcessor::prepareToPlay(double sampleRate, int maximumExpectedSamplesPerBlock) {
    const int block = std::max(1, maximumExpectedSamplesPerBlock);
    const bool rateChanged = rateHz_.exchange(sampleRate) != sampleRate;
    const bool blockChanged = maxBlock_.exchange(block) != block;
    const bool changed = rateChanged || blockChanged;
    // The audio thread is not running during prepareToPlay: its scratch may be reallocated.
    mono_.assign(static_cast<size_t>(std::max(1, maximumExpectedSamplesPerBlock)), 0.0f);
    if (!loader_) {
        loader_ = std::make_unique<ModelLoaderThread>(
            [this] { return desiredPath(); },
            [this](const std::string&) {
                startedFor_.store(wantedBuild());  // what this load will build (onLoaded reads the settings later)
                std::lock_guard<std::mutex> lock(statusMutex_);
                status_ = "loading...";
            },
            [this](ModelLoaderThread::Result&& r) { onLoaded(std::move(r)); }, [] {});
    } else if (changed) {
        rebuildIfChanged();  // a new rate or block size needs a new pipeline
    }
}

void InstrumentProcessor::onLoaded(ModelLoaderThread::Result&& r) {
    // Loader thread.
    auto setStatus = [this](const std::string& s) {
        std::lock_guard<std::mutex> lock(statusMutex_);
        status_ = s;
    };
    if (!r.session) {
        setStatus(r.error);
        return;
    }
    const std::string& file = r.path;
    try {
        std::vector<std::unique_ptr<runtime::InferenceSession>> sessions;
        sessions.push_back(std::move(r.session));
        const std::uint64_t build = wantedBuild();  // read before the settings below, so a change made meanwhile rebuilds
        const int polyphony = wantedPolyphony();
        for (int v = 1; v < polyphony; ++v)
            sessions.push_back(engine::runAtBackgroundPriority("mynah-load", [&] { return runtime::loadModelPackage(file); }));
        instrument::PipelineSettings s;
        s.hostRateHz = rateHz_.load();
        s.maxBlockSamples = maxBlock_.load();
        s.realTime = !isNonRealtime();  // an offline bounce renders synchronously: never an xrun
        s.player.polyphony = polyphony;
        s.player.shape.attackMs = attackMs_->load();
        s.player.shape.releaseMs = releaseMs_->load();
        s.player.shape.glideMs = glideMs_->load();
        auto pipeline = std::make_unique<instrument::InstrumentPipeline>(std::move(sessions), s);
        const std::string name = pipeline->metadata().name;
        latency_.store(pipeline->latencySamples());
        swapIn(std::move(pipeline));
        builtFor_.store(build);
        {
            std::lock_guard<std::mutex> lock(statusMutex_);
            loaded_ = name;
            status_ = name + " (" + std::to_string(polyphony) + " voices)";
        }
        triggerAsyncUpdate();
    } catch (const std::exception& e) {
        setStatus(e.what());
    }
}

void InstrumentProcessor::swapIn(std::unique_ptr<instrument::InstrumentPipeline> pipeline) {
    live_.store(pipeline.get());
    // The audio thread may still be inside processBlock with the old pipeline: wait until it leaves
    // (it sets inProcess_ before reading live_, so after this it can only see the new one).
    while (inProcess_.load()) std::this_thread::sleep_for(std::chrono::microseconds(200));
    owned_ = std::move(pipeline);
}

void InstrumentProcessor::handleAsyncUpdate() {
    setLatencySamples(latency_.load());
    updateHostDisplay();
}

void InstrumentProcessor::processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) {
    juce::ScopedNoDenormals noDenormals;
    inProcess_.store(true);
    instrument::InstrumentPipeline* p = live_.load();
    const int n = buffer.getNumSamples();
    if (p == nullptr || n > static_cast<int>(mono_.size())) {
        buffer.clear();
        inProcess_.store(false);
        return;
    }
    events_.clear();
    for (const juce::MidiMessageMetadata m : midi) {
        if (events_.size() == events_.capacity()) break;
        // From the raw bytes: building a juce::MidiMessage would allocate for a long (sysex) message.
        midi::MidiEvent e;
        if (!midi::decodeChannelMessageBytes(m.data, m.numBytes, &e)) continue;
        events_.push_back({std::clamp(m.samplePosition, 0, n - 1), e});
    }
    p->setEnvelope(attackMs_->load(), releaseMs_->load(), glideMs_->load());
    p->process(events_.data(), static_cast<int>(events_.size()), mono_.data(), n);
    const float gain = juce::Decibels::decibelsToGain(outputGainDb_->load());
    for (int c = 0; c < buffer.getNumChannels(); ++c) {
        float* out = buffer.getWritePointer(c);
        for (int i = 0; i < n; ++i) out[i] = gain * mono_[static_cast<size_t>(i)];
    }
    inProcess_.store(false);
}

void InstrumentProcessor::setNonRealtime(bool offline) noexcept {
    const bool changed = offline != isNonRealtime();
    AudioProcessor::setNonRealtime(offline);
    if (changed) rebuildIfChanged();  // the pipeline's mode follows the host's
}

double InstrumentProcessor::getTailLengthSeconds() const { return releaseMs_->load() / 1000.0; }

juce::AudioProcessorEditor* InstrumentProcessor::createEditor() { return new juce::GenericAudioProcessorEditor(*this); }

void InstrumentProcessor::getStateInformation(juce::MemoryBlock& destData) {
    PluginState state;
    state.parameters = parameterValues(*this);
    const int slot = static_cast<int>(instrument_->load());
    if (slot >= 0 && slot < static_cast<int>(instruments_.size())) state.model = SavedModel{instruments_[static_cast<size_t>(slot)].name, {}};
    writeState(StateKind::instrument, state, destData);
}

void InstrumentProcessor::setStateInformation(const void* data, int sizeInBytes) {
    if (sizeInBytes <= 0) return;
    const StateParse parsed = parseState(StateKind::instrument, data, static_cast<std::size_t>(sizeInBytes));
    if (!parsed.state) return;  // garbage: keep the current state
    applyParameterValues(*this, parsed.state->parameters);
    // The instrument by name: the slots may be ordered differently on this machine.
    if (parsed.state->model)
        for (size_t i = 0; i < instruments_.size(); ++i)
            if (instruments_[i].name == parsed.state->model->name)
                if (auto* p = parameters_.getParameter(instrument_param::kInstrument))
                    p->setValueNotifyingHost(p->convertTo0to1(static_cast<float>(i)));
    if (loader_) loader_->wake();
}

std::string InstrumentProcessor::status() const {
    std::lock_guard<std::mutex> lock(statusMutex_);
    return status_;
}

std::string InstrumentProcessor::loadedInstrument() const {
    std::lock_guard<std::mutex> lock(statusMutex_);
    return loaded_;
}

int InstrumentProcessor::pipelineLatencySamples() const { return latency_.load(); }

}  // namespace mynah::plugin

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter() { return new mynah::plugin::InstrumentProcessor(); }
