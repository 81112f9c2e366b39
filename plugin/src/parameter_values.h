// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A plugin's parameter values by ID, in the parameters' own units: what its saved state
// (plugin_state.h) and presets carry. Shared by the Mynah plugin and Mynah Instrument.
// Threads: message thread or any non-real-time thread (setValueNotifyingHost notifies the host).
#include <juce_audio_processors/juce_audio_processors.h>

#include <map>
#include <string>

namespace mynah::plugin {

// Every parameter that has an ID (juce::RangedAudioParameter), at its current value.
std::map<std::string, float> parameterValues(const juce::AudioProcessor& processor);

// Sets each parameter named in `values`, clamped to its range; IDs the processor lacks are ignored.
// The values must be finite (parseState drops the rest).
void applyParameterValues(juce::AudioProcessor& processor, const std::map<std::string, float>& values);

}  // namespace mynah::plugin
