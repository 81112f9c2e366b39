// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The recorder's take list: what is in the takes folder. A take's two files (take_naming.h) make one
// entry; any other WAV there (drag-in conversions) is an entry of its own, with only a converted file.
//
// Threads: any non-real-time thread (reads the folder and the files' headers).
#include <string>
#include <vector>

namespace mynah::recorder {

struct TakeEntry {
    std::string name;           // the take's stem, or the file's name without .wav
    std::string dryPath;        // empty for a single file
    std::string convertedPath;  // empty when a take's converted file is missing
    double seconds = 0.0;       // length (of the dry file when there is one)
    double sampleRateHz = 0.0;
    long long modifiedSecondsSinceEpoch = 0;
};

// Newest first. A missing folder gives an empty list; unreadable files are listed with 0 s.
std::vector<TakeEntry> listTakes(const std::string& folder);

}  // namespace mynah::recorder
