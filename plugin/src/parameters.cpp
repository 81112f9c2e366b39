// SPDX-License-Identifier: GPL-3.0-or-later
#include "parameters.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "mynah/runtime/model_library.h"
#include "mynah/runtime/model_loader.h"

namespace mynah::plugin {

namespace {

bool inFolder(const std::filesystem::path& file, const std::string& folder) {
    std::error_code ec;
    return !folder.empty() && std::filesystem::equivalent(file.parent_path(), folder, ec);
}

// The user's folder first (it may be on $MYNAH_MODEL_PATH too), then $MYNAH_MODEL_PATH's folders; the
// other search folders are the shipped zoo (model_library.h).
ModelSource sourceOf(const std::filesystem::path& file) {
    if (inFolder(file, runtime::userModelFolder())) return ModelSource::User;
    if (const char* env = std::getenv("MYNAH_MODEL_PATH")) {
        std::stringstream list(env);
        for (std::string folder; std::getline(list, folder, ':');)
            if (inFolder(file, folder)) return ModelSource::ModelPath;
    }
    return ModelSource::Zoo;
}

// Slot order: the folders the user named ($MYNAH_MODEL_PATH), the user's own models, then the shipped
// ones; within each, voices before instruments (the first slot is the default: a voice), then by name.
int sourceRank(ModelSource s) { return s == ModelSource::ModelPath ? 0 : s == ModelSource::User ? 1 : 2; }

bool isInstrument(const std::string& path) {
    try {
        return runtime::readModelMetadata(path).hasInstrument;
    } catch (const std::exception&) {
        return false;  // listed anyway: choosing it shows why it does not load
    }
}

}  // namespace

std::vector<ModelChoice> installedModels() {
    std::vector<std::pair<std::pair<int, int>, ModelChoice>> ranked;
    try {
        for (const std::string& path : runtime::listModelFiles()) {
            const ModelChoice c{std::filesystem::path(path).stem().string(), path, sourceOf(path)};
            ranked.push_back({{sourceRank(c.source), isInstrument(path) ? 1 : 0}, c});
        }
    } catch (const std::exception&) {
        // An unreadable folder is the same as no model: the plugin passes audio through.
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<ModelChoice> models;
    for (auto& r : ranked) models.push_back(std::move(r.second));
    return models;
}

juce::StringArray modelChoiceLabels(const std::vector<ModelChoice>& models) {
    juce::StringArray labels;
    for (const ModelChoice& m : models) {
        if (labels.size() == kModelSlots) break;
        labels.add(juce::String(m.name));
    }
    while (labels.size() < kModelSlots) labels.add("(empty slot " + juce::String(labels.size() + 1) + ")");
    return labels;
}

namespace {

juce::String formatNumber(float value, int decimals, const char* unit) {
    return juce::String(value, decimals) + " " + unit;
}

}  // namespace

juce::AudioProcessorValueTreeState::ParameterLayout createParameterLayout(const std::vector<ModelChoice>& models) {
    using juce::AudioParameterFloatAttributes;
    juce::AudioProcessorValueTreeState::ParameterLayout layout;

    layout.add(std::make_unique<juce::AudioParameterChoice>(juce::ParameterID{param::kModel, param::kVersionHint},
                                                            "Model", modelChoiceLabels(models), 0));

    layout.add(std::make_unique<juce::AudioParameterFloat>(
        juce::ParameterID{param::kTranspose, param::kVersionHint}, "Transpose",
        juce::NormalisableRange<float>(kTransposeMinSemitones, kTransposeMaxSemitones, 0.1f), 0.0f,
        AudioParameterFloatAttributes()
            .withLabel("st")
            .withStringFromValueFunction([](float v, int) { return formatNumber(v, 1, "st"); })
            .withValueFromStringFunction([](const juce::String& t) { return t.getFloatValue(); })));

    for (const auto& [id, name] : {std::pair{param::kInputGain, "Input gain"}, std::pair{param::kOutputGain, "Output gain"}}) {
        layout.add(std::make_unique<juce::AudioParameterFloat>(
            juce::ParameterID{id, param::kVersionHint}, name, juce::NormalisableRange<float>(kGainMinDb, kGainMaxDb, 0.1f), 0.0f,
            AudioParameterFloatAttributes()
                .withLabel("dB")
                .withStringFromValueFunction([](float v, int) { return formatNumber(v, 1, "dB"); })
                .withValueFromStringFunction([](const juce::String& t) { return t.getFloatValue(); })));
    }

    layout.add(std::make_unique<juce::AudioParameterFloat>(
        juce::ParameterID{param::kDryWet, param::kVersionHint}, "Dry/wet", juce::NormalisableRange<float>(kDryWetMinPercent, kDryWetMaxPercent, 0.1f),
        kDryWetDefaultPercent,
        AudioParameterFloatAttributes()
            .withLabel("%")
            .withStringFromValueFunction([](float v, int) { return formatNumber(v, 0, "%"); })
            .withValueFromStringFunction([](const juce::String& t) { return t.getFloatValue(); })));

    layout.add(std::make_unique<juce::AudioParameterFloat>(
        juce::ParameterID{param::kGateThreshold, param::kVersionHint}, "Gate threshold",
        juce::NormalisableRange<float>(kGateMinDb, kGateMaxDb, 0.5f), kGateDefaultDb,
        AudioParameterFloatAttributes()
            .withLabel("dB")
            .withStringFromValueFunction([](float v, int) { return formatNumber(v, 1, "dB"); })
            .withValueFromStringFunction([](const juce::String& t) { return t.getFloatValue(); })));

    layout.add(std::make_unique<juce::AudioParameterBool>(juce::ParameterID{param::kBypass, param::kVersionHint}, "Bypass", false));
    return layout;
}

}  // namespace mynah::plugin
