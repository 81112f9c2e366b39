// SPDX-License-Identifier: GPL-3.0-or-later
#include "level_meter.h"

#include <algorithm>
#include <cmath>

#include "editor_style.h"

namespace mynah::plugin {

namespace {
constexpr int kTitleHeight = 16;
constexpr int kReadoutHeight = 16;
constexpr int kClipLightHeight = 8;
}  // namespace

LevelMeter::LevelMeter(juce::String title) : title_(std::move(title)) {
    setTooltip(title_ + " peak level (dBFS); click to clear the clip light");
}

void LevelMeter::pushPeak(float peakLinear, double tickSeconds) {
    const float peakDb = peakLinear > 0.0f ? std::max(kMinDb, 20.0f * std::log10(peakLinear)) : kMinDb;
    barDb_ = std::max(peakDb, barDb_ - kFallDbPerSecond * static_cast<float>(tickSeconds));
    holdAgeSeconds_ += tickSeconds;
    if (peakDb >= holdDb_ || holdAgeSeconds_ > kPeakHoldSeconds) {
        holdDb_ = peakDb;
        holdAgeSeconds_ = 0.0;
    }
    clipped_ = clipped_ || peakLinear >= 1.0f;
    repaint();
}

void LevelMeter::mouseDown(const juce::MouseEvent&) {
    clipped_ = false;
    repaint();
}

float LevelMeter::yForDb(float levelDb, float top, float height) const {
    const float proportion = (std::clamp(levelDb, kMinDb, kMaxDb) - kMinDb) / (kMaxDb - kMinDb);
    return top + height * (1.0f - proportion);
}

void LevelMeter::paint(juce::Graphics& g) {
    auto area = getLocalBounds();
    g.setColour(style::kText);
    g.setFont(12.0f);
    g.drawText(title_, area.removeFromTop(kTitleHeight), juce::Justification::centred);
    g.drawText(barDb_ <= kMinDb ? juce::String("-inf") : juce::String(barDb_, 1), area.removeFromBottom(kReadoutHeight),
               juce::Justification::centred);

    auto clipLight = area.removeFromTop(kClipLightHeight).reduced(4, 0);
    g.setColour(clipped_ ? style::kAlert : style::kPanel.brighter(0.1f));
    g.fillRoundedRectangle(clipLight.toFloat(), 2.0f);
    area.removeFromTop(2);

    const auto bar = area.reduced(4, 0).toFloat();
    g.setColour(style::kPanel.brighter(0.08f));
    g.fillRoundedRectangle(bar, 3.0f);
    const float barTop = yForDb(barDb_, bar.getY(), bar.getHeight());
    juce::ColourGradient gradient(style::kAlert, bar.getX(), bar.getY(), style::kMeterLow, bar.getX(), bar.getBottom(), false);
    gradient.addColour(static_cast<double>((kMaxDb - (-6.0f)) / (kMaxDb - kMinDb)), style::kAccent);
    g.setGradientFill(gradient);
    g.fillRect(bar.withTop(barTop));

    g.setColour(style::kText);
    const float holdY = yForDb(holdDb_, bar.getY(), bar.getHeight());
    if (holdDb_ > kMinDb) g.fillRect(bar.getX(), holdY - 1.0f, bar.getWidth(), 2.0f);

    // Scale marks every 12 dB, 0 dBFS brighter.
    for (float db = 0.0f; db >= kMinDb; db -= 12.0f) {
        const float y = yForDb(db, bar.getY(), bar.getHeight());
        g.setColour(style::kText.withAlpha(db == 0.0f ? 0.8f : 0.35f));
        g.drawHorizontalLine(static_cast<int>(y), bar.getX(), bar.getX() + 4.0f);
        g.drawHorizontalLine(static_cast<int>(y), bar.getRight() - 4.0f, bar.getRight());
    }
}

}  // namespace mynah::plugin
