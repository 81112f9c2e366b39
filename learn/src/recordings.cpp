// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/learn/recordings.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "mynah/audio_io/audio_file.h"
#include "mynah/dsp/resampler.h"

namespace mynah::learn {

bool isValidVoiceName(const std::string& name) {
    if (name.empty() || name.size() > kMaxVoiceNameLength) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    });
}

std::vector<Recording> readRecordings(const std::vector<std::string>& paths) {
    std::vector<Recording> recordings;
    for (const std::string& path : paths) {
        try {
            audio_io::MonoAudio audio = audio_io::readMonoAudio(path);
            recordings.push_back({std::filesystem::path(path).filename().string(), std::move(audio.samples),
                                  audio.sampleRateHz});
        } catch (const audio_io::AudioFileError& e) {
            throw LearnError(e.what());
        }
    }
    return recordings;
}

std::vector<float> resampledTo(const Recording& recording, double sampleRateHz) {
    if (recording.sampleRateHz == sampleRateHz) return recording.samples;
    dsp::Resampler resampler(recording.sampleRateHz, sampleRateHz);
    std::vector<float> out(static_cast<size_t>(static_cast<double>(recording.samples.size()) * sampleRateHz /
                                               recording.sampleRateHz) + 4096);
    size_t n = resampler.process(recording.samples.data(), recording.samples.size(), out.data(), out.size());
    n += resampler.flush(out.data() + n, out.size() - n);
    // drop the filter's delay so the audio starts where the recording starts
    const size_t delay = std::min(n, static_cast<size_t>(resampler.delayOutputSamples() + 0.5));
    return std::vector<float>(out.begin() + static_cast<long>(delay), out.begin() + static_cast<long>(n));
}

std::string RecordingCheck::refusal() const {
    if (problems.empty()) return {};
    std::string text = "the recordings are not fit to learn from: ";
    for (size_t i = 0; i < problems.size(); ++i) text += (i ? "; " : "") + problems[i];
    return text;
}

RecordingCheck checkRecordings(const std::vector<Recording>& recordings, const SampleLimits& limits) {
    RecordingCheck check;
    if (recordings.empty()) {
        check.problems.push_back("no recordings");
        return check;
    }
    const double rateHz = recordings.front().sampleRateHz;
    std::vector<float> all;
    for (const Recording& r : recordings) {
        const std::vector<float> samples = resampledTo(r, rateHz);
        all.insert(all.end(), samples.begin(), samples.end());
    }
    check.report = analyseSample(all, rateHz);
    check.problems = sampleProblems(check.report, limits);
    return check;
}

}  // namespace mynah::learn
