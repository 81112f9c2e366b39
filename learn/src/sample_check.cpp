// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/learn/sample_check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "mynah/dsp/features.h"

namespace mynah::learn {
namespace {
double percentile(std::vector<float> values, double fraction) {
    if (values.empty()) return -100.0;
    const size_t k = std::min(values.size() - 1, static_cast<size_t>(fraction * static_cast<double>(values.size())));
    std::nth_element(values.begin(), values.begin() + static_cast<long>(k), values.end());
    return values[k];
}

std::string format(const char* pattern, double a, double b = 0.0) {
    char text[256];
    std::snprintf(text, sizeof text, pattern, a, b);
    return text;
}
}  // namespace

SampleReport analyseSample(const std::vector<float>& mono, double sampleRateHz) {
    SampleReport report;
    report.durationSeconds = static_cast<double>(mono.size()) / sampleRateHz;
    size_t clipped = 0;
    for (const float x : mono) clipped += std::fabs(x) >= kClipLevel ? 1 : 0;
    report.clippedFraction = mono.empty() ? 0.0 : static_cast<double>(clipped) / static_cast<double>(mono.size());

    dsp::FeatureExtractor extractor(dsp::FeatureConfig::forSampleRate(sampleRateHz));
    std::vector<float> loudness;
    std::vector<char> voiced;
    extractor.push(mono.data(), static_cast<int>(mono.size()), [&](const dsp::FeatureFrame& frame) {
        loudness.push_back(frame.loudnessDb);
        voiced.push_back(frame.voiced ? 1 : 0);
    });
    report.loudLevelDb = percentile(loudness, 0.95);
    report.backgroundLevelDb = percentile(loudness, 0.10);
    const double hopSeconds = extractor.config().hopSamples / sampleRateHz;
    size_t active = 0, activeVoiced = 0;
    for (size_t k = 0; k < loudness.size(); ++k) {
        if (report.loudLevelDb < kSilentDb || loudness[k] < report.loudLevelDb - kActiveRangeDb) continue;
        ++active;
        activeVoiced += static_cast<size_t>(voiced[k]);
    }
    report.speechSeconds = static_cast<double>(active) * hopSeconds;
    report.voicedFraction = active > 0 ? static_cast<double>(activeVoiced) / static_cast<double>(active) : 0.0;
    return report;
}

std::vector<std::string> sampleProblems(const SampleReport& r, const SampleLimits& limits) {
    std::vector<std::string> problems;
    if (r.loudLevelDb < kSilentDb) {
        problems.push_back(format("silence: the loudest passages reach only %.0f dB", r.loudLevelDb));
        return problems;
    }
    if (r.voicedFraction < limits.minVoicedFraction || r.voicedFraction > limits.maxVoicedFraction)
        problems.push_back(format("not speech: pitched sound in %.0f %% of the active time (speech: about 40-75 %%)",
                                  100.0 * r.voicedFraction));
    if (r.speechSeconds < limits.minSpeechSeconds)
        problems.push_back(format("too short: %.0f s of speech, at least %.0f s needed (1 to 10 minutes is best)",
                                  r.speechSeconds, limits.minSpeechSeconds));
    if (r.clippedFraction > limits.maxClippedFraction)
        problems.push_back(format("clipping: %.2f %% of the samples are at full scale; record with less gain",
                                  100.0 * r.clippedFraction));
    if (r.durationSeconds > 0.0 && r.speechSeconds / r.durationSeconds < limits.minActiveFraction)
        problems.push_back(format("mostly silence: speech in %.0f %% of the recording, at least %.0f %% needed",
                                  100.0 * r.speechSeconds / r.durationSeconds, 100.0 * limits.minActiveFraction));
    else if (r.signalToNoiseDb() < limits.minSignalToNoiseDb)
        problems.push_back(format("too noisy: speech is only %.0f dB above the background, at least %.0f dB needed",
                                  r.signalToNoiseDb(), limits.minSignalToNoiseDb));
    return problems;
}

}  // namespace mynah::learn
