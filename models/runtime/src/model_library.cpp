// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/runtime/model_library.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

namespace mynah::runtime {
namespace fs = std::filesystem;

namespace {
fs::path programFolder() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}
}  // namespace

std::string userModelFolder() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return (fs::path(xdg) / "mynah/models").string();
    if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / ".local/share/mynah/models").string();
    return {};
}

std::optional<std::string> findInModelFolders(const std::string& fileName) {
    std::error_code ec;
    for (const std::string& folder : modelSearchFolders())
        if (const fs::path candidate = fs::path(folder) / fileName; fs::is_regular_file(candidate, ec))
            return candidate.string();
    return std::nullopt;
}

std::vector<std::string> modelSearchFolders() {
    std::vector<std::string> folders;
    if (const char* env = std::getenv("MYNAH_MODEL_PATH")) {
        std::stringstream list(env);
        for (std::string entry; std::getline(list, entry, ':');)
            if (!entry.empty()) folders.push_back(entry);
    }
    if (const std::string user = userModelFolder(); !user.empty()) folders.push_back(user);
    if (const fs::path program = programFolder(); !program.empty())
        folders.push_back((program.parent_path() / "share/mynah/models").string());
#ifdef MYNAH_SOURCE_ZOO_DIR
    folders.push_back(MYNAH_SOURCE_ZOO_DIR);
#endif
    return folders;
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
