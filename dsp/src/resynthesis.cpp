// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/resynthesis.h"

#include <algorithm>
#include <cmath>

#include "mynah/dsp/window.h"

namespace mynah::dsp {
namespace {
HnSynthConfig synthConfigFor(const FeatureConfig& f, int numHarmonics, int numNoiseBands) {
    HnSynthConfig c;
    c.numHarmonics = numHarmonics;
    c.noise = NoiseBandLayout{numNoiseBands, 40.0, f.sampleRateHz / 2, f.sampleRateHz};
    c.controlRateHz = f.sampleRateHz;
    c.hopSamples = f.hopSamples;
    c.outputRateHz = f.sampleRateHz;
    return c;
}
}  // namespace

DspResynthesizer::DspResynthesizer(const FeatureConfig& features, int numHarmonics, int numNoiseBands)
    : extractor_(features), synth_(synthConfigFor(features, numHarmonics, numNoiseBands)),
      amplitudes_(static_cast<size_t>(numHarmonics), 0.0f), gains_(static_cast<size_t>(numNoiseBands), 0.0f),
      block_(static_cast<size_t>(features.hopSamples), 0.0f) {
    const double binHz = features.sampleRateHz / features.fftSize;
    const int numBins = extractor_.numBins();
    for (int b = 0; b < numNoiseBands; ++b) {
        const auto [lo, hi] = noiseBandEdges(synth_.config().noise, b);
        const int first = std::clamp(static_cast<int>(std::ceil(lo / binHz)), 0, numBins - 1);
        const int end = std::clamp(static_cast<int>(std::floor(hi / binHz)) + 1, first + 1, numBins);
        bandFirstBin_.push_back(first);
        bandEndBin_.push_back(end);
    }
    const double s1 = sumOf(extractor_.window()), s2 = sumOfSquares(extractor_.window());
    powerToNoiseVariance_ = static_cast<float>(s1 * s1 / (4.0 * s2));
}

void DspResynthesizer::controlsFrom(const FeatureFrame& frame) {
    const FeatureConfig& fc = extractor_.config();
    const double binHz = fc.sampleRateHz / fc.fftSize;
    const int numBins = extractor_.numBins();
    const float noiseShare = frame.voiced ? 1.0f - frame.voicingConfidence : 1.0f;
    std::fill(amplitudes_.begin(), amplitudes_.end(), 0.0f);
    if (frame.voiced) {
        heldF0Hz_ = frame.f0Hz;
        for (size_t k = 1; k <= amplitudes_.size(); ++k) {
            const double centre = heldF0Hz_ * static_cast<double>(k);
            if (centre >= fc.sampleRateHz / 2) break;
            const int lo = std::max(0, static_cast<int>(std::lround((centre - heldF0Hz_ / 2) / binHz)));
            const int hi = std::min(numBins - 1, static_cast<int>(std::lround((centre + heldF0Hz_ / 2) / binHz)));
            float peak = 0.0f;
            for (int bin = lo; bin <= hi; ++bin) peak = std::max(peak, frame.power[bin]);
            amplitudes_[k - 1] = std::sqrt(peak);
        }
    }
    for (size_t b = 0; b < gains_.size(); ++b) {
        double sum = 0.0;
        for (int bin = bandFirstBin_[b]; bin < bandEndBin_[b]; ++bin) sum += frame.power[bin];
        const double meanPower = sum / (bandEndBin_[b] - bandFirstBin_[b]);
        gains_[b] = noiseShare * static_cast<float>(std::sqrt(meanPower * powerToNoiseVariance_));
    }
}

void DspResynthesizer::process(const float* in, float* out, int numSamples) {
    // Same push-then-read ordering as StftProcessor: the sample that completes a frame reads the first
    // sample of the block synthesised from it.
    const int hop = extractor_.config().hopSamples;
    for (int i = 0; i < numSamples; ++i) {
        bool produced = false;
        extractor_.push(in + i, 1, [&](const FeatureFrame& frame) {
            controlsFrom(frame);
            const HnControls controls{heldF0Hz_, amplitudes_.data(), gains_.data()};
            synth_.renderFrame(controls, block_.data(), hop);
            produced = true;
        });
        if (produced) readPosition_ = 0;
        out[i] = block_[std::min(readPosition_, hop - 1)];
        ++readPosition_;
    }
}

}  // namespace mynah::dsp
