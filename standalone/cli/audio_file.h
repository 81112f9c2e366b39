// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Audio file input/output for the command-line tool (libsndfile). Threads: any non-real-time thread.
//
// Every failure throws mynah::cli::CliError with one line naming the file at fault. Output is written
// to a temporary file beside the target and renamed over it only once complete, so a failed run never
// leaves a half-written file and never clobbers an existing one.
#include <stdexcept>
#include <string>
#include <vector>

namespace mynah::cli {

struct CliError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct MonoAudio {
    std::vector<float> samples;
    double sampleRateHz = 0.0;
    int sourceChannels = 1;
};

// Reads any format libsndfile knows; several channels are averaged to mono.
MonoAudio readMonoAudio(const std::string& path);

// The libsndfile format for an output path, from its extension: .wav (32-bit float), .flac (24-bit),
// .ogg (Vorbis), .aiff (24-bit). Throws CliError naming the path for anything else.
int outputFormatFor(const std::string& path);

// Writes mono audio atomically (temporary file + rename) in the format outputFormatFor() picks.
void writeAudioAtomically(const std::string& path, const std::vector<float>& samples, double sampleRateHz);

}  // namespace mynah::cli
