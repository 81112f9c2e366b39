// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A horizontal peak meter in dBFS (-60 ... 0 dB) with a short hold. Threads: message thread.
#include <juce_gui_basics/juce_gui_basics.h>

namespace mynah::recorder_app {

class LevelMeter : public juce::Component {
public:
    explicit LevelMeter(juce::String label) : label_(std::move(label)) {}
    // Message thread: the peak (linear) since the last call; decays smoothly.
    void setPeak(float peakLinear);
    void paint(juce::Graphics& g) override;

private:
    juce::String label_;
    float levelDb_ = -100.0f;
};

}  // namespace mynah::recorder_app
