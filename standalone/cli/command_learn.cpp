// SPDX-License-Identifier: GPL-3.0-or-later
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include "arguments.h"
#include "cli_error.h"
#include "commands.h"
#include "mynah/learn/learn_job.h"
#include "mynah/learn/recordings.h"
#include "mynah/runtime/model_library.h"
#include "progress.h"

namespace mynah::cli {
namespace {
constexpr const char* kHelp = R"(usage: mynah learn --name NAME SAMPLE [SAMPLE ...] [-o OUT.mynah] [--minutes M]

Learns a voice from recordings of one person speaking (1 to 10 minutes in all; any format and rate
`mynah convert` reads), on the CPU, and writes it as a model: afterwards `mynah convert --model NAME`,
the plugin and the recorder turn any voice into this one. No transcript is needed.

Before learning, the recordings are checked: too short, clipping, too noisy, mostly silence or not
speech each stop it with the reason.

  --name NAME     the new voice's name (letters, digits, '-' and '_')
  -o OUT          where to write it (default: the user's model folder, NAME.mynah there); an
                  existing file is never replaced
  --minutes M     training time in minutes (default 6; 3 is quicker, 10 a little better)
  --base PATH     the conversion base weights to start from (default: voice_convert_base.pt from
                  the model folders)
  -h, --help      this text
)";

double parseMinutes(const std::string& text) {
    char* end = nullptr;
    const double minutes = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(minutes >= 0.1 && minutes <= 60.0))
        throw CliError("--minutes must be a number from 0.1 to 60, not '" + text + "'");
    return minutes;
}

std::string minutesText(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%d:%02d", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
    return text;
}
}  // namespace

int runLearn(const std::vector<std::string>& args, std::ostream& out) {
    const Arguments a = parseArguments(args, {{"--name", "-o", "--minutes", "--base"}, {}});
    if (a.help) {
        out << kHelp;
        return 0;
    }
    const std::string name = a.value("--name");
    if (!learn::isValidVoiceName(name)) throw CliError("learn needs --name NAME (letters, digits, '-' and '_', up to 64)");
    if (a.positional.empty()) throw CliError("learn needs at least one recording of the voice (see --help)");
    const double minutes = parseMinutes(a.value("--minutes", "6"));
    std::string output = a.value("-o");
    if (output.empty()) {
        const std::string folder = runtime::userModelFolder();
        if (folder.empty()) throw CliError("no user model folder (HOME is not set): give -o OUT.mynah");
        std::filesystem::create_directories(folder);
        output = (std::filesystem::path(folder) / (name + ".mynah")).string();
    }
    if (std::filesystem::exists(output)) throw CliError(output + ": exists already; choose another name or remove it");

    learn::LearnRequest request{name, {}, output, minutes, a.value("--base")};
    try {
        request.recordings = learn::readRecordings(a.positional);
    } catch (const learn::LearnError& e) {
        throw CliError(e.what());
    }
    const learn::RecordingCheck check = learn::checkRecordings(request.recordings);
    if (!check.problems.empty()) throw CliError(check.refusal());
    const learn::SampleReport& report = check.report;
    out << "learning '" << name << "' from " << std::lround(report.speechSeconds) << " s of speech ("
        << a.positional.size() << " recording" << (a.positional.size() > 1 ? "s" : "") << "), about "
        << minutes << " min\n" << std::flush;

    const bool terminal = isatty(STDERR_FILENO) != 0;
    learn::LearnJob job;
    int lastShown = -1;
    job.run(
        request,
        [&](const learn::LearnProgress& p) {
            const int percent = static_cast<int>(100.0 * p.fraction);
            if (percent == lastShown) return;
            lastShown = percent;
            std::cerr << (terminal ? "\r" : "") << "learning: " << percent << " %"
                      << (p.remainingSeconds >= 0 ? ", about " + minutesText(p.remainingSeconds) + " left" : "")
                      << " (" << p.stage << ")   " << (terminal ? "" : "\n") << std::flush;
        },
        [](const std::string&) {});
    if (terminal) std::cerr << '\n';
    out << "wrote " << output << "\nuse it: mynah convert --model " << name << " IN.wav -o OUT.wav\n";
    return 0;
}

}  // namespace mynah::cli
