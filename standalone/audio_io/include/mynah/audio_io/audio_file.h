// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Audio file input/output (libsndfile) for the `mynah` tool and the recorder app.
// Threads: any non-real-time thread (never the audio thread: these allocate and do file I/O).
//
// Every failure throws AudioFileError with one line naming the file at fault. Output is written to a
// temporary file beside the target and moved into place only once complete, so a failed write never
// leaves a half-written file; with Replace::Never it never replaces an existing file either.
#include <stdexcept>
#include <string>
#include <vector>

namespace mynah::audio_io {

struct AudioFileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct MonoAudio {
    std::vector<float> samples;
    double sampleRateHz = 0.0;
    int sourceChannels = 1;
};

// Reads any format libsndfile knows; several channels are averaged to mono; non-finite samples read 0.
// An empty file, and a file cut short or damaged inside (a WAV/AIFF header announcing more data than the
// file holds, a FLAC stream that stops decoding early, an Ogg stream without its last page) is refused.
MonoAudio readMonoAudio(const std::string& path);

// The libsndfile format for an output path, from its extension: .wav (32-bit float), .flac (24-bit),
// .ogg (Vorbis), .aiff (24-bit). Throws AudioFileError naming the path for anything else.
int outputFormatFor(const std::string& path);

enum class Replace {
    Allowed,  // an existing regular file at the path is replaced once the new one is complete
    Never,    // an existing file is kept: throws OutputExistsError (checked atomically, at the end)
};

// Thrown by writeAudioAtomically(..., Replace::Never) when the path is taken.
struct OutputExistsError : AudioFileError {
    using AudioFileError::AudioFileError;
};

// Writes mono audio (temporary file + rename, or + link for Replace::Never) in the format
// outputFormatFor() picks.
void writeAudioAtomically(const std::string& path, const std::vector<float>& samples, double sampleRateHz,
                          Replace replace = Replace::Allowed);

}  // namespace mynah::audio_io
