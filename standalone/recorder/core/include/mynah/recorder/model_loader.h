// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Loads models away from the audio and message threads: one long-lived thread (`mynah-loader`)
// loads the most recently requested package (runtime::loadModelPackage, 0.1-1 s with warm-up); the
// message thread polls for the result and hands the session to the engine.
//
// Threads: everything here: message thread (one non-real-time thread). Never the audio thread.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "mynah/runtime/inference_session.h"

namespace mynah::recorder {

class BackgroundModelLoader {
public:
    struct Result {
        std::string path;
        std::unique_ptr<runtime::InferenceSession> session;  // null when loading failed
        std::string error;                                   // one line naming the package and problem
    };

    BackgroundModelLoader();
    ~BackgroundModelLoader();  // waits for a load in progress
    BackgroundModelLoader(const BackgroundModelLoader&) = delete;
    BackgroundModelLoader& operator=(const BackgroundModelLoader&) = delete;

    // Loads `path` next; replaces a request that has not started yet.
    void request(const std::string& path);
    // The finished load, once (the newest; older finished ones are dropped).
    std::optional<Result> takeResult();
    bool busy() const;

private:
    void run();

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<std::string> requested_;
    std::optional<Result> result_;
    bool loading_ = false;
    bool quit_ = false;
    std::thread thread_;
};

}  // namespace mynah::recorder
