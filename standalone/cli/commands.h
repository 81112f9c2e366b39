// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The `mynah` commands. Each takes the arguments after its name, prints results to `out` and returns
// the process exit code; errors are thrown as CliError (one line naming the culprit).
// Threads: the main thread of the command-line tool.
#include <ostream>
#include <string>
#include <vector>

namespace mynah::cli {

int runAnalyze(const std::vector<std::string>& args, std::ostream& out);
int runResynth(const std::vector<std::string>& args, std::ostream& out);
int runConvert(const std::vector<std::string>& args, std::ostream& out);
int runModels(const std::vector<std::string>& args, std::ostream& out);
int runLearn(const std::vector<std::string>& args, std::ostream& out);
int runRender(const std::vector<std::string>& args, std::ostream& out);

}  // namespace mynah::cli
