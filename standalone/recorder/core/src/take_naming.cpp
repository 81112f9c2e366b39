// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/recorder/take_naming.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

namespace mynah::recorder {
namespace {
constexpr int kMaxAttempts = 10000;

// Creates an empty file that did not exist. Returns false if it exists; throws on other failures.
bool createExclusively(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) {
        ::close(fd);
        return true;
    }
    if (errno == EEXIST) return false;
    throw RecorderError(path + ": cannot create the take file (" + std::strerror(errno) + ")");
}
}  // namespace

std::string takeStem(std::chrono::system_clock::time_point start, int attempt) {
    const std::time_t t = std::chrono::system_clock::to_time_t(start);
    std::tm local{};
    localtime_r(&t, &local);
    char text[64];
    std::strftime(text, sizeof text, "take-%Y-%m-%d_%H-%M-%S", &local);
    std::string stem(text);
    if (attempt >= 2) stem.append(1, '-').append(std::to_string(attempt));
    return stem;
}

TakePaths reserveTakeFiles(const std::string& folder, std::chrono::system_clock::time_point start) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) throw RecorderError(folder + ": takes folder does not exist");
    for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
        TakePaths paths;
        paths.stem = takeStem(start, attempt);
        paths.dryPath = (fs::path(folder) / (paths.stem + kDrySuffix)).string();
        paths.convertedPath = (fs::path(folder) / (paths.stem + kConvertedSuffix)).string();
        if (!createExclusively(paths.dryPath)) continue;
        if (!createExclusively(paths.convertedPath)) {
            fs::remove(paths.dryPath, ec);  // ours, just created empty
            continue;
        }
        return paths;
    }
    throw RecorderError(folder + ": no free take name for " + takeStem(start));
}

std::string convertedFilePath(const std::string& folder, const std::string& inputPath, const std::string& modelName,
                              int attempt) {
    namespace fs = std::filesystem;
    std::string name = fs::path(inputPath).stem().string() + "." + modelName;
    if (attempt >= 2) name.append(1, '-').append(std::to_string(attempt));
    return (fs::path(folder) / (name + ".wav")).string();
}

}  // namespace mynah::recorder
