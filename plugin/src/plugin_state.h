// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The plugin's saved state: a version tag, the model's identity (name and path) and the parameter
// values in their own units. Stored as XML inside JUCE's binary wrapper (AudioProcessor::
// copyXmlToBinary):
//
//   <MYNAH_STATE version="1">
//     <MODEL name="voice_resynth" path="/usr/share/mynah/models/voice_resynth.mynah"/>
//     <PARAMETERS><PARAM id="transpose" value="-3"/> ...</PARAMETERS>
//   </MYNAH_STATE>
//
// Reading never throws and never trusts the data: garbage or truncated data gives nothing, unknown
// parameters are ignored, non-finite values are dropped (the caller clamps to the ranges). A bare
// <PARAMETERS> tree (an AudioProcessorValueTreeState state, version 0) is accepted too.
// Threads: any non-real-time thread.
#include <juce_core/juce_core.h>

#include <map>
#include <optional>
#include <string>

namespace mynah::plugin {

inline constexpr int kStateVersion = 1;

struct SavedModel {
    std::string name;
    std::string path;
};

struct PluginState {
    int version = kStateVersion;
    std::optional<SavedModel> model;
    std::map<std::string, float> parameters;  // parameter ID -> value in the parameter's units
};

void writeState(const PluginState& state, juce::MemoryBlock& destination);
std::optional<PluginState> readState(const void* data, int sizeInBytes);

}  // namespace mynah::plugin
