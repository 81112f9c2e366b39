// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A deterministic stand-in for a trained network, so the engine's tests run without libtorch:
// harmonic 1 follows the input's loudness on voiced frames at the held input F0, the noise follows it
// on unvoiced frames. Look-ahead and context are configurable to exercise the window arithmetic.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "mynah/runtime/inference_session.h"

namespace mynah::test {

inline runtime::ModelMetadata fakeMetadata(int contextFrames = 2, int lookaheadFrames = 0, double rateHz = 16000.0) {
    runtime::ModelMetadata m;
    m.name = "fake";
    m.kind = "voice";
    m.description = "test stand-in";
    m.licence = "GPL-3.0-or-later";
    m.sampleRateHz = rateHz;
    m.hopSamples = static_cast<int>(rateHz / 200);
    m.fftSize = rateHz > 20000 ? 1024 : 512;
    m.inputs = {runtime::FeatureInput::F0Hz, runtime::FeatureInput::Voiced, runtime::FeatureInput::LoudnessDb,
                runtime::FeatureInput::LogMel};
    m.numMels = 40;
    m.melMaxHz = rateHz / 2;
    m.f0MinHz = 70.0;
    m.numHarmonics = 8;
    m.noiseBands = 8;
    m.noiseMaxHz = rateHz / 2;
    m.harmonicLimitHz = rateHz / 2;
    m.contextFrames = contextFrames;
    m.lookaheadFrames = lookaheadFrames;
    return m;
}

class FakeSession final : public runtime::InferenceSession {
public:
    explicit FakeSession(runtime::ModelMetadata metadata = fakeMetadata()) : metadata_(std::move(metadata)) {}

    const runtime::ModelMetadata& metadata() const override { return metadata_; }
    const std::string& source() const override { return source_; }
    void resetState() override { calls_ = 0; }

    void run(const float* features, int windowFrames, float* controls) override {
        const int inputs = metadata_.numInputs();
        const int outputs = metadata_.numOutputs();
        const int chunk = windowFrames - metadata_.contextFrames - metadata_.lookaheadFrames;
        for (int f = 0; f < chunk; ++f) {
            const float* in = features + static_cast<size_t>(metadata_.contextFrames + f) * inputs;
            float* out = controls + static_cast<size_t>(f) * outputs;
            std::fill(out, out + outputs, 0.0f);
            const float level = std::pow(10.0f, in[2] / 20.0f);
            out[0] = in[0];
            if (in[1] > 0.5f) out[1] = level;
            else
                for (int b = 0; b < metadata_.noiseBands; ++b) out[1 + metadata_.numHarmonics + b] = 0.1f * level;
        }
        ++calls_;
    }
    long calls() const { return calls_; }

private:
    runtime::ModelMetadata metadata_;
    std::string source_ = "fake";
    long calls_ = 0;
};

inline std::unique_ptr<runtime::InferenceSession> makeFake(int contextFrames = 2, int lookaheadFrames = 0,
                                                            double rateHz = 16000.0) {
    return std::make_unique<FakeSession>(fakeMetadata(contextFrames, lookaheadFrames, rateHz));
}

}  // namespace mynah::test
