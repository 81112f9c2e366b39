// SPDX-License-Identifier: GPL-3.0-or-later
#include "spectrogram_view.h"

#include <algorithm>
#include <cmath>

#include "editor_style.h"

namespace mynah::plugin {

namespace {
constexpr int kTitleHeight = 16;

// A perceptually even dark-to-bright map (close to matplotlib's "magma").
std::array<juce::PixelARGB, 256> makeColourMap() {
    const juce::Colour stops[] = {juce::Colour(0xff000004), juce::Colour(0xff3b0f70), juce::Colour(0xff8c2981),
                                  juce::Colour(0xffde4968), juce::Colour(0xfffe9f6d), juce::Colour(0xfffcfdbf)};
    constexpr int numStops = static_cast<int>(std::size(stops));
    std::array<juce::PixelARGB, 256> map;
    for (int i = 0; i < 256; ++i) {
        const float position = static_cast<float>(i) / 255.0f * static_cast<float>(numStops - 1);
        const int stop = std::min(static_cast<int>(position), numStops - 2);
        map[static_cast<size_t>(i)] = stops[stop].interpolatedWith(stops[stop + 1], position - static_cast<float>(stop)).getPixelARGB();
    }
    return map;
}
}  // namespace

SpectrogramView::SpectrogramView(juce::String title) : title_(std::move(title)), colours_(makeColourMap()) {
    setOpaque(true);
}

juce::Rectangle<int> SpectrogramView::plotArea() const { return getLocalBounds().withTrimmedTop(kTitleHeight); }

double SpectrogramView::topHz() const { return sampleRateHz_ > 0.0 ? std::min(kMaxHz, sampleRateHz_ / 2.0) : kMaxHz; }

float SpectrogramView::yForHz(double hz, float plotHeight) const {
    const double proportion = std::log(hz / kMinHz) / std::log(topHz() / kMinHz);
    return static_cast<float>((1.0 - proportion) * plotHeight);
}

void SpectrogramView::setFrequencyScale(double binWidthHz, double sampleRateHz) {
    if (binWidthHz == binWidthHz_ && sampleRateHz == sampleRateHz_) return;
    binWidthHz_ = binWidthHz;
    sampleRateHz_ = sampleRateHz;
    clear();
}

void SpectrogramView::resized() { clear(); }

void SpectrogramView::clear() {
    const auto area = plotArea();
    if (area.getWidth() <= 0 || area.getHeight() <= 0) {
        image_ = {};
        f0Hz_.clear();
        return;
    }
    image_ = juce::Image(juce::Image::RGB, area.getWidth(), area.getHeight(), true);
    f0Hz_.assign(static_cast<size_t>(area.getWidth()), 0.0f);
    mapRowsToBins();
    repaint();
}

void SpectrogramView::mapRowsToBins() {
    rowBins_.clear();
    if (!image_.isValid() || binWidthHz_ <= 0.0) return;
    const int rows = image_.getHeight();
    const double ratio = topHz() / kMinHz;
    for (int row = 0; row < rows; ++row) {
        // Row `row` covers the frequencies between its lower and upper edge (top row: highest).
        const double upperHz = kMinHz * std::pow(ratio, 1.0 - static_cast<double>(row) / rows);
        const double lowerHz = kMinHz * std::pow(ratio, 1.0 - static_cast<double>(row + 1) / rows);
        const int first = static_cast<int>(std::lround(lowerHz / binWidthHz_));
        const int last = std::max(first, static_cast<int>(std::lround(upperHz / binWidthHz_)));
        rowBins_.emplace_back(first, last);
    }
}

void SpectrogramView::addColumn(const float* levelDb, int numBins, float f0Hz) {
    if (!image_.isValid() || rowBins_.empty()) return;
    const int width = image_.getWidth(), height = image_.getHeight();
    image_.moveImageSection(0, 0, 1, 0, width - 1, height);
    std::rotate(f0Hz_.begin(), f0Hz_.begin() + 1, f0Hz_.end());
    f0Hz_.back() = f0Hz;

    juce::Image::BitmapData pixels(image_, width - 1, 0, 1, height, juce::Image::BitmapData::writeOnly);
    for (int row = 0; row < height; ++row) {
        const auto [first, last] = rowBins_[static_cast<size_t>(row)];
        float loudestDb = kMinDb;
        for (int bin = std::min(first, numBins - 1); bin <= std::min(last, numBins - 1); ++bin) loudestDb = std::max(loudestDb, levelDb[bin]);
        const float proportion = std::clamp((loudestDb - kMinDb) / (kMaxDb - kMinDb), 0.0f, 1.0f);
        const juce::PixelARGB colour = colours_[static_cast<size_t>(std::lround(proportion * 255.0f))];
        pixels.setPixelColour(0, row, juce::Colour(colour));
    }
}

void SpectrogramView::paint(juce::Graphics& g) {
    g.fillAll(style::kPanel);
    auto titleArea = getLocalBounds().removeFromTop(kTitleHeight);
    g.setFont(12.0f);
    g.setColour(style::kText);
    g.drawText(title_, titleArea.removeFromLeft(120), juce::Justification::centredLeft);
    g.setColour(style::kPitchTrace);
    g.drawText("pitch (input F0)", titleArea, juce::Justification::centredRight);

    const auto area = plotArea();
    if (!image_.isValid()) return;
    g.drawImageAt(image_, area.getX(), area.getY());

    // Frequency grid.
    const auto plotHeight = static_cast<float>(area.getHeight());
    g.setFont(10.0f);
    for (const double hz : {100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0}) {
        if (hz >= topHz()) break;
        const float y = static_cast<float>(area.getY()) + yForHz(hz, plotHeight);
        if (y < static_cast<float>(area.getY()) + 12.0f) break;  // no label squeezed against the top
        g.setColour(style::kText.withAlpha(0.18f));
        g.drawHorizontalLine(static_cast<int>(y), static_cast<float>(area.getX()), static_cast<float>(area.getRight()));
        g.setColour(style::kText.withAlpha(0.6f));
        g.drawText(hz >= 1000.0 ? juce::String(hz / 1000.0, 0) + "k" : juce::String(static_cast<int>(hz)), area.getX() + 2,
                   static_cast<int>(y) - 11, 30, 10, juce::Justification::centredLeft);
    }

    // Pitch trace: voiced columns joined, gaps where unvoiced.
    juce::Path trace;
    bool drawing = false;
    for (size_t x = 0; x < f0Hz_.size(); ++x) {
        const float f0 = f0Hz_[x];
        if (f0 < kMinHz || f0 >= topHz()) {
            drawing = false;
            continue;
        }
        const juce::Point<float> point(static_cast<float>(area.getX()) + static_cast<float>(x) + 0.5f,
                                       static_cast<float>(area.getY()) + yForHz(f0, plotHeight));
        if (drawing) trace.lineTo(point);
        else trace.startNewSubPath(point);
        drawing = true;
    }
    g.setColour(style::kPitchTrace);
    g.strokePath(trace, juce::PathStrokeType(2.0f, juce::PathStrokeType::curved, juce::PathStrokeType::rounded));
}

}  // namespace mynah::plugin
