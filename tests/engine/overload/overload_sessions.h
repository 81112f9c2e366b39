// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Stand-in networks for the overload tests (no libtorch):
// - SilentSession: all controls zero, so the synthesiser's wet output is exactly 0.0f and the engine's
//   output is exactly dry x (1 - wet gain): the dry fallback, the crossfade and the return of the wet
//   signal can be read off the output sample by sample.
// - CpuBoundSession: wraps a session and burns a set amount of the worker thread's CPU time in every
//   call, like a real network, so that a busy neighbour on the same core really starves the worker.
//
// Threads: run() and resetState() on the inference worker only.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <string>

#include "../fake_session.h"
#include "mynah/runtime/inference_session.h"

namespace mynah::test {

class SilentSession final : public runtime::InferenceSession {
public:
    SilentSession() : metadata_(fakeMetadata(2, 0)) {}
    const runtime::ModelMetadata& metadata() const override { return metadata_; }
    const std::string& source() const override { return source_; }
    void resetState() override {}
    void run(const float*, int windowFrames, float* controls) override {
        const int chunk = windowFrames - metadata_.contextFrames - metadata_.lookaheadFrames;
        std::fill(controls, controls + static_cast<size_t>(chunk) * metadata_.numOutputs(), 0.0f);
    }

private:
    runtime::ModelMetadata metadata_;
    std::string source_ = "silent";
};

class CpuBoundSession final : public runtime::InferenceSession {
public:
    CpuBoundSession(std::unique_ptr<runtime::InferenceSession> inner, std::chrono::microseconds cpuPerCall)
        : inner_(std::move(inner)), cpuPerCall_(cpuPerCall) {}
    const runtime::ModelMetadata& metadata() const override { return inner_->metadata(); }
    const std::string& source() const override { return inner_->source(); }
    void resetState() override { inner_->resetState(); }
    void run(const float* features, int windowFrames, float* controls) override {
        const double until = threadCpuSeconds() + 1e-6 * static_cast<double>(cpuPerCall_.count());
        while (threadCpuSeconds() < until) {
        }
        inner_->run(features, windowFrames, controls);
    }

private:
    static double threadCpuSeconds() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
    }
    std::unique_ptr<runtime::InferenceSession> inner_;
    std::chrono::microseconds cpuPerCall_;
};

}  // namespace mynah::test
