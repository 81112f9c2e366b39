// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The validated metadata of a `.mynah` package (docs/MODEL_FORMAT.md), and the feature/synth
// configurations it implies. No torch here: the engine and the CLI read metadata without libtorch.
// Threads: any (parsing allocates: not on the audio thread).
#include <string>
#include <vector>

#include "mynah/dsp/features.h"
#include "mynah/dsp/hn_synth.h"

namespace mynah::runtime {

constexpr int kModelFormatVersion = 1;

enum class FeatureInput { F0Hz, Voiced, VoicingConfidence, LoudnessDb, LogMel };

struct StateTensorSpec {
    std::string name;
    std::vector<long> shape;
};

// How to play an instrument model (kind "instrument"; the package's `instrument` section).
struct InstrumentInfo {
    std::string name;                 // e.g. "violin"
    int gmProgram = 0;                // General MIDI program it was trained on (0-127)
    int midiLow = 0, midiHigh = 127;  // playable range, MIDI note numbers
    int comfortLow = 0, comfortHigh = 127;  // where effect mode puts the input's pitch
    // Velocity -> loudness: loudness_db = loudnessAtFullDb + loudnessSlope * (40 log10(v/127) + 40 log10(cc11/127))
    double loudnessAtFullDb = -20.0;
    double loudnessSlope = 1.0;

    // The loudness (dB, the model's loudness_db input) a note of this velocity and expression asks for.
    float loudnessDbFor(float velocity, float expression = 127.0f) const;
};

struct ModelMetadata {
    int formatVersion = kModelFormatVersion;
    std::string name;
    std::string kind;  // "voice" or "instrument"
    std::string description;
    std::string licence;
    double sampleRateHz = 16000.0;
    int hopSamples = 80;
    int fftSize = 512;
    std::string window = "hann_periodic";
    std::vector<FeatureInput> inputs;
    int numMels = 80;
    double melMinHz = 0.0, melMaxHz = 8000.0;
    double f0MinHz = 50.0, f0MaxHz = 1000.0;
    float voicingThreshold = 0.15f, silenceGateDb = -60.0f;
    double f0WindowFraction = 1.0;  // optional field, default 1 (classic YIN)
    int numHarmonics = 64;
    int noiseBands = 32;
    double noiseMinHz = 40.0, noiseMaxHz = 8000.0;
    double harmonicLimitHz = 8000.0;
    int contextFrames = 0;
    int lookaheadFrames = 0;
    int realtimeChunkFrames = 2;  // frames per network call in real time (optional field, default 2)
    std::vector<StateTensorSpec> state;
    std::vector<std::string> targets;
    bool hasInstrument = false;       // true exactly when kind == "instrument"
    InstrumentInfo instrument;
    std::string trainingJson = "{}";  // `training`, kept as JSON text for display
    std::string metricsJson = "{}";   // `metrics`, likewise

    int numInputs() const;   // width of one input frame
    int numOutputs() const { return 1 + numHarmonics + noiseBands; }
    dsp::FeatureConfig featureConfig() const;
    // The synthesiser for this model, rendering at outputRateHz.
    dsp::HnSynthConfig synthConfig(double outputRateHz) const;
};

// Parses and validates mynah.json; `source` (the package path) prefixes every error message.
// Throws ModelError.
ModelMetadata parseModelMetadata(const std::string& json, const std::string& source);

}  // namespace mynah::runtime
