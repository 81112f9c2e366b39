// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Finding and loading the model a command names (--model NAME|PATH), with CLI-style errors.
// Threads: the CLI's thread.
#include <memory>
#include <string>

#include "mynah/runtime/inference_session.h"

namespace mynah::cli {

// Throws CliError naming the model (and where it looked) or the package's problem.
std::unique_ptr<runtime::InferenceSession> loadNamedModel(const std::string& nameOrPath);

}  // namespace mynah::cli
