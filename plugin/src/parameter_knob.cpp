// SPDX-License-Identifier: GPL-3.0-or-later
#include "parameter_knob.h"

#include "editor_style.h"

namespace mynah::plugin {

ParameterKnob::ParameterKnob(juce::AudioProcessorValueTreeState& state, const juce::String& parameterId, const juce::String& title)
    : slider_(juce::Slider::RotaryHorizontalVerticalDrag, juce::Slider::TextBoxBelow), attachment_(state, parameterId, slider_) {
    title_.setText(title, juce::dontSendNotification);
    title_.setJustificationType(juce::Justification::centred);
    title_.setColour(juce::Label::textColourId, style::kText);
    slider_.setColour(juce::Slider::rotarySliderFillColourId, style::kAccent);
    slider_.setTextBoxStyle(juce::Slider::TextBoxBelow, false, 80, 20);
    addAndMakeVisible(title_);
    addAndMakeVisible(slider_);
}

void ParameterKnob::resized() {
    auto area = getLocalBounds();
    title_.setBounds(area.removeFromTop(20));
    slider_.setBounds(area);
}

}  // namespace mynah::plugin
