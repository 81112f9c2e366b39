// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Minimal command-line parsing shared by every `mynah` command. Threads: any.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "mynah/dsp/fft.h"

namespace mynah::cli {

struct ArgumentSpec {
    std::set<std::string> valueOptions;  // e.g. "-o", "--fft": take the next argument as value
    std::set<std::string> flags;         // e.g. "--csv"
};

struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::set<std::string> flags;
    bool help = false;

    bool has(const std::string& flag) const { return flags.count(flag) != 0; }
    std::string value(const std::string& option, const std::string& fallback = "") const;
};

// Throws CliError naming the unknown option or the option missing its value.
Arguments parseArguments(const std::vector<std::string>& args, const ArgumentSpec& spec);

// The FFT backend named by --fft (default fftw); throws CliError naming a bad one.
dsp::FftBackend fftBackendOption(const Arguments& args);

// Parses a whole number, throwing CliError that names `what` if it is not one or outside [lo, hi].
int parseInt(const std::string& text, const std::string& what, int lo, int hi);

}  // namespace mynah::cli
