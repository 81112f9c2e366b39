// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The input and output spectrograms, stacked, with the input's pitch trace drawn over both. It reads
// the processor's two SignalTaps (attached while the panel exists), feeds equal sample counts of
// input and output through a SignalAnalyzer each (spectrum + F0 with Mynah's dsp/), so their columns
// stay in step, and adds the columns to the two SpectrogramViews.
// Threads: message thread only (construction, update(), destruction); the taps' audio side keeps
// publishing meanwhile.
#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>
#include <vector>

#include "signal_analyzer.h"
#include "signal_tap.h"
#include "spectrogram_view.h"

namespace mynah::plugin {

class SpectrogramPanel : public juce::Component {
public:
    static constexpr double kMaxBacklogSeconds = 0.25;  // older unread audio is skipped (editor was busy)

    SpectrogramPanel(SignalTap& input, SignalTap& output);
    ~SpectrogramPanel() override;

    // Message thread, from the editor's timer: analyse whatever arrived. sampleRateHz <= 0: not playing.
    void update(double sampleRateHz);

    void resized() override;

private:
    void prepareFor(double sampleRateHz);

    SignalTap& inputTap_;
    SignalTap& outputTap_;
    SpectrogramView inputView_{"Input"}, outputView_{"Output"};
    std::unique_ptr<SignalAnalyzer> inputAnalyzer_, outputAnalyzer_;
    std::vector<float> inputScratch_, outputScratch_;
    std::vector<float> pitchesHz_;  // the input columns' F0 in this update, for the output columns
};

}  // namespace mynah::plugin
