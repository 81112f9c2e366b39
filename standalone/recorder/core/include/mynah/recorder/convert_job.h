// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Converts one dropped file offline, on its own thread (`mynah-convert`), with progress: loads the
// model (its own copy: the live engine's model is stateful and busy), reads the file, runs it through
// engine::convertOffline (the code `mynah convert` runs, with its defaults, so the result is the
// same file) and writes <input stem>.<model>.wav into the output folder, never replacing a file
// (take_naming.h). A failure leaves nothing behind and gives one line naming the culprit.
//
// Threads: constructor, cancel(), wait(), destructor: message thread. state(), progress(),
// finished(), outputPath(), error(), request(): any thread.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "mynah/engine/offline_render.h"

namespace mynah::recorder {

struct ConvertRequest {
    std::string inputPath;
    std::string modelPath;     // a .mynah file
    std::string outputFolder;  // existing folder
    engine::OfflineSettings settings;  // `mynah convert`'s defaults
};

// The work itself, on the calling thread. progress(fraction) is called as it goes (loading and
// reading count as the first 5 %); returning false cancels (then returns an empty string). Returns
// the written file's path; throws std::runtime_error subclasses with one line naming the culprit.
std::string convertFileToFolder(const ConvertRequest& request, const engine::RenderProgress& progress = {});

class ConvertJob {
public:
    enum class State { Running, Done, Failed, Cancelled };

    explicit ConvertJob(ConvertRequest request);
    ~ConvertJob();  // cancels and waits
    ConvertJob(const ConvertJob&) = delete;
    ConvertJob& operator=(const ConvertJob&) = delete;

    void cancel() { cancelled_.store(true); }
    void wait();

    const ConvertRequest& request() const { return request_; }
    State state() const { return state_.load(std::memory_order_acquire); }
    bool finished() const { return state() != State::Running; }
    double progress() const { return progress_.load(std::memory_order_relaxed); }
    std::string outputPath() const;
    std::string error() const;

private:
    void run();

    const ConvertRequest request_;
    std::atomic<State> state_{State::Running};
    std::atomic<double> progress_{0.0};
    std::atomic<bool> cancelled_{false};
    mutable std::mutex resultMutex_;
    std::string outputPath_, error_;
    std::thread thread_;
};

}  // namespace mynah::recorder
