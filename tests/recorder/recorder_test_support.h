// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers for the recorder tests: a scratch folder removed afterwards, and reading a WAV back.
#include <sndfile.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace mynah::recorder::test {

struct ScratchFolder {
    std::filesystem::path path;
    ScratchFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "mynah-recorder-XXXXXX").string();
        path = mkdtemp(pattern.data());
    }
    ~ScratchFolder() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string str() const { return path.string(); }
};

struct WavContents {
    std::vector<float> samples;
    SF_INFO info{};
    bool opened = false;
};

inline WavContents readWav(const std::string& path) {
    WavContents w;
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &w.info);
    if (!f) return w;
    w.opened = true;
    w.samples.resize(static_cast<size_t>(w.info.frames) * static_cast<size_t>(w.info.channels));
    w.samples.resize(static_cast<size_t>(sf_readf_float(f, w.samples.data(), w.info.frames)));
    sf_close(f);
    return w;
}

}  // namespace mynah::recorder::test
