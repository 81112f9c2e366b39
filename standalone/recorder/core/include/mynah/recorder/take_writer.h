// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Records one take: the dry input and the converted output, each to its own mono WAV file
// (take_naming.h), written incrementally so that a crash loses at most the last second.
//
// The audio thread hands samples over through two lock-free SPSC rings (dsp/spsc_ring.h); a writer
// thread (`mynah-takes`) drains them every few milliseconds, appends them to the files with
// libsndfile and rewrites both WAV headers (SFC_UPDATE_HEADER_NOW) at least every
// headerUpdateSeconds, so a file cut off by a crash or SIGKILL still opens and holds everything up
// to its last header update. When the writer falls behind (a stalled disk) and a ring is full, the
// audio thread drops that block from both files and counts it: it never waits.
//
// Threads: constructor, finish(), destructor, paths(), error(): message thread (any one non-real-time
// thread). push(): audio thread only (one producer), never allocates, locks or blocks.
// samplesWritten(), droppedSamples(), failed(): any thread.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "mynah/dsp/spsc_ring.h"
#include "mynah/recorder/take_naming.h"

namespace mynah::recorder {

enum class SampleFormat {
    Float32,  // 32-bit float WAV: exactly what the engine produced
    Pcm24,    // 24-bit integer WAV (clipped at full scale)
};

struct TakeWriterSettings {
    std::string folder;                // existing folder for the take's files
    double sampleRateHz = 48000.0;     // the device rate
    SampleFormat format = SampleFormat::Float32;
    // Converted samples to drop at the start (the engine's latency), so that both files line up:
    // sample t of the converted file is the conversion of sample t of the dry file.
    int convertedLeadSamples = 0;
    double ringSeconds = 4.0;          // audio the rings hold while the disk is slow
    double headerUpdateSeconds = 0.25; // header rewrite period (at most 1 s keeps the crash promise)
};

struct TakeSummary {
    TakePaths paths;
    std::int64_t drySamples = 0;        // in the dry file
    std::int64_t convertedSamples = 0;  // in the converted file (drySamples - lead, at least 0)
    std::uint64_t droppedSamples = 0;   // blocks the audio thread could not hand over
    std::string error;                  // empty unless writing failed (disk full...)
};

class TakeWriter {
public:
    // Reserves the take's files (never overwriting), opens them and starts the writer thread.
    // Throws RecorderError naming the folder or file when that fails.
    explicit TakeWriter(const TakeWriterSettings& settings,
                        std::chrono::system_clock::time_point start = std::chrono::system_clock::now());
    ~TakeWriter();  // finish()
    TakeWriter(const TakeWriter&) = delete;
    TakeWriter& operator=(const TakeWriter&) = delete;

    // Audio thread: n samples of each signal. Returns false when the block was dropped (rings full,
    // or the take already finished).
    bool push(const float* dry, const float* converted, int n);

    // Message thread: stops the writer after it has written everything pushed so far, rewrites the
    // headers and closes the files. Idempotent; push() must no longer be running (see AudioSlot).
    TakeSummary finish();

    const TakePaths& paths() const { return paths_; }
    std::int64_t samplesWritten() const { return written_.load(std::memory_order_relaxed); }
    std::uint64_t droppedSamples() const { return dropped_.load(std::memory_order_relaxed); }
    bool failed() const { return failed_.load(std::memory_order_acquire); }
    std::string error() const;

private:
    struct Files;
    void run();
    bool drain(Files& files, std::chrono::steady_clock::time_point& lastHeaderUpdate);
    void fail(const std::string& message);

    TakeWriterSettings settings_;
    TakePaths paths_;
    dsp::SpscRing<float> dry_, converted_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> finished_{false};
    std::atomic<bool> failed_{false};
    std::atomic<std::int64_t> written_{0};
    std::atomic<std::uint64_t> dropped_{0};
    mutable std::mutex errorMutex_;
    std::string error_;
    Files* files_ = nullptr;  // owned; used by the writer thread only while it runs
    TakeSummary summary_;
    std::thread thread_;
};

}  // namespace mynah::recorder
