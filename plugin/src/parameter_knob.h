// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A labelled rotary knob attached to one parameter; the value box shows the parameter's unit.
// Threads: message thread only.
#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_gui_basics/juce_gui_basics.h>

namespace mynah::plugin {

class ParameterKnob : public juce::Component {
public:
    ParameterKnob(juce::AudioProcessorValueTreeState& state, const juce::String& parameterId, const juce::String& title);
    void resized() override;

private:
    juce::Label title_;
    juce::Slider slider_;
    juce::AudioProcessorValueTreeState::SliderAttachment attachment_;
};

}  // namespace mynah::plugin
