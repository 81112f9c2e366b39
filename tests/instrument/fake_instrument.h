// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A deterministic stand-in for an instrument network, so the MIDI instrument's tests run without
// libtorch: one harmonic at the input pitch whose amplitude is the input loudness (10^(dB/20)).
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "mynah/runtime/inference_session.h"

namespace mynah::test {

inline runtime::ModelMetadata fakeInstrumentMetadata() {
    runtime::ModelMetadata m;
    m.name = "fake_violin";
    m.kind = "instrument";
    m.sampleRateHz = 16000.0;
    m.hopSamples = 80;
    m.fftSize = 256;
    m.inputs = {runtime::FeatureInput::F0Hz, runtime::FeatureInput::LoudnessDb};
    m.numHarmonics = 4;
    m.noiseBands = 4;
    m.harmonicLimitHz = 8000.0;
    m.contextFrames = 2;
    m.realtimeChunkFrames = 1;  // as the shipped instruments
    m.hasInstrument = true;
    m.instrument.name = "violin";
    m.instrument.midiLow = 55;
    m.instrument.midiHigh = 100;
    m.instrument.comfortLow = 62;
    m.instrument.comfortHigh = 86;
    m.instrument.loudnessAtFullDb = -10.0;
    m.instrument.loudnessSlope = 0.5;
    return m;
}

class FakeInstrumentSession final : public runtime::InferenceSession {
public:
    explicit FakeInstrumentSession(runtime::ModelMetadata m = fakeInstrumentMetadata()) : metadata_(std::move(m)) {}
    const runtime::ModelMetadata& metadata() const override { return metadata_; }
    const std::string& source() const override { return source_; }
    void resetState() override { ++resets_; }
    void run(const float* features, int windowFrames, float* controls) override {
        const int chunk = windowFrames - metadata_.contextFrames;
        for (int f = 0; f < chunk; ++f) {
            const float* in = features + static_cast<size_t>(metadata_.contextFrames + f) * 2;
            float* out = controls + static_cast<size_t>(f) * metadata_.numOutputs();
            std::fill(out, out + metadata_.numOutputs(), 0.0f);
            out[0] = in[0];
            out[1] = std::pow(10.0f, in[1] / 20.0f);
        }
        ++calls_;
    }
    long calls() const { return calls_; }
    long resets() const { return resets_; }

private:
    runtime::ModelMetadata metadata_;
    std::string source_ = "fake_violin.mynah";
    long calls_ = 0, resets_ = 0;
};

}  // namespace mynah::test
