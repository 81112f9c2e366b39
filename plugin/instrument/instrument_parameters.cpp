// SPDX-License-Identifier: GPL-3.0-or-later
#include "instrument_parameters.h"

#include "mynah/runtime/model_library.h"
#include "mynah/runtime/model_loader.h"

namespace mynah::plugin {

std::vector<InstrumentChoice> installedInstruments() {
    std::vector<InstrumentChoice> out;
    try {
        for (const std::string& path : runtime::listModelFiles()) {
            try {
                const runtime::ModelMetadata m = runtime::readModelMetadata(path);
                if (m.hasInstrument) out.push_back({m.name, path});
            } catch (const std::exception&) {
                // a broken package is not offered; `mynah models` says what is wrong with it
            }
        }
    } catch (const std::exception&) {
    }
    return out;
}

juce::AudioProcessorValueTreeState::ParameterLayout createInstrumentLayout(const std::vector<InstrumentChoice>& instruments) {
    using namespace instrument_param;
    juce::StringArray labels;
    for (const InstrumentChoice& i : instruments)
        if (labels.size() < kInstrumentSlots) labels.add(juce::String(i.name));
    while (labels.size() < kInstrumentSlots) labels.add("(empty slot " + juce::String(labels.size() + 1) + ")");
    juce::AudioProcessorValueTreeState::ParameterLayout layout;
    layout.add(std::make_unique<juce::AudioParameterChoice>(juce::ParameterID{kInstrument, kVersionHint}, "Instrument", labels, 0));
    layout.add(std::make_unique<juce::AudioParameterInt>(juce::ParameterID{kPolyphony, kVersionHint}, "Polyphony", 1, 8, 8));
    const auto ms = [](const char* id, const char* name, float lo, float hi, float value) {
        return std::make_unique<juce::AudioParameterFloat>(
            juce::ParameterID{id, kVersionHint}, name, juce::NormalisableRange<float>(lo, hi, 1.0f, 0.5f), value,
            juce::AudioParameterFloatAttributes().withLabel("ms"));
    };
    layout.add(ms(kAttackMs, "Attack", 1.0f, 2000.0f, 25.0f));
    layout.add(ms(kReleaseMs, "Release", 5.0f, 5000.0f, 120.0f));
    layout.add(ms(kGlideMs, "Glide (mono legato)", 1.0f, 1000.0f, 60.0f));
    layout.add(std::make_unique<juce::AudioParameterFloat>(juce::ParameterID{kOutputGainDb, kVersionHint}, "Output gain",
                                                           juce::NormalisableRange<float>(-40.0f, 12.0f, 0.1f), 0.0f,
                                                           juce::AudioParameterFloatAttributes().withLabel("dB")));
    return layout;
}

}  // namespace mynah::plugin
