// SPDX-License-Identifier: GPL-3.0-or-later
#include "parameter_values.h"

#include <algorithm>

namespace mynah::plugin {

std::map<std::string, float> parameterValues(const juce::AudioProcessor& processor) {
    std::map<std::string, float> values;
    for (auto* p : processor.getParameters())
        if (auto* withId = dynamic_cast<juce::RangedAudioParameter*>(p))
            values[withId->getParameterID().toStdString()] = withId->convertFrom0to1(withId->getValue());
    return values;
}

void applyParameterValues(juce::AudioProcessor& processor, const std::map<std::string, float>& values) {
    for (auto* p : processor.getParameters()) {
        auto* withId = dynamic_cast<juce::RangedAudioParameter*>(p);
        if (withId == nullptr) continue;
        const auto found = values.find(withId->getParameterID().toStdString());
        if (found == values.end()) continue;
        const auto& range = withId->getNormalisableRange();
        const float value = std::clamp(found->second, range.start, range.end);
        withId->setValueNotifyingHost(withId->convertTo0to1(value));
    }
}

}  // namespace mynah::plugin
