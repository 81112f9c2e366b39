// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/audio_io/audio_file.h"

#include <sndfile.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

namespace mynah::audio_io {
namespace {
struct SndfileCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

constexpr sf_count_t kMaxInputFrames = sf_count_t{1} << 31;  // ~12 h at 48 kHz

// libsndfile opens a truncated WAV/AIFF and quietly shortens it; its parser log then holds a line like
// "data : 186880 (should be 16)". A truncated file is reported, not half-converted.
bool headerAnnouncesMissingData(SNDFILE* file) {
    char log[8192] = {};
    sf_command(file, SFC_GET_LOG_INFO, log, sizeof log);
    const std::string text(log);
    for (const char* chunk : {"data :", "SSND :"}) {
        const size_t at = text.find(chunk);
        if (at == std::string::npos) continue;
        const size_t lineEnd = text.find('\n', at);
        if (text.substr(at, lineEnd - at).find("should be") != std::string::npos) return true;
    }
    return false;
}
}  // namespace

MonoAudio readMonoAudio(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw AudioFileError(path + ": no such file");
    if (std::filesystem::is_directory(path, ec)) throw AudioFileError(path + ": is a directory, not an audio file");
    if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0 && !ec)
        throw AudioFileError(path + ": file is empty (0 bytes)");
    SF_INFO info{};
    SndfilePtr file(sf_open(path.c_str(), SFM_READ, &info));
    if (!file) throw AudioFileError(path + ": cannot read as audio (" + sf_strerror(nullptr) + ")");
    if (info.channels < 1 || info.samplerate < 1) throw AudioFileError(path + ": audio has no channels or no sample rate");
    if (info.frames <= 0) throw AudioFileError(path + ": audio file holds no samples");
    // libsndfile reports an unknown length for an Ogg file cut short (no final page to read it from).
    if (info.frames == SF_COUNT_MAX)
        throw AudioFileError(path + ": audio file is truncated or damaged (its length cannot be determined)");
    if (info.frames > kMaxInputFrames)
        throw AudioFileError(path + ": audio file is too long (" + std::to_string(info.frames) + " samples; at most " +
                             std::to_string(kMaxInputFrames) + ", about 12 hours at 48 kHz)");
    if (headerAnnouncesMissingData(file.get()))
        throw AudioFileError(path + ": audio file is truncated (its header announces more data than it holds)");
    // Read in blocks: memory follows the data actually present, never a length the header claims
    // (a crafted header can announce gigabytes for a file of a few bytes).
    const sf_count_t blockFrames = std::max<sf_count_t>(1, (sf_count_t{1} << 20) / info.channels);  // 4 MB of floats
    std::vector<float> block(static_cast<size_t>(blockFrames) * static_cast<size_t>(info.channels));
    MonoAudio audio;
    audio.sampleRateHz = info.samplerate;
    audio.sourceChannels = info.channels;
    while (static_cast<sf_count_t>(audio.samples.size()) < info.frames) {
        const sf_count_t want = std::min(blockFrames, info.frames - static_cast<sf_count_t>(audio.samples.size()));
        const sf_count_t got = sf_readf_float(file.get(), block.data(), want);
        if (got <= 0) break;
        for (sf_count_t i = 0; i < got; ++i) {
            float sum = 0.0f;
            for (int c = 0; c < info.channels; ++c) sum += block[static_cast<size_t>(i * info.channels + c)];
            const float v = sum / static_cast<float>(info.channels);
            audio.samples.push_back(std::isfinite(v) ? v : 0.0f);
        }
    }
    if (audio.samples.empty()) throw AudioFileError(path + ": audio data is unreadable (" + sf_strerror(file.get()) + ")");
    // A compressed stream cut short or damaged inside (FLAC: "lost sync") stops decoding early.
    if (static_cast<sf_count_t>(audio.samples.size()) < info.frames)
        throw AudioFileError(path + ": audio file is truncated or damaged (only " + std::to_string(audio.samples.size()) +
                             " of the " + std::to_string(info.frames) + " samples it announces could be decoded)");
    return audio;
}

int outputFormatFor(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".wav") return SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    if (ext == ".flac") return SF_FORMAT_FLAC | SF_FORMAT_PCM_24;
    if (ext == ".ogg" || ext == ".oga") return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    if (ext == ".aiff" || ext == ".aif") return SF_FORMAT_AIFF | SF_FORMAT_PCM_24;
    throw AudioFileError(path + ": unsupported output type '" + ext + "' (use .wav, .flac, .ogg or .aiff)");
}

void writeAudioAtomically(const std::string& path, const std::vector<float>& samples, double sampleRateHz,
                          Replace replace) {
    namespace fs = std::filesystem;
    const int format = outputFormatFor(path);
    std::error_code ec;
    fs::path target(path);
    if (fs::is_directory(target, ec)) throw AudioFileError(path + ": is a directory, not an output file");
    if (replace == Replace::Never && fs::exists(fs::symlink_status(target, ec)))
        throw OutputExistsError(path + ": exists already; not replacing it");
    if (fs::exists(target, ec)) {
        // Renaming over a device (/dev/null, /dev/full) or a FIFO would replace it: refuse. A symlink is
        // followed, so the file it points to is replaced, not the link.
        if (!fs::is_regular_file(target, ec))
            throw AudioFileError(path + ": exists and is not a regular file; refusing to replace it");
        target = fs::canonical(target, ec);
        if (ec) throw AudioFileError(path + ": cannot resolve the output path (" + ec.message() + ")");
    }
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec)) throw AudioFileError(path + ": output folder " + dir.string() + " does not exist");

    // Hidden temporary name beside the target, so the final rename stays on one file system.
    std::string hiddenName(1, '.');
    hiddenName += target.filename().string();
    hiddenName += ".XXXXXX";
    std::string tempName = (dir / hiddenName).string();
    const int fd = mkstemp(tempName.data());
    if (fd < 0) throw AudioFileError(path + ": cannot write output here (" + std::strerror(errno) + ")");
    SF_INFO info{};
    info.samplerate = static_cast<int>(std::lround(sampleRateHz));
    info.channels = 1;
    info.format = format;
    SNDFILE* file = sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE);
    if (!file) {
        ::close(fd);
        std::remove(tempName.c_str());
        throw AudioFileError(path + ": cannot write output (" + sf_strerror(nullptr) + ")");
    }
    const sf_count_t written = sf_writef_float(file, samples.data(), static_cast<sf_count_t>(samples.size()));
    const std::string writeError = sf_strerror(file);
    sf_write_sync(file);
    const int closeResult = sf_close(file);
    if (written != static_cast<sf_count_t>(samples.size()) || closeResult != 0) {
        std::remove(tempName.c_str());
        throw AudioFileError(path + ": writing output failed (" + writeError + ")");
    }
    fs::permissions(tempName, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                  fs::perms::others_read, ec);
    if (replace == Replace::Never) {
        // link() fails with EEXIST instead of replacing: no window between checking and moving.
        const int linked = ::link(tempName.c_str(), target.c_str());
        const int linkErrno = errno;
        std::remove(tempName.c_str());
        if (linked != 0 && linkErrno == EEXIST) throw OutputExistsError(path + ": exists already; not replacing it");
        if (linked != 0)
            throw AudioFileError(path + ": cannot move finished output into place (" + std::strerror(linkErrno) + ")");
        return;
    }
    if (std::rename(tempName.c_str(), target.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(tempName.c_str());
        throw AudioFileError(path + ": cannot move finished output into place (" + reason + ")");
    }
}

}  // namespace mynah::audio_io
