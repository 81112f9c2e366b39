// SPDX-License-Identifier: GPL-3.0-or-later
#include "level_meter.h"

#include <cmath>

namespace mynah::recorder_app {
namespace {
constexpr float kFloorDb = -60.0f;
constexpr float kDecayDbPerUpdate = 1.5f;
}  // namespace

void LevelMeter::setPeak(float peakLinear) {
    const float db = peakLinear > 0.0f ? 20.0f * std::log10(peakLinear) : -100.0f;
    const float next = std::max(db, levelDb_ - kDecayDbPerUpdate);
    if (std::abs(next - levelDb_) > 0.05f) {
        levelDb_ = next;
        repaint();
    }
}

void LevelMeter::paint(juce::Graphics& g) {
    auto area = getLocalBounds().toFloat();
    g.setColour(juce::Colours::white.withAlpha(0.8f));
    g.setFont(13.0f);
    g.drawText(label_, area.removeFromLeft(48.0f), juce::Justification::centredLeft);
    g.setColour(juce::Colour(0xff1c2126));
    g.fillRoundedRectangle(area, 3.0f);
    const float share = std::clamp((levelDb_ - kFloorDb) / -kFloorDb, 0.0f, 1.0f);
    const juce::Colour colour = levelDb_ > -1.0f ? juce::Colours::red
                                : levelDb_ > -12.0f ? juce::Colour(0xffe0c040)
                                                    : juce::Colour(0xff4cc38a);
    g.setColour(colour);
    g.fillRoundedRectangle(area.withWidth(area.getWidth() * share), 3.0f);
}

}  // namespace mynah::recorder_app
