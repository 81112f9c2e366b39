// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where installed models live, and finding one by name. A package's name is its file name without
// `.mynah`. Folders searched, in order:
//   1. each entry of $MYNAH_MODEL_PATH (colon-separated),
//   2. the user's folder: $XDG_DATA_HOME/mynah/models (default ~/.local/share/mynah/models),
//   3. the zoo installed beside the program: <program folder>/../share/mynah/models,
//   4. the zoo of the source tree the program was built from (models/zoo).
// Only files in these folders, or paths the user gives, are ever loaded (a package is code).
// Threads: any non-real-time thread.
#include <optional>
#include <string>
#include <vector>

namespace mynah::runtime {

std::vector<std::string> modelSearchFolders();

// The user's own folder (entry 2 above; empty when neither XDG_DATA_HOME nor HOME is set): where
// `mynah learn` puts the voices it learns.
std::string userModelFolder();

// The first file of this name in the search folders (e.g. the conversion base weights that
// `mynah learn` starts from).
std::optional<std::string> findInModelFolders(const std::string& fileName);

// A path to an existing file is returned as it is; otherwise the name is looked up in the folders.
// Returns nothing when neither finds it.
std::optional<std::string> findModel(const std::string& nameOrPath);

// Every `.mynah` file in the search folders (the first of each name wins), sorted by name.
std::vector<std::string> listModelFiles();

}  // namespace mynah::runtime
