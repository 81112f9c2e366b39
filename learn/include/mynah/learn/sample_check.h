// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Checks a target's recording before `mynah learn` (or the recorder) spends minutes learning from it,
// and says what is wrong in words: too short, clipping, too noisy, mostly silence, not speech.
//
// Measured with the engine's own feature extractor (dsp/features.h, 5 ms frames): a frame is speech
// activity when its A-weighted loudness is within kActiveRangeDb of the recording's loud level (the
// 95th percentile), the background level is the 10th percentile, and voicing is YIN's decision.
//
// Threads: any non-real-time thread (allocates; analyses a whole recording at once).
#include <string>
#include <vector>

namespace mynah::learn {

struct SampleReport {
    double durationSeconds = 0.0;
    double speechSeconds = 0.0;      // frames of activity
    double clippedFraction = 0.0;    // samples at |x| >= kClipLevel
    double loudLevelDb = -100.0;     // 95th percentile of frame loudness (dB, A-weighted)
    double backgroundLevelDb = -100.0;  // 10th percentile
    double voicedFraction = 0.0;     // of the active frames
    double signalToNoiseDb() const { return loudLevelDb - backgroundLevelDb; }
};

struct SampleLimits {
    double minSpeechSeconds = 40.0;     // about a minute of ordinary speech with its pauses
    double maxClippedFraction = 1e-3;
    double minSignalToNoiseDb = 20.0;
    double minActiveFraction = 0.25;    // below: mostly silence
    double minVoicedFraction = 0.2;     // speech is voiced about 40-75 % of its active time
    double maxVoicedFraction = 0.95;    // a held tone or an instrument is voiced throughout
};

constexpr float kClipLevel = 0.999f;
constexpr double kActiveRangeDb = 30.0;
constexpr double kSilentDb = -70.0;   // a recording whose loud level is below this is silence

SampleReport analyseSample(const std::vector<float>& mono, double sampleRateHz);

// One sentence per problem ("too short: ..."), empty when the sample is fit to learn from.
std::vector<std::string> sampleProblems(const SampleReport& report, const SampleLimits& limits = {});

}  // namespace mynah::learn
