// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/recorder/take_list.h"

#include <sndfile.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "mynah/recorder/take_naming.h"

namespace mynah::recorder {
namespace {
bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void readLength(const std::string& path, TakeEntry& entry) {
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (!file) return;
    if (info.samplerate > 0) {
        entry.sampleRateHz = info.samplerate;
        entry.seconds = static_cast<double>(info.frames) / info.samplerate;
    }
    sf_close(file);
}
}  // namespace

std::vector<TakeEntry> listTakes(const std::string& folder) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::map<std::string, TakeEntry> byName;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string file = it->path().filename().string();
        std::string lower = file;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        if (!endsWith(lower, ".wav") || file.front() == '.') continue;  // hidden: temporary outputs
        const std::string path = it->path().string();
        std::string name;
        bool dry = false;
        if (endsWith(file, kDrySuffix)) {
            name = file.substr(0, file.size() - std::string(kDrySuffix).size());
            dry = true;
        } else if (endsWith(file, kConvertedSuffix)) {
            name = file.substr(0, file.size() - std::string(kConvertedSuffix).size());
        } else {
            name = file.substr(0, file.size() - 4);
        }
        TakeEntry& entry = byName[name];
        entry.name = name;
        (dry ? entry.dryPath : entry.convertedPath) = path;
        const auto modified = fs::last_write_time(it->path(), ec);
        if (!ec) {
            const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(modified.time_since_epoch()).count();
            entry.modifiedSecondsSinceEpoch = std::max<long long>(entry.modifiedSecondsSinceEpoch, seconds);
        }
    }
    std::vector<TakeEntry> takes;
    for (auto& [name, entry] : byName) {
        readLength(entry.dryPath.empty() ? entry.convertedPath : entry.dryPath, entry);
        takes.push_back(std::move(entry));
    }
    std::stable_sort(takes.begin(), takes.end(), [](const TakeEntry& a, const TakeEntry& b) {
        return a.modifiedSecondsSinceEpoch != b.modifiedSecondsSinceEpoch
                   ? a.modifiedSecondsSinceEpoch > b.modifiedSecondsSinceEpoch
                   : a.name > b.name;
    });
    return takes;
}

}  // namespace mynah::recorder
