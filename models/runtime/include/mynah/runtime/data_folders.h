// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Mynah's data folders of one kind ("models", "presets"), searched in this order:
//   1. each entry of an environment variable (colon-separated; $MYNAH_MODEL_PATH, $MYNAH_PRESET_PATH),
//   2. the user's folder: $XDG_DATA_HOME/mynah/<kind> (default ~/.local/share/mynah/<kind>),
//   3. the files installed beside the program: <program folder>/../share/mynah/<kind>,
//   4. the source tree's folder the program was built from, when the caller names one.
// The model library (model_library.h) and the preset library (plugin/src/presets) both search this way.
// Threads: any non-real-time thread.
#include <string>
#include <vector>

namespace mynah::runtime {

// Entry 2 above; empty when neither XDG_DATA_HOME nor HOME is set.
std::string userDataFolder(const std::string& kind);

// Entries 1 to 4 above, in order; `sourceTreeFolder` may be null.
std::vector<std::string> dataSearchFolders(const char* environmentVariable, const std::string& kind,
                                           const char* sourceTreeFolder);

}  // namespace mynah::runtime
