// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/recorder/model_loader.h"

#include <pthread.h>

#include "mynah/engine/thread_priority.h"
#include "mynah/runtime/model_loader.h"

namespace mynah::recorder {

BackgroundModelLoader::BackgroundModelLoader() { thread_ = std::thread([this] { run(); }); }

BackgroundModelLoader::~BackgroundModelLoader() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void BackgroundModelLoader::request(const std::string& path) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        requested_ = path;
    }
    wake_.notify_all();
}

std::optional<BackgroundModelLoader::Result> BackgroundModelLoader::takeResult() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<Result> r = std::move(result_);
    result_.reset();
    return r;
}

bool BackgroundModelLoader::busy() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return loading_ || requested_.has_value();
}

void BackgroundModelLoader::run() {
    pthread_setname_np(pthread_self(), "mynah-loader");
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return quit_ || requested_.has_value(); });
        if (quit_) return;
        Result result;
        result.path = *requested_;
        requested_.reset();
        loading_ = true;
        lock.unlock();
        try {
            // At background priority, on a thread of its own (thread_priority.h).
            result.session = engine::runAtBackgroundPriority("mynah-load", [&] { return runtime::loadModelPackage(result.path); });
        } catch (const std::exception& e) {
            result.error = e.what();
        }
        lock.lock();
        loading_ = false;
        result_ = std::move(result);  // a newer result replaces one nobody took
    }
}

}  // namespace mynah::recorder
