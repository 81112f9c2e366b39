// SPDX-License-Identifier: GPL-3.0-or-later
// `mynah`: Mynah's command-line tool. Dispatches to the commands in commands.h.
#include <csignal>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli_error.h"
#include "commands.h"

namespace {
constexpr const char* kUsage = R"(usage: mynah COMMAND [options]

Mynah: real-time voice conversion and neural instruments.

commands:
  convert   run recordings through a model (voice, instrument) with the real-time engine, offline
  models    list the installed models
  learn     learn a voice from recordings of it (then convert any voice into it)
  render    play a MIDI file on a neural instrument
  resynth   analyse a recording and resynthesise it with the DSP synthesiser (no network)
  analyze   print F0, voicing and loudness per frame

Run `mynah COMMAND --help` for a command's options.
)";
}  // namespace

int main(int argc, char** argv) {
    // A file-size limit (ulimit -f) would kill the tool with SIGXFSZ halfway through a write and leave
    // its temporary file behind; ignored, the write fails with EFBIG and is reported like a full disk.
    std::signal(SIGXFSZ, SIG_IGN);
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (args[0] == "convert") return mynah::cli::runConvert(rest, std::cout);
        if (args[0] == "models") return mynah::cli::runModels(rest, std::cout);
        if (args[0] == "learn") return mynah::cli::runLearn(rest, std::cout);
        if (args[0] == "render") return mynah::cli::runRender(rest, std::cout);
        if (args[0] == "resynth") return mynah::cli::runResynth(rest, std::cout);
        if (args[0] == "analyze") return mynah::cli::runAnalyze(rest, std::cout);
        std::cerr << "mynah: unknown command '" << args[0] << "' (see mynah --help)\n";
        return 2;
    } catch (const mynah::cli::CliError& e) {
        std::cerr << "mynah " << args[0] << ": " << e.what() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "mynah " << args[0] << ": " << e.what() << '\n';
    }
    return 1;
}
