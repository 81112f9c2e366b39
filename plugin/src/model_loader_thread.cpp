// SPDX-License-Identifier: GPL-3.0-or-later
#include "model_loader_thread.h"

#include <pthread.h>

#include <chrono>
#include <exception>

#include "mynah/engine/thread_priority.h"
#include "mynah/runtime/model_loader.h"

namespace mynah::plugin {

ModelLoaderThread::ModelLoaderThread(DesiredPath desiredPath, OnStart onStart, OnLoaded onLoaded, OnIdle onIdle, int pollMs)
    : desiredPath_(std::move(desiredPath)), onStart_(std::move(onStart)), onLoaded_(std::move(onLoaded)), onIdle_(std::move(onIdle)), pollMs_(pollMs) {
    thread_ = std::thread([this] { run(); });
}

ModelLoaderThread::~ModelLoaderThread() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ModelLoaderThread::wake(bool retry) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        woken_ = true;
        retry_ = retry_ || retry;
    }
    cv_.notify_all();
}

void ModelLoaderThread::run() {
    pthread_setname_np(pthread_self(), "mynah-loader");  // <= 15 characters (GUIDE.md §6)
    bool tried = false;
    std::string lastPath;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            cv_.wait_for(lock, std::chrono::milliseconds(pollMs_), [this] { return stop_ || woken_; });
            if (stop_) return;
            woken_ = false;
            if (retry_) tried = false;
            retry_ = false;
        }
        if (onIdle_) onIdle_();
        const std::string path = desiredPath_();
        if (tried && path == lastPath) continue;
        tried = true;
        lastPath = path;
        if (path.empty()) continue;

        if (onStart_) onStart_(path);
        Result result;
        result.path = path;
        const auto start = std::chrono::steady_clock::now();
        try {
            // At background priority on a thread of its own: this thread builds the pipeline and so
            // starts its inference worker, which must keep the normal priority (thread_priority.h).
            result.session = engine::runAtBackgroundPriority("mynah-load", [&] { return runtime::loadModelPackage(path); });
        } catch (const std::exception& e) {
            result.error = e.what();
        } catch (...) {
            result.error = path + ": unknown error while loading";
        }
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!result.session && result.error.empty()) result.error = path + ": the loader returned no model";
        onLoaded_(std::move(result));
    }
}

}  // namespace mynah::plugin
