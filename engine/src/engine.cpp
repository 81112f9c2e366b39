// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/engine/engine.h"

#include "mynah/engine/block_split.h"
#include "mynah/engine/input_guard.h"

#include <algorithm>
#include <cmath>

namespace mynah::engine {

Engine::Engine(const PipelineConfig& config, double swapFadeMs)
    : config_(config), swapFadeSamples_(std::max(1, static_cast<int>(std::lround(swapFadeMs * config.hostRateHz / 1000.0)))),
      scratch_(static_cast<size_t>(config.maxBlockSamples)), input_(static_cast<size_t>(config.maxBlockSamples)) {
    for (auto& slot : retired_) slot.store(nullptr);
}

Engine::~Engine() {
    // The audio thread has stopped calling process() by now.
    delete pending_.exchange(nullptr);
    delete incoming_;
    delete active_;
    collectRetired();
}

int Engine::setModel(std::unique_ptr<runtime::InferenceSession> session) {
    collectRetired();
    auto pipeline = std::make_unique<VoicePipeline>(std::move(session), config_);
    const int latency = pipeline->latencySamples();
    // A swap the audio thread has not started yet is replaced (and destroyed here).
    delete pending_.exchange(pipeline.release(), std::memory_order_acq_rel);
    latency_.store(latency, std::memory_order_release);
    return latency;
}

std::unique_ptr<runtime::InferenceSession> Engine::releaseModel() {
    // The newest model wins: one still pending or incoming replaces the active one.
    VoicePipeline* newest = pending_.exchange(nullptr, std::memory_order_acq_rel);
    for (VoicePipeline* p : {incoming_, active_}) {
        if (!newest) newest = p;
        else if (p && p != newest) delete p;
    }
    incoming_ = active_ = nullptr;
    latency_.store(0, std::memory_order_release);
    std::unique_ptr<VoicePipeline> pipeline(newest);
    return pipeline ? pipeline->releaseSession() : nullptr;
}

void Engine::collectRetired() {
    for (auto& slot : retired_) delete slot.exchange(nullptr, std::memory_order_acq_rel);
}

bool Engine::retire(VoicePipeline* pipeline) {
    if (!pipeline) return true;
    for (auto& slot : retired_) {
        VoicePipeline* expected = nullptr;
        if (slot.compare_exchange_strong(expected, pipeline, std::memory_order_acq_rel)) return true;
    }
    return false;  // every slot full: try again next block
}

void Engine::process(const float* in, float* out, int n) {
    forEachBlock(in, out, n, config_.maxBlockSamples, [this](const float* i, float* o, int m) { processBlock(i, o, m); });
}

void Engine::processBlock(const float* in, float* out, int n) {
    if (!incoming_) {
        incoming_ = pending_.exchange(nullptr, std::memory_order_acq_rel);
        incomingSamples_ = 0;
        fadePosition_ = 0;
        if (incoming_ && !active_) {
            // The first model starts at once: its output simply begins after its latency.
            active_ = incoming_;
            incoming_ = nullptr;
        }
    }
    // Both pipelines read the input before either writes the output (in and out may alias); NaN, Inf,
    // subnormal and absurdly large samples are made safe once, for the dry path and every model.
    sanitizeInput(in, input_.data(), n);
    for (VoicePipeline* p : {active_, incoming_}) {
        if (!p) continue;
        p->setWetMix(wetMix_.load(std::memory_order_relaxed));
        p->setTransposeSemitones(transpose_.load(std::memory_order_relaxed));
        p->setGateThresholdDb(gateDb_.load(std::memory_order_relaxed));
    }
    if (active_) {
        const std::uint64_t before = active_->xrunCount();
        active_->process(input_.data(), out, n);
        xruns_.fetch_add(active_->xrunCount() - before, std::memory_order_relaxed);
    } else {
        std::copy(input_.begin(), input_.begin() + n, out);  // no model: pass through
    }
    if (!incoming_) return;

    incoming_->process(input_.data(), scratch_.data(), n);
    const std::int64_t warm = incoming_->latencySamples() + incoming_->latency().fadeSamples;
    const std::int64_t start = incomingSamples_;
    incomingSamples_ += n;
    if (incomingSamples_ <= warm) return;  // still filling: its output is not heard yet
    for (int i = static_cast<int>(std::max<std::int64_t>(0, warm - start)); i < n; ++i) {
        const float x = std::min(1.0f, static_cast<float>(++fadePosition_) / static_cast<float>(swapFadeSamples_));
        out[i] += x * (scratch_[i] - out[i]);
    }
    if (fadePosition_ >= swapFadeSamples_ && retire(active_)) {
        active_ = incoming_;
        incoming_ = nullptr;
        swaps_.fetch_add(1, std::memory_order_relaxed);
    }
}

}  // namespace mynah::engine
