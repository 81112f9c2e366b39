// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/runtime/data_folders.h"

#include <cstdlib>
#include <filesystem>
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

std::string userDataFolder(const std::string& kind) {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return (fs::path(xdg) / "mynah" / kind).string();
    if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / ".local/share/mynah" / kind).string();
    return {};
}

std::vector<std::string> dataSearchFolders(const char* environmentVariable, const std::string& kind,
                                           const char* sourceTreeFolder) {
    std::vector<std::string> folders;
    if (const char* env = std::getenv(environmentVariable)) {
        std::stringstream list(env);
        for (std::string entry; std::getline(list, entry, ':');)
            if (!entry.empty()) folders.push_back(entry);
    }
    if (const std::string user = userDataFolder(kind); !user.empty()) folders.push_back(user);
    if (const fs::path program = programFolder(); !program.empty())
        folders.push_back((program.parent_path() / "share/mynah" / kind).string());
    if (sourceTreeFolder) folders.push_back(sourceTreeFolder);
    return folders;
}

}  // namespace mynah::runtime
