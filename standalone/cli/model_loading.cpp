// SPDX-License-Identifier: GPL-3.0-or-later
#include "model_loading.h"

#include "cli_error.h"
#include "mynah/runtime/model_error.h"
#include "mynah/runtime/model_library.h"
#include "mynah/runtime/model_loader.h"

namespace mynah::cli {

namespace {
// "voices/me.mynah" or "me.mynah" is a file the user means, never a name to look up in the folders.
bool isPath(const std::string& nameOrPath) {
    const std::string ext = ".mynah";
    return nameOrPath.find('/') != std::string::npos ||
           (nameOrPath.size() > ext.size() && nameOrPath.compare(nameOrPath.size() - ext.size(), ext.size(), ext) == 0);
}
}  // namespace

std::unique_ptr<runtime::InferenceSession> loadNamedModel(const std::string& nameOrPath) {
    auto path = runtime::findModel(nameOrPath);
    if (!path && isPath(nameOrPath)) path = nameOrPath;  // the loader names what is wrong with it (no such file...)
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
