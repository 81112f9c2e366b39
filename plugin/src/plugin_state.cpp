// SPDX-License-Identifier: GPL-3.0-or-later
#include "plugin_state.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <cmath>

namespace mynah::plugin {

namespace {
constexpr const char* kRootTag = "MYNAH_STATE";
constexpr const char* kModelTag = "MODEL";
constexpr const char* kParametersTag = "PARAMETERS";  // the tag AudioProcessorValueTreeState uses
constexpr const char* kParamTag = "PARAM";

void readParameters(const juce::XmlElement& parameters, PluginState& state) {
    for (const auto* p : parameters.getChildWithTagNameIterator(kParamTag)) {
        const juce::String id = p->getStringAttribute("id");
        if (id.isEmpty() || !p->hasAttribute("value")) continue;
        const double value = p->getDoubleAttribute("value");
        if (!std::isfinite(value)) continue;
        state.parameters[id.toStdString()] = static_cast<float>(value);
    }
}
}  // namespace

void writeState(const PluginState& state, juce::MemoryBlock& destination) {
    juce::XmlElement root(kRootTag);
    root.setAttribute("version", state.version);
    if (state.model) {
        auto* model = root.createNewChildElement(kModelTag);
        model->setAttribute("name", juce::String(state.model->name));
        model->setAttribute("path", juce::String(state.model->path));
    }
    auto* parameters = root.createNewChildElement(kParametersTag);
    for (const auto& [id, value] : state.parameters) {
        auto* p = parameters->createNewChildElement(kParamTag);
        p->setAttribute("id", juce::String(id));
        p->setAttribute("value", static_cast<double>(value));
    }
    juce::AudioProcessor::copyXmlToBinary(root, destination);
}

std::optional<PluginState> readState(const void* data, int sizeInBytes) {
    if (data == nullptr || sizeInBytes <= 0) return std::nullopt;
    std::unique_ptr<juce::XmlElement> root;
    try {
        root = juce::AudioProcessor::getXmlFromBinary(data, sizeInBytes);
    } catch (...) {
        return std::nullopt;
    }
    if (!root) return std::nullopt;

    PluginState state;
    if (root->hasTagName(kParametersTag)) {  // version 0: a bare parameter tree
        state.version = 0;
        readParameters(*root, state);
        return state;
    }
    if (!root->hasTagName(kRootTag)) return std::nullopt;
    state.version = root->getIntAttribute("version", 0);
    if (const auto* model = root->getChildByName(kModelTag)) {
        SavedModel saved{model->getStringAttribute("name").toStdString(), model->getStringAttribute("path").toStdString()};
        if (!saved.name.empty() || !saved.path.empty()) state.model = saved;
    }
    if (const auto* parameters = root->getChildByName(kParametersTag)) readParameters(*parameters, state);
    return state;
}

}  // namespace mynah::plugin
