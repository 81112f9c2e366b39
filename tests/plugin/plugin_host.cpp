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

std::unique_ptr<juce::AudioPluginInstance> createInstrument(double rateHz, int block, bool lv2) {
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

void pump(int ms) { juce::MessageManager::getInstance()->runDispatchLoopUntil(ms); }

juce::MemoryBlock pluginBlobFromHostState(Format f, const juce::MemoryBlock& hostState) {
    juce::MemoryBlock blob;
    if (f == Format::Vst3) {
        auto xml = juce::AudioProcessor::getXmlFromBinary(hostState.getData(), static_cast<int>(hostState.getSize()));
        REQUIRE(xml != nullptr);
        auto* component = xml->getChildByName("IComponent");
        REQUIRE(component != nullptr);
        REQUIRE(blob.fromBase64Encoding(component->getAllSubText()));
    } else {
        const juce::String text = hostState.toString();
        const int key = text.indexOf("StateString");
        REQUIRE(key >= 0);
        const int open = text.indexOf(key, "\"");
        const int close = text.indexOf(open + 1, "\"");
        REQUIRE(blob.fromBase64Encoding(text.substring(open + 1, close)));
    }
    return blob;
}

juce::MemoryBlock hostStateWithPluginBlob(Format f, const juce::MemoryBlock& hostState, const juce::MemoryBlock& blob) {
    juce::MemoryBlock result;
    if (f == Format::Vst3) {
        auto xml = juce::AudioProcessor::getXmlFromBinary(hostState.getData(), static_cast<int>(hostState.getSize()));
        auto* component = xml->getChildByName("IComponent");
        component->deleteAllTextElements();
        component->addTextElement(blob.toBase64Encoding());
        juce::AudioProcessor::copyXmlToBinary(*xml, result);
    } else {
        const juce::String text = hostState.toString();
        const int key = text.indexOf("StateString");
        const int open = text.indexOf(key, "\"");
        const int close = text.indexOf(open + 1, "\"");
        const juce::String patched = text.substring(0, open + 1) + blob.toBase64Encoding() + text.substring(close);
        result.append(patched.toRawUTF8(), patched.getNumBytesAsUTF8());
    }
    return result;
}

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
