// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The plugin's automatable parameters (AudioProcessorValueTreeState) and the installed models they
// choose among. IDs and ranges: parameter_ranges.h.
//
// Threads: installedModels() lists folders and reads metadata (message thread or any non-real-time thread, never the
// audio thread); createParameterLayout(): message thread, in the processor's constructor.
#include <juce_audio_processors/juce_audio_processors.h>

#include <string>
#include <vector>

#include "parameter_ranges.h"

namespace mynah::plugin {

// Where an installed model comes from (for the editor's model browser).
enum class ModelSource {
    Zoo,        // shipped with Mynah: beside the program or the source tree's models/zoo
    User,       // the user's folder, runtime::userModelFolder()
    ModelPath,  // a folder of $MYNAH_MODEL_PATH
};

struct ModelChoice {
    std::string name;  // file name without `.mynah`
    std::string path;
    ModelSource source = ModelSource::Zoo;
};

// The installed models (mynah::runtime::listModelFiles(): $MYNAH_MODEL_PATH, the user's folder, the
// zoo), with where each comes from, in slot order: $MYNAH_MODEL_PATH's, the user's, then the shipped
// ones; voices before instruments within each (slot 1, the default, is a voice when there is one);
// then by name. Reads each package's metadata (kind); no model is loaded.
std::vector<ModelChoice> installedModels();

// The model parameter has a fixed number of slots, whatever is installed: LV2 writes the parameter's
// range into the bundle's TTL at build time and VST3 hosts cache it, so it must not depend on the
// machine. Slot k plays the k-th installed model (by name); the rest are labelled empty and ignored.
inline constexpr int kModelSlots = 16;

// The choice labels of the model parameter: kModelSlots labels, the installed model names first.
juce::StringArray modelChoiceLabels(const std::vector<ModelChoice>& models);

juce::AudioProcessorValueTreeState::ParameterLayout createParameterLayout(const std::vector<ModelChoice>& models);

}  // namespace mynah::plugin
