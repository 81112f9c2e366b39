// SPDX-License-Identifier: GPL-3.0-or-later
#include "model_loading.h"

#include "cli_error.h"
#include "mynah/runtime/model_error.h"
#include "mynah/runtime/model_library.h"
#include "mynah/runtime/model_loader.h"

namespace mynah::cli {

std::unique_ptr<runtime::InferenceSession> loadNamedModel(const std::string& nameOrPath) {
    const auto path = runtime::findModel(nameOrPath);
    if (!path) {
        std::string folders;
        for (const std::string& f : runtime::modelSearchFolders()) folders += (folders.empty() ? "" : ", ") + f;
        throw CliError("no model named '" + nameOrPath + "' (looked for " + nameOrPath + ".mynah in " + folders +
                       "; `mynah models` lists them)");
    }
    try {
        return runtime::loadModelPackage(*path);
    } catch (const runtime::ModelError& e) {
        throw CliError(e.what());
    }
}

}  // namespace mynah::cli
