// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/runtime/model_library.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "mynah/runtime/data_folders.h"

namespace mynah::runtime {
namespace fs = std::filesystem;

std::string userModelFolder() { return userDataFolder("models"); }

std::optional<std::string> findInModelFolders(const std::string& fileName) {
    std::error_code ec;
    for (const std::string& folder : modelSearchFolders())
        if (const fs::path candidate = fs::path(folder) / fileName; fs::is_regular_file(candidate, ec))
            return candidate.string();
    return std::nullopt;
}

std::vector<std::string> modelSearchFolders() {
#ifdef MYNAH_SOURCE_ZOO_DIR
    return dataSearchFolders("MYNAH_MODEL_PATH", "models", MYNAH_SOURCE_ZOO_DIR);
#else
    return dataSearchFolders("MYNAH_MODEL_PATH", "models", nullptr);
#endif
}

std::optional<std::string> findModel(const std::string& nameOrPath) {
    std::error_code ec;
    if (fs::is_regular_file(nameOrPath, ec)) return nameOrPath;
    if (nameOrPath.find('/') != std::string::npos) return std::nullopt;  // a path that does not exist
    return findInModelFolders(nameOrPath + ".mynah");
}

std::vector<std::string> listModelFiles() {
    std::map<std::string, std::string> byName;
    for (const std::string& folder : modelSearchFolders()) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            if (!entry.is_regular_file(ec) || entry.path().extension() != ".mynah") continue;
            byName.emplace(entry.path().stem().string(), entry.path().string());
        }
    }
    std::vector<std::string> files;
    for (const auto& [name, path] : byName) files.push_back(path);
    return files;
}

}  // namespace mynah::runtime
