// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The error every `mynah` command throws for bad input: one line naming the culprit. Audio files'
// errors (mynah::audio_io::AudioFileError) read the same way. Threads: any.
#include <stdexcept>

namespace mynah::cli {

struct CliError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace mynah::cli
