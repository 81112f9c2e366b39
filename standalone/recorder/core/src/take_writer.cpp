// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/recorder/take_writer.h"

#include <pthread.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

namespace mynah::recorder {
namespace {
constexpr size_t kChunkSamples = 4096;
constexpr auto kPollPeriod = std::chrono::milliseconds(10);
constexpr double kSyncPeriodSeconds = 1.0;  // fsync: survives a power cut too, not only a crash

int sndfileFormat(SampleFormat format) {
    return SF_FORMAT_WAV | (format == SampleFormat::Pcm24 ? SF_FORMAT_PCM_24 : SF_FORMAT_FLOAT);
}

SNDFILE* openForWriting(const std::string& path, double sampleRateHz, SampleFormat format) {
    SF_INFO info{};
    info.samplerate = static_cast<int>(std::lround(sampleRateHz));
    info.channels = 1;
    info.format = sndfileFormat(format);
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!file) throw RecorderError(path + ": cannot write the take (" + sf_strerror(nullptr) + ")");
    // No PEAK chunk: the header then only changes in its length fields when it is rewritten.
    sf_command(file, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
    // Float to 24-bit clips at full scale instead of wrapping around.
    sf_command(file, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    return file;
}
}  // namespace

struct TakeWriter::Files {
    SNDFILE* dry = nullptr;
    SNDFILE* converted = nullptr;
    std::int64_t leadLeft = 0;  // converted samples still to drop
    std::int64_t drySamples = 0, convertedSamples = 0;
    bool headerStale = false;
    std::chrono::steady_clock::time_point lastSync = std::chrono::steady_clock::now();
    std::vector<float> dryChunk = std::vector<float>(kChunkSamples);
    std::vector<float> convertedChunk = std::vector<float>(kChunkSamples);

    ~Files() {
        if (dry) sf_close(dry);
        if (converted) sf_close(converted);
    }
};

TakeWriter::TakeWriter(const TakeWriterSettings& settings, std::chrono::system_clock::time_point start)
    : settings_(settings),
      dry_(static_cast<size_t>(std::max(1.0, settings.ringSeconds * settings.sampleRateHz))),
      converted_(static_cast<size_t>(std::max(1.0, settings.ringSeconds * settings.sampleRateHz))) {
    if (!(settings.sampleRateHz >= 1000.0 && settings.sampleRateHz <= 768000.0))
        throw RecorderError("take sample rate " + std::to_string(settings.sampleRateHz) + " Hz is out of range");
    paths_ = reserveTakeFiles(settings.folder, start);
    auto files = std::make_unique<Files>();
    files->leadLeft = std::max(0, settings.convertedLeadSamples);
    try {
        files->dry = openForWriting(paths_.dryPath, settings.sampleRateHz, settings.format);
        files->converted = openForWriting(paths_.convertedPath, settings.sampleRateHz, settings.format);
    } catch (...) {
        files.reset();
        std::error_code ec;
        std::filesystem::remove(paths_.dryPath, ec);  // still empty: ours
        std::filesystem::remove(paths_.convertedPath, ec);
        throw;
    }
    files_ = files.release();
    summary_.paths = paths_;
    thread_ = std::thread([this] { run(); });
}

TakeWriter::~TakeWriter() { finish(); }

bool TakeWriter::push(const float* dry, const float* converted, int n) {
    if (n <= 0) return true;
    const size_t count = static_cast<size_t>(n);
    if (finished_.load(std::memory_order_relaxed) || dry_.availableToWrite() < count ||
        converted_.availableToWrite() < count) {
        dropped_.fetch_add(count, std::memory_order_relaxed);
        return false;
    }
    dry_.push(dry, count);
    converted_.push(converted, count);
    return true;
}

std::string TakeWriter::error() const {
    std::lock_guard<std::mutex> lock(errorMutex_);
    return error_;
}

void TakeWriter::fail(const std::string& message) {
    {
        std::lock_guard<std::mutex> lock(errorMutex_);
        if (error_.empty()) error_ = message;
    }
    failed_.store(true, std::memory_order_release);
}

void TakeWriter::run() {
    pthread_setname_np(pthread_self(), "mynah-takes");
    Files& files = *files_;
    auto lastHeaderUpdate = std::chrono::steady_clock::now();
    while (!stop_.load(std::memory_order_acquire)) {
        if (!drain(files, lastHeaderUpdate)) std::this_thread::sleep_for(kPollPeriod);
    }
    while (drain(files, lastHeaderUpdate)) {
    }
}

// Writes what the rings hold (up to one chunk); returns whether there was anything.
bool TakeWriter::drain(Files& files, std::chrono::steady_clock::time_point& lastHeaderUpdate) {
    const size_t n = std::min({dry_.availableToRead(), converted_.availableToRead(), kChunkSamples});
    const auto now = std::chrono::steady_clock::now();
    if (n == 0 || failed()) {
        dry_.discard(n);
        converted_.discard(n);
        const bool period = now - lastHeaderUpdate >= std::chrono::duration<double>(settings_.headerUpdateSeconds);
        if (files.headerStale && (period || stop_.load(std::memory_order_acquire))) {
            sf_command(files.dry, SFC_UPDATE_HEADER_NOW, nullptr, 0);
            sf_command(files.converted, SFC_UPDATE_HEADER_NOW, nullptr, 0);
            files.headerStale = false;
            lastHeaderUpdate = now;
            if (now - files.lastSync >= std::chrono::duration<double>(kSyncPeriodSeconds)) {
                sf_write_sync(files.dry);
                sf_write_sync(files.converted);
                files.lastSync = now;
            }
        }
        return n > 0;
    }
    dry_.pop(files.dryChunk.data(), n);
    converted_.pop(files.convertedChunk.data(), n);
    const sf_count_t dryWritten = sf_writef_float(files.dry, files.dryChunk.data(), static_cast<sf_count_t>(n));
    const size_t skip = static_cast<size_t>(std::min<std::int64_t>(files.leadLeft, static_cast<std::int64_t>(n)));
    files.leadLeft -= static_cast<std::int64_t>(skip);
    const sf_count_t convertedWanted = static_cast<sf_count_t>(n - skip);
    const sf_count_t convertedWritten =
        convertedWanted > 0 ? sf_writef_float(files.converted, files.convertedChunk.data() + skip, convertedWanted) : 0;
    files.drySamples += dryWritten;
    files.convertedSamples += convertedWritten;
    files.headerStale = true;
    written_.store(files.drySamples, std::memory_order_relaxed);
    if (dryWritten != static_cast<sf_count_t>(n))
        fail(paths_.dryPath + ": writing the take failed (" + sf_strerror(files.dry) + ")");
    else if (convertedWritten != convertedWanted)
        fail(paths_.convertedPath + ": writing the take failed (" + sf_strerror(files.converted) + ")");
    // Rewrite the headers on time even while samples keep coming.
    if (now - lastHeaderUpdate >= std::chrono::duration<double>(settings_.headerUpdateSeconds)) {
        sf_command(files.dry, SFC_UPDATE_HEADER_NOW, nullptr, 0);
        sf_command(files.converted, SFC_UPDATE_HEADER_NOW, nullptr, 0);
        files.headerStale = false;
        lastHeaderUpdate = now;
    }
    return true;
}

TakeSummary TakeWriter::finish() {
    if (finished_.exchange(true)) return summary_;
    stop_.store(true, std::memory_order_release);
    if (thread_.joinable()) thread_.join();
    if (files_) {
        summary_.drySamples = files_->drySamples;
        summary_.convertedSamples = files_->convertedSamples;
        sf_command(files_->dry, SFC_UPDATE_HEADER_NOW, nullptr, 0);
        sf_command(files_->converted, SFC_UPDATE_HEADER_NOW, nullptr, 0);
        sf_write_sync(files_->dry);
        sf_write_sync(files_->converted);
        const int dryClose = sf_close(files_->dry);
        const int convertedClose = sf_close(files_->converted);
        files_->dry = files_->converted = nullptr;
        if (dryClose != 0 || convertedClose != 0) fail(paths_.stem + ": closing the take files failed");
        delete files_;
        files_ = nullptr;
    }
    summary_.droppedSamples = dropped_.load(std::memory_order_relaxed);
    summary_.error = error();
    return summary_;
}

}  // namespace mynah::recorder
