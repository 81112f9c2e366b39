// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One line of numbers: the latency reported to the host (ms and samples), the audio thread's load
// (time in processBlock / block duration, as a percentage) and the xrun count, with a light that turns
// red for kXrunLightSeconds whenever the count grows (the worker was late: the output fell back to dry).
// Threads: message thread only.
#include <juce_gui_basics/juce_gui_basics.h>

#include <cstdint>

namespace mynah::plugin {

class PerformanceReadout : public juce::Component {
public:
    static constexpr double kXrunLightSeconds = 2.0;

    PerformanceReadout();

    // sampleRateHz <= 0: not playing.
    void update(int latencySamples, double sampleRateHz, float loadRatio, std::uint64_t xruns, double tickSeconds);

    void paint(juce::Graphics& g) override;
    void resized() override;

private:
    juce::Label latencyLabel_, loadLabel_, xrunLabel_;
    std::uint64_t lastXruns_ = 0;
    double xrunLightSeconds_ = 0.0;
    juce::Rectangle<float> xrunLight_;
};

}  // namespace mynah::plugin
