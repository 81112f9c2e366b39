// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The plugin's first editor: model selector and bypass (header), one knob per parameter with its
// unit (controls row), latency, xrun counter and model status (footer). Resizable. Every part is its
// own component laid out by resized(), so meters and a spectrogram can take their own rows later.
// Threads: message thread only; it polls the processor's status at 10 Hz (Timer).
#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>
#include <vector>

namespace mynah::plugin {

class MynahProcessor;

// A labelled rotary knob attached to one parameter; the value box shows the parameter's unit.
class ParameterKnob : public juce::Component {
public:
    ParameterKnob(juce::AudioProcessorValueTreeState& state, const juce::String& parameterId, const juce::String& title);
    void resized() override;

private:
    juce::Label title_;
    juce::Slider slider_;
    juce::AudioProcessorValueTreeState::SliderAttachment attachment_;
};

class MynahEditor : public juce::AudioProcessorEditor, private juce::Timer {
public:
    explicit MynahEditor(MynahProcessor& owner);
    ~MynahEditor() override;

    void paint(juce::Graphics& g) override;
    void resized() override;

private:
    void timerCallback() override;

    MynahProcessor& processor_;
    juce::Label title_;
    juce::Label modelLabel_;
    juce::ComboBox modelBox_;
    std::unique_ptr<juce::ParameterAttachment> modelAttachment_;  // only the installed models are offered
    juce::ToggleButton bypassButton_{"Bypass"};
    std::unique_ptr<juce::AudioProcessorValueTreeState::ButtonAttachment> bypassAttachment_;
    std::vector<std::unique_ptr<ParameterKnob>> knobs_;
    juce::Label latencyLabel_, xrunLabel_, statusLabel_;
};

}  // namespace mynah::plugin
