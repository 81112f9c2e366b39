// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Loads `.mynah` packages on a background thread (GUIDE.md §3: never in the plugin's constructor,
// never on the audio thread). It asks `desiredPath` which model is wanted (every pollMs, or at once
// after wake()), loads it when it differs from the last one tried, and hands the result to
// `onLoaded` on its own thread (`onStart` first, when a load begins). `onIdle` runs on every poll (e.g. to collect retired pipelines).
//
// Threads: constructor, wake() and destructor on any non-real-time thread (the destructor joins,
// waiting for a load in progress). desiredPath, onStart, onLoaded and onIdle run on the loader thread.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "mynah/runtime/inference_session.h"

namespace mynah::plugin {

class ModelLoaderThread {
public:
    struct Result {
        std::string path;
        std::unique_ptr<runtime::InferenceSession> session;  // null when loading failed
        std::string error;                                   // why it failed
        double seconds = 0.0;                                // time the load took
    };
    using DesiredPath = std::function<std::string()>;
    using OnStart = std::function<void(const std::string& path)>;
    using OnLoaded = std::function<void(Result&&)>;
    using OnIdle = std::function<void()>;

    ModelLoaderThread(DesiredPath desiredPath, OnStart onStart, OnLoaded onLoaded, OnIdle onIdle, int pollMs = 50);
    ~ModelLoaderThread();
    ModelLoaderThread(const ModelLoaderThread&) = delete;
    ModelLoaderThread& operator=(const ModelLoaderThread&) = delete;

    // Any non-real-time thread: look at desiredPath now. Forget the last path so it is tried again
    // when `retry` is set.
    void wake(bool retry = false);

private:
    void run();

    DesiredPath desiredPath_;
    OnStart onStart_;
    OnLoaded onLoaded_;
    OnIdle onIdle_;
    int pollMs_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    bool woken_ = false;
    bool retry_ = false;
    std::thread thread_;
};

}  // namespace mynah::plugin
