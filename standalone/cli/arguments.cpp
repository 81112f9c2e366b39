// SPDX-License-Identifier: GPL-3.0-or-later
#include "arguments.h"

#include <charconv>
#include <stdexcept>

#include "cli_error.h"

namespace mynah::cli {

std::string Arguments::value(const std::string& option, const std::string& fallback) const {
    const auto it = values.find(option);
    return it == values.end() ? fallback : it->second;
}

Arguments parseArguments(const std::vector<std::string>& args, const ArgumentSpec& spec) {
    Arguments parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            parsed.help = true;
        } else if (spec.valueOptions.count(a)) {
            if (i + 1 >= args.size()) throw CliError("option " + a + " needs a value");
            parsed.values[a] = args[++i];
        } else if (spec.flags.count(a)) {
            parsed.flags.insert(a);
        } else if (a.size() > 1 && a[0] == '-') {
            throw CliError("unknown option " + a + " (see --help)");
        } else {
            parsed.positional.push_back(a);
        }
    }
    return parsed;
}

dsp::FftBackend fftBackendOption(const Arguments& args) {
    try {
        return dsp::parseFftBackend(args.value("--fft", "fftw"));
    } catch (const std::invalid_argument& e) {
        throw CliError(std::string("--fft: ") + e.what());
    }
}

int parseInt(const std::string& text, const std::string& what, int lo, int hi) {
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
        throw CliError(what + " '" + text + "' must be a whole number from " + std::to_string(lo) + " to " +
                       std::to_string(hi));
    return v;
}

}  // namespace mynah::cli
