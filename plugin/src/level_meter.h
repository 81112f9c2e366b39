// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A vertical peak meter in dBFS (kMinDb ... kMaxDb) with a falling bar, a peak-hold line and a clip
// light (any sample at or above full scale; click the meter to clear it). The level arrives from the
// processor's SignalTap::takePeak() through the editor's timer.
// Threads: message thread only.
#include <juce_gui_basics/juce_gui_basics.h>

namespace mynah::plugin {

class LevelMeter : public juce::Component, public juce::SettableTooltipClient {
public:
    static constexpr float kMinDb = -60.0f, kMaxDb = 6.0f;
    static constexpr float kFallDbPerSecond = 24.0f;
    static constexpr double kPeakHoldSeconds = 1.5;

    explicit LevelMeter(juce::String title);

    // Message thread, once per editor tick: the largest |sample| (linear) since the last tick.
    void pushPeak(float peakLinear, double tickSeconds);

    void paint(juce::Graphics& g) override;
    void mouseDown(const juce::MouseEvent&) override;

private:
    float yForDb(float levelDb, float top, float height) const;

    juce::String title_;
    float barDb_ = kMinDb;
    float holdDb_ = kMinDb;
    double holdAgeSeconds_ = 0.0;
    bool clipped_ = false;
};

}  // namespace mynah::plugin
