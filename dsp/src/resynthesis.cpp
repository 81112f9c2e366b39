// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/resynthesis.h"

#include <algorithm>
#include <cmath>

#include "mynah/dsp/window.h"

namespace mynah::dsp {
namespace {
NoiseBandLayout bandsFor(const FeatureConfig& f, int numNoiseBands) {
    return NoiseBandLayout{numNoiseBands, 40.0, f.sampleRateHz / 2, f.sampleRateHz};
}

HnSynthConfig synthConfigFor(const FeatureConfig& f, int numHarmonics, int numNoiseBands) {
    HnSynthConfig c;
    c.numHarmonics = numHarmonics;
    c.noise = bandsFor(f, numNoiseBands);
    c.controlRateHz = f.sampleRateHz;
    c.hopSamples = f.hopSamples;
    c.outputRateHz = f.sampleRateHz;
    return c;
}

// Power-of-two window of at least 8 ms (128 samples at 16 kHz), never longer than the features' FFT.
int shortFftSize(const FeatureConfig& f) {
    int n = 32;
    while (n < f.sampleRateHz * 0.008 && n < f.fftSize) n *= 2;
    return n;
}

constexpr double kMaxEnergyRatio = 4.0;  // the short window may raise a frame's level by 6 dB at most
}  // namespace

DspResynthesizer::DspResynthesizer(const FeatureConfig& features, int numHarmonics, int numNoiseBands)
    : extractor_(features), synth_(synthConfigFor(features, numHarmonics, numNoiseBands)),
      longBands_(features.sampleRateHz, features.fftSize, extractor_.window(), bandsFor(features, numNoiseBands)),
      shortAnalyzer_(StftConfig{shortFftSize(features), features.hopSamples, features.backend}),
      shortBands_(features.sampleRateHz, shortFftSize(features), shortAnalyzer_.window(),
                  bandsFor(features, numNoiseBands)),
      shortSpectrum_(static_cast<size_t>(shortAnalyzer_.numBins())),
      shortPower_(static_cast<size_t>(shortAnalyzer_.numBins())),
      shortAmplitudeScale_(static_cast<float>(2.0 / sumOf(shortAnalyzer_.window()))),
      amplitudes_(static_cast<size_t>(numHarmonics), 0.0f), gains_(static_cast<size_t>(numNoiseBands), 0.0f),
      block_(static_cast<size_t>(features.hopSamples), 0.0f) {}

void DspResynthesizer::controlsFrom(const FeatureFrame& frame) {
    const FeatureConfig& fc = extractor_.config();
    const int shortSize = shortAnalyzer_.config().fftSize;
    shortAnalyzer_.analyze(frame.history + (extractor_.historySamples() - shortSize) / 2, shortSpectrum_.data());
    for (size_t k = 0; k < shortPower_.size(); ++k) shortPower_[k] = std::norm(shortSpectrum_[k] * shortAmplitudeScale_);

    std::fill(amplitudes_.begin(), amplitudes_.end(), 0.0f);
    const int numBands = static_cast<int>(gains_.size());
    if (!frame.voiced) {
        for (int b = 0; b < numBands; ++b)
            gains_[b] = static_cast<float>(shortBands_.noiseRmsFor(shortBands_.bandMeanPower(shortPower_.data(), b)));
        return;
    }

    heldF0Hz_ = frame.f0Hz;
    const double longEnergy = std::pow(longBands_.sinusoidAmplitude(frame.power, 0, longBands_.numBins()), 2);
    const double shortEnergy = std::pow(shortBands_.sinusoidAmplitude(shortPower_.data(), 0, shortBands_.numBins()), 2);
    const double levelGain = std::sqrt(longEnergy > 0.0 ? std::min(shortEnergy / longEnergy, kMaxEnergyRatio) : 1.0);
    const double binHz = longBands_.binHz();
    for (size_t k = 1; k <= amplitudes_.size(); ++k) {
        const double centre = heldF0Hz_ * static_cast<double>(k);
        if (centre >= fc.sampleRateHz / 2) break;
        // Bins in [centre - f0/2, centre + f0/2) belong to harmonic k: each bin to exactly one.
        const int first = static_cast<int>(std::ceil((centre - heldF0Hz_ / 2) / binHz));
        const int end = static_cast<int>(std::ceil((centre + heldF0Hz_ / 2) / binHz));
        amplitudes_[k - 1] = static_cast<float>(levelGain * longBands_.sinusoidAmplitude(frame.power, first, end));
    }
    const double aperiodic = 1.0 - frame.voicingConfidence;
    for (int b = 0; b < numBands; ++b) {
        const double noisePower = std::min(valleyPower(frame.power, heldF0Hz_, b),
                                           aperiodic * aperiodic * longBands_.bandMeanPower(frame.power, b));
        gains_[b] = static_cast<float>(levelGain * longBands_.noiseRmsFor(noisePower));
    }
}

double DspResynthesizer::valleyPower(const float* power, float f0Hz, int band) const {
    // Near strong low harmonics the Hann main lobes overlap and the "valley" is leakage, which is why
    // the caller also bounds it by the aperiodicity.
    const double binHz = longBands_.binHz();
    const int first = longBands_.firstBin(band), end = longBands_.endBin(band);
    double sum = 0.0;
    int count = 0;
    const double firstValley = std::max(0.5, std::floor(first * binHz / f0Hz - 0.5) + 0.5) * f0Hz;
    for (double hz = firstValley; hz < end * binHz; hz += f0Hz) {
        const int bin = static_cast<int>(std::lround(hz / binHz));
        if (bin < first || bin >= end) continue;
        sum += power[bin];
        ++count;
    }
    if (count > 0) return sum / count;
    float quietest = power[first];
    for (int bin = first; bin < end; ++bin) quietest = std::min(quietest, power[bin]);
    return quietest;
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
