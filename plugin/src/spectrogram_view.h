// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A scrolling spectrogram: one pixel column per analysis column (SignalAnalyzer, ~10 ms), newest on
// the right, log-frequency axis kMinHz ... kMaxHz (or Nyquist), level kMinDb ... kMaxDb (dB re a
// full-scale sine) through a dark-to-bright colour map, with the pitch trace (an F0 per column, 0 for
// unvoiced) drawn over it. Resizing starts an empty picture.
// Threads: message thread only. addColumn() does not repaint: the caller repaints once per batch.
#include <juce_gui_basics/juce_gui_basics.h>

#include <array>
#include <utility>
#include <vector>

namespace mynah::plugin {

class SpectrogramView : public juce::Component {
public:
    static constexpr double kMinHz = 50.0, kMaxHz = 12000.0;
    static constexpr float kMinDb = -100.0f, kMaxDb = 0.0f;

    explicit SpectrogramView(juce::String title);

    // The analysis' bin spacing and the sample rate; a change starts an empty picture.
    void setFrequencyScale(double binWidthHz, double sampleRateHz);
    void addColumn(const float* levelDb, int numBins, float f0Hz);
    void clear();

    void paint(juce::Graphics& g) override;
    void resized() override;

private:
    juce::Rectangle<int> plotArea() const;
    double topHz() const;
    float yForHz(double hz, float plotHeight) const;
    void mapRowsToBins();

    juce::String title_;
    double binWidthHz_ = 0.0, sampleRateHz_ = 0.0;
    juce::Image image_;
    std::vector<std::pair<int, int>> rowBins_;  // per image row (top first): first and last bin shown
    std::vector<float> f0Hz_;                   // per image column, oldest first
    std::array<juce::PixelARGB, 256> colours_;
};

}  // namespace mynah::plugin
