// SPDX-License-Identifier: GPL-3.0-or-later
#include "performance_readout.h"

#include <algorithm>

#include "editor_style.h"

namespace mynah::plugin {

PerformanceReadout::PerformanceReadout() {
    for (juce::Label* label : {&latencyLabel_, &loadLabel_, &xrunLabel_}) {
        label->setColour(juce::Label::textColourId, style::kText);
        label->setFont(juce::Font(14.0f));
        addAndMakeVisible(*label);
    }
    latencyLabel_.setTooltip("Latency reported to the host");
    loadLabel_.setTooltip("Audio thread load: time spent in processBlock / the block's duration (smoothed)");
    xrunLabel_.setTooltip("Blocks where the model was late and the output fell back to the dry signal");
}

void PerformanceReadout::update(int latencySamples, double sampleRateHz, float loadRatio, std::uint64_t xruns, double tickSeconds) {
    if (sampleRateHz > 0.0) {
        latencyLabel_.setText("Latency " + juce::String(1000.0 * latencySamples / sampleRateHz, 1) + " ms (" + juce::String(latencySamples) +
                                  " samples)",
                              juce::dontSendNotification);
        loadLabel_.setText("CPU " + juce::String(100.0f * loadRatio, 1) + " %", juce::dontSendNotification);
    } else {
        latencyLabel_.setText("Latency - (not playing)", juce::dontSendNotification);
        loadLabel_.setText("CPU -", juce::dontSendNotification);
    }
    loadLabel_.setColour(juce::Label::textColourId, loadRatio > 0.8f ? style::kAlert : style::kText);

    const bool wasLit = xrunLightSeconds_ > 0.0;
    if (xruns > lastXruns_) xrunLightSeconds_ = kXrunLightSeconds;
    else xrunLightSeconds_ = std::max(0.0, xrunLightSeconds_ - tickSeconds);
    lastXruns_ = xruns;
    xrunLabel_.setText("Xruns " + juce::String(static_cast<juce::int64>(xruns)), juce::dontSendNotification);
    if (wasLit != (xrunLightSeconds_ > 0.0)) repaint(xrunLight_.getSmallestIntegerContainer().expanded(1));
}

void PerformanceReadout::resized() {
    auto area = getLocalBounds();
    latencyLabel_.setBounds(area.removeFromLeft(area.getWidth() * 45 / 100));
    loadLabel_.setBounds(area.removeFromLeft(area.getWidth() / 2));
    const int lightSize = 10;
    xrunLight_ = area.removeFromLeft(lightSize + 8).withSizeKeepingCentre(lightSize, lightSize).toFloat();
    xrunLabel_.setBounds(area);
}

void PerformanceReadout::paint(juce::Graphics& g) {
    g.setColour(xrunLightSeconds_ > 0.0 ? style::kAlert : style::kPanel.brighter(0.2f));
    g.fillEllipse(xrunLight_);
}

}  // namespace mynah::plugin
