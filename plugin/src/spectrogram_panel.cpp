// SPDX-License-Identifier: GPL-3.0-or-later
#include "spectrogram_panel.h"

#include <algorithm>
#include <cmath>

namespace mynah::plugin {

SpectrogramPanel::SpectrogramPanel(SignalTap& input, SignalTap& output) : inputTap_(input), outputTap_(output) {
    addAndMakeVisible(inputView_);
    addAndMakeVisible(outputView_);
    inputTap_.attach();
    outputTap_.attach();
}

SpectrogramPanel::~SpectrogramPanel() {
    inputTap_.detach();
    outputTap_.detach();
}

void SpectrogramPanel::resized() {
    auto area = getLocalBounds();
    const int gap = 6;
    inputView_.setBounds(area.removeFromTop((area.getHeight() - gap) / 2));
    area.removeFromTop(gap);
    outputView_.setBounds(area);
}

void SpectrogramPanel::prepareFor(double sampleRateHz) {
    inputAnalyzer_ = std::make_unique<SignalAnalyzer>(sampleRateHz, true);
    outputAnalyzer_ = std::make_unique<SignalAnalyzer>(sampleRateHz, false);
    const auto maxSamples = static_cast<size_t>(std::ceil(sampleRateHz * kMaxBacklogSeconds));
    inputScratch_.assign(maxSamples, 0.0f);
    outputScratch_.assign(maxSamples, 0.0f);
    pitchesHz_.reserve(maxSamples / static_cast<size_t>(inputAnalyzer_->hopSamples()) + 2);
    for (SpectrogramView* view : {&inputView_, &outputView_}) view->setFrequencyScale(inputAnalyzer_->binWidthHz(), sampleRateHz);
}

void SpectrogramPanel::update(double sampleRateHz) {
    if (!(sampleRateHz >= 8000.0)) return;  // not playing yet
    if (!inputAnalyzer_ || inputAnalyzer_->sampleRateHz() != sampleRateHz) prepareFor(sampleRateHz);

    // Equal counts from both taps keep the two analyses in step; a backlog is skipped, oldest first.
    size_t available = std::min(inputTap_.available(), outputTap_.available());
    if (available > inputScratch_.size()) {
        inputTap_.discard(available - inputScratch_.size());
        outputTap_.discard(available - inputScratch_.size());
        available = inputScratch_.size();
    }
    if (available == 0) return;
    const auto n = static_cast<int>(available);
    inputTap_.read(inputScratch_.data(), available);
    outputTap_.read(outputScratch_.data(), available);

    pitchesHz_.clear();
    inputAnalyzer_->push(inputScratch_.data(), n, [this](const float* levelDb, int numBins, float f0Hz) {
        inputView_.addColumn(levelDb, numBins, f0Hz);
        pitchesHz_.push_back(f0Hz);
    });
    size_t column = 0;
    outputAnalyzer_->push(outputScratch_.data(), n, [&](const float* levelDb, int numBins, float) {
        outputView_.addColumn(levelDb, numBins, column < pitchesHz_.size() ? pitchesHz_[column] : 0.0f);
        ++column;
    });
    inputView_.repaint();
    outputView_.repaint();
}

}  // namespace mynah::plugin
