// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Names of the recorder's files. A take is two mono WAV files side by side:
//   take-2024-05-01_12-30-05-dry.wav        the input as recorded
//   take-2024-05-01_12-30-05-converted.wav  the engine's output
// (local time of the take's start). When a take of that second exists already, the stem gets a
// suffix (-2, -3, ...): an existing file is never overwritten. Drag-in conversions are named as
// `mynah convert --out-dir` names them, <input stem>.<model>.wav, with the same suffix on a clash.
//
// Threads: any non-real-time thread (reserveTakeFiles creates files).
#include <chrono>
#include <stdexcept>
#include <string>

namespace mynah::recorder {

struct RecorderError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct TakePaths {
    std::string stem;  // e.g. take-2024-05-01_12-30-05 or take-2024-05-01_12-30-05-2
    std::string dryPath;
    std::string convertedPath;
};

inline constexpr const char* kDrySuffix = "-dry.wav";
inline constexpr const char* kConvertedSuffix = "-converted.wav";

// "take-YYYY-MM-DD_HH-MM-SS" in local time, then "-<attempt>" for attempt >= 2.
std::string takeStem(std::chrono::system_clock::time_point start, int attempt = 1);

// Creates both files of a new take in `folder`, empty, each with O_EXCL (so two recorders, or a take
// started twice in one second, never share or clobber a file), trying suffixes until both are free.
// Throws RecorderError naming the folder when it does not exist or is not writable.
TakePaths reserveTakeFiles(const std::string& folder, std::chrono::system_clock::time_point start);

// "<folder>/<input stem>.<model name>.wav", then "...<model name>-<attempt>.wav" for attempt >= 2.
std::string convertedFilePath(const std::string& folder, const std::string& inputPath, const std::string& modelName,
                              int attempt = 1);

}  // namespace mynah::recorder
