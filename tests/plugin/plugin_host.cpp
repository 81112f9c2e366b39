// SPDX-License-Identifier: GPL-3.0-or-later
#include "plugin_host.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace mynah::plugin_test {

namespace {

juce::AudioPluginFormatManager& formatManager() {
    static juce::AudioPluginFormatManager* manager = [] {
        auto* m = new juce::AudioPluginFormatManager();
        m->addFormat(new juce::VST3PluginFormat());
        m->addFormat(new juce::LV2PluginFormat());
        return m;
    }();
    return *manager;
}

juce::AudioPluginFormat& pluginFormat(Format f) {
    auto& manager = formatManager();
    for (int i = 0; i < manager.getNumFormats(); ++i)
        if (manager.getFormat(i)->getName() == formatName(f)) return *manager.getFormat(i);
    FAIL("format not available");
    throw std::logic_error("unreachable");
}

}  // namespace

const char* formatName(Format f) { return f == Format::Vst3 ? "VST3" : "LV2"; }

juce::PluginDescription describe(Format f) {
    static std::unique_ptr<juce::PluginDescription> vst3, lv2;
    auto& cached = f == Format::Vst3 ? vst3 : lv2;
    if (!cached) {
        auto& format = pluginFormat(f);
        juce::OwnedArray<juce::PluginDescription> found;
        if (f == Format::Vst3) {
            // MYNAH_VST3_BINARY_DIR is <bundle>.vst3/Contents/<arch>-linux.
            format.findAllTypesForFile(found, juce::File(MYNAH_VST3_BINARY_DIR).getParentDirectory().getParentDirectory().getFullPathName());
        } else {
            // LV2 plugins are found by URI once their folder is in lilv's search path.
            const auto uris = format.searchPathsForPlugins(
                juce::FileSearchPath(juce::File(MYNAH_LV2_BUNDLE).getParentDirectory().getFullPathName()), false, false);
            INFO("LV2 plugins found: " << uris.joinIntoString(", "));
            format.findAllTypesForFile(found, MYNAH_LV2_URI);
            REQUIRE(found.size() == 1);
        }
        REQUIRE(found.size() == 1);
        cached = std::make_unique<juce::PluginDescription>(*found[0]);
    }
    return *cached;
}

std::unique_ptr<juce::AudioPluginInstance> create(Format f, double rateHz, int maxBlockSamples) {
    juce::String error;
    auto instance = formatManager().createPluginInstance(describe(f), rateHz, maxBlockSamples, error);
    INFO(error);
    REQUIRE(instance != nullptr);
    return instance;
}

void pump(int ms) { juce::MessageManager::getInstance()->runDispatchLoopUntil(ms); }

juce::AudioProcessorParameter* findParameter(juce::AudioPluginInstance& instance, const juce::String& name) {
    for (auto* p : instance.getParameters())
        if (p->getName(100) == name) return p;
    return nullptr;
}

void setParameter(juce::AudioPluginInstance& instance, const juce::String& name, float normalised) {
    auto* p = findParameter(instance, name);
    INFO("parameter " << name);
    REQUIRE(p != nullptr);
    p->setValueNotifyingHost(normalised);
}

void selectModel(juce::AudioPluginInstance& instance, const juce::String& modelName) {
    auto* model = findParameter(instance, "Model");
    REQUIRE(model != nullptr);
    const int slots = model->getNumSteps();
    REQUIRE(slots > 1);
    juce::StringArray labels;
    for (int slot = 0; slot < slots; ++slot) {
        const float value = static_cast<float>(slot) / static_cast<float>(slots - 1);
        labels.add(model->getText(value, 100));
        if (labels[slot] == modelName) {
            model->setValueNotifyingHost(value);
            REQUIRE(model->getText(model->getValue(), 100) == modelName);
            return;
        }
    }
    FAIL("no model slot named " << modelName << "; slots: " << labels.joinIntoString(", "));
}

Rig::Rig(Format f, double rateHz, int maxBlock, bool nonRealtime, const BeforePrepare& beforePrepare)
    : plugin(create(f, rateHz, maxBlock)), rate(rateHz), block(maxBlock) {
    plugin->enableAllBuses();
    plugin->setNonRealtime(nonRealtime);
    if (beforePrepare) beforePrepare(*plugin);
    plugin->prepareToPlay(rate, block);
    buffer.setSize(std::max(plugin->getTotalNumInputChannels(), plugin->getTotalNumOutputChannels()), block);
}

Rig::~Rig() {
    if (plugin) plugin->releaseResources();
}

std::vector<float> Rig::run(const std::vector<float>& input, int maxChunk, bool randomSizes, unsigned seed) {
    std::vector<float> out(input.size());
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> size(1, maxChunk);
    for (size_t pos = 0; pos < input.size();) {
        const int n = static_cast<int>(std::min<size_t>(randomSizes ? static_cast<size_t>(size(rng)) : static_cast<size_t>(maxChunk),
                                                         input.size() - pos));
        buffer.setSize(buffer.getNumChannels(), n, false, false, true);
        for (int ch = 0; ch < buffer.getNumChannels(); ++ch) std::copy_n(input.data() + pos, n, buffer.getWritePointer(ch));
        midi.clear();
        plugin->processBlock(buffer, midi);
        std::copy_n(buffer.getReadPointer(0), n, out.data() + pos);
        pos += static_cast<size_t>(n);
    }
    return out;
}

int Rig::waitForModel(double seconds) {
    const auto deadline = juce::Time::getMillisecondCounterHiRes() + seconds * 1000.0;
    while (plugin->getLatencySamples() <= 0 && juce::Time::getMillisecondCounterHiRes() < deadline) {
        run(std::vector<float>(static_cast<size_t>(block), 0.0f), block);
        pump(20);
    }
    return plugin->getLatencySamples();
}

int Rig::waitForModelWithoutAudio(double seconds, int pumpMs) {
    const auto deadline = juce::Time::getMillisecondCounterHiRes() + seconds * 1000.0;
    while (plugin->getLatencySamples() <= 0 && juce::Time::getMillisecondCounterHiRes() < deadline) pump(pumpMs);
    return plugin->getLatencySamples();
}

}  // namespace mynah::plugin_test
