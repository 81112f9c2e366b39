// SPDX-License-Identifier: GPL-3.0-or-later
#include "presets/preset_library.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include "mynah/runtime/data_folders.h"

namespace mynah::plugin {
namespace fs = std::filesystem;

std::string userPresetFolder() { return runtime::userDataFolder("presets"); }

std::vector<std::string> presetSearchFolders() {
#ifdef MYNAH_SOURCE_PRESETS_DIR
    return runtime::dataSearchFolders("MYNAH_PRESET_PATH", "presets", MYNAH_SOURCE_PRESETS_DIR);
#else
    return runtime::dataSearchFolders("MYNAH_PRESET_PATH", "presets", nullptr);
#endif
}

PresetList listPresets() {
    const std::string user = userPresetFolder();
    std::map<std::string, std::pair<std::string, bool>> byStem;  // stem -> (path, isUser)
    for (const std::string& folder : presetSearchFolders()) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            if (!entry.is_regular_file(ec) || entry.path().extension() != kPresetExtension) continue;
            byStem.emplace(entry.path().stem().string(), std::pair{entry.path().string(), folder == user});
        }
    }
    PresetList list;
    for (const auto& [stem, where] : byStem) {
        try {
            list.presets.push_back({where.first, readPresetFile(where.first), where.second});
        } catch (const PresetError& e) {
            list.errors.push_back(e.what());
        }
    }
    std::stable_sort(list.presets.begin(), list.presets.end(), [](const PresetEntry& a, const PresetEntry& b) {
        return a.isUser != b.isUser ? !a.isUser : a.preset.name < b.preset.name;
    });
    return list;
}

std::string presetFileStem(const std::string& presetName) {
    std::string stem;
    for (const char c : presetName) {
        const auto u = static_cast<unsigned char>(c);
        const char out = std::isalnum(u) ? static_cast<char>(std::tolower(u)) : (c == '-' ? '-' : '_');
        if (out == '_' && (stem.empty() || stem.back() == '_')) continue;  // no leading or doubled '_'
        stem += out;
    }
    while (!stem.empty() && stem.back() == '_') stem.pop_back();
    if (stem.empty()) throw PresetError("preset name \"" + presetName + "\": needs at least one letter or digit");
    return stem;
}

std::string userPresetPath(const std::string& presetName) {
    const std::string folder = userPresetFolder();
    if (folder.empty()) throw PresetError("no user preset folder: neither XDG_DATA_HOME nor HOME is set");
    return (fs::path(folder) / (presetFileStem(presetName) + kPresetExtension)).string();
}

std::string saveUserPreset(const Preset& preset, bool overwrite) {
    const fs::path path = userPresetPath(preset.name);
    const std::string text = presetToJson(preset);
    std::error_code ec;
    if (!overwrite && fs::exists(path, ec)) throw PresetError(path.string() + ": exists already (not overwritten)");
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw PresetError(path.parent_path().string() + ": cannot create folder (" + ec.message() + ")");
    const fs::path temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            fs::remove(temporary, ec);
            throw PresetError(temporary.string() + ": cannot write");
        }
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw PresetError(path.string() + ": cannot write (" + ec.message() + ")");
    }
    return path.string();
}

}  // namespace mynah::plugin
