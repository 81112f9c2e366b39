// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The plugin's editor, laid out by resized() from components of their own:
//   header   title, model browser (ModelBrowser), presets (PresetBar), bypass
//   middle   input meter | input and output spectrograms with the pitch trace (SpectrogramPanel) | output meter
//   controls one knob per parameter (ParameterKnob)
//   footer   latency, CPU load and xruns (PerformanceReadout); the status banner (model and preset status)
// Resizable. A ~30 Hz timer moves what the audio thread published (peaks, samples, load: atomics and
// lock-free rings in the processor) into the components; the FFT and the pitch tracking run here,
// on the message thread, never on the audio thread.
// Threads: message thread only.
#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>
#include <vector>

#include "level_meter.h"
#include "model_browser.h"
#include "parameter_knob.h"
#include "performance_readout.h"
#include "preset_bar.h"
#include "spectrogram_panel.h"

namespace mynah::plugin {

class MynahProcessor;

class MynahEditor : public juce::AudioProcessorEditor, private juce::Timer {
public:
    static constexpr int kRefreshHz = 30;

    explicit MynahEditor(MynahProcessor& owner);
    ~MynahEditor() override;

    void paint(juce::Graphics& g) override;
    void resized() override;

private:
    void timerCallback() override;
    void updateStatus();

    MynahProcessor& processor_;
    juce::TooltipWindow tooltips_{this};
    juce::Label title_;
    ModelBrowser modelBrowser_;
    PresetBar presetBar_;
    juce::ToggleButton bypassButton_{"Bypass"};
    std::unique_ptr<juce::AudioProcessorValueTreeState::ButtonAttachment> bypassAttachment_;
    LevelMeter inputMeter_{"IN"}, outputMeter_{"OUT"};
    SpectrogramPanel spectrograms_;
    std::vector<std::unique_ptr<ParameterKnob>> knobs_;
    PerformanceReadout readout_;
    juce::Label statusLabel_;
    double lastTickMs_ = 0.0;
};

}  // namespace mynah::plugin
