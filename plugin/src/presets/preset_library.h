// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where presets live, listing them, and saving the user's own. Folders searched, in order (the same
// search as the model library's, models/runtime/include/mynah/runtime/data_folders.h):
//   1. each entry of $MYNAH_PRESET_PATH (colon-separated),
//   2. the user's folder: $XDG_DATA_HOME/mynah/presets (default ~/.local/share/mynah/presets),
//   3. the factory presets installed beside the program: <program folder>/../share/mynah/presets,
//   4. the factory presets of the source tree the plugin was built from (presets/).
// A preset's identity is its file name without `.json`; the first folder holding a name wins.
// JUCE-free. Threads: any non-real-time thread (reads and writes files).
#include <string>
#include <vector>

#include "presets/preset.h"

namespace mynah::plugin {

struct PresetEntry {
    std::string path;
    Preset preset;
    bool isUser = false;  // found in the user's folder (else a factory preset)
};

struct PresetList {
    std::vector<PresetEntry> presets;  // factory presets first, then the user's, each sorted by name
    std::vector<std::string> errors;   // one line per file that was skipped (PresetError messages)
};

std::vector<std::string> presetSearchFolders();
std::string userPresetFolder();

// Reads every `.json` file in the search folders; files that do not parse are listed in `errors`.
PresetList listPresets();

// A file name for a preset name: lower case letters, digits, '-' and '_' (others become '_').
// Throws PresetError when nothing is left ("!!!").
std::string presetFileStem(const std::string& presetName);

// Writes `preset` to the user's folder (created when missing) as <presetFileStem(name)>.json and
// returns the path. An existing file is replaced only when `overwrite` is set; otherwise PresetError
// says that it exists. The file is written to a temporary name first, then renamed (never half a file).
std::string saveUserPreset(const Preset& preset, bool overwrite);

// The path saveUserPreset() would write to (check it for an existing file before asking to overwrite).
std::string userPresetPath(const std::string& presetName);

}  // namespace mynah::plugin
