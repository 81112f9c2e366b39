// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A target's recordings before learning: the voice name's rule, reading the files, and checking all of
// them together with sample_check.h. Shared by `mynah learn` and the recorder, so both refuse the
// same recordings with the same words.
//
// Threads: any non-real-time thread (reads files, allocates, analyses whole recordings).
#include <string>
#include <vector>

#include "mynah/learn/learn_job.h"
#include "mynah/learn/sample_check.h"

namespace mynah::learn {

constexpr size_t kMaxVoiceNameLength = 64;

// Letters, digits, '-' and '_', 1 to kMaxVoiceNameLength characters (the name is a file name).
bool isValidVoiceName(const std::string& name);

// Reads each file as mono (audio_io), named by its file name. Throws LearnError naming the file.
std::vector<Recording> readRecordings(const std::vector<std::string>& paths);

// The recording at another rate (libsoxr), starting where the original starts.
std::vector<float> resampledTo(const Recording& recording, double sampleRateHz);

struct RecordingCheck {
    SampleReport report;                // of all recordings together, at the first one's rate
    std::vector<std::string> problems;  // sampleProblems(report): empty when fit to learn from
    // "the recordings are not fit to learn from: <problem>; <problem>", or empty when fit.
    std::string refusal() const;
};

RecordingCheck checkRecordings(const std::vector<Recording>& recordings, const SampleLimits& limits = {});

}  // namespace mynah::learn
