// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The engine every surface shares (plugin, recorder, CLI, tests): one model pipeline at a time
// (voice_pipeline.h), swapped while audio runs without a click.
//
// With no model the engine passes its input through (latency 0); the first model starts at once.
// Whatever the host sends, the input is made safe first (input_guard.h): a NaN or an infinity is
// silence, a subnormal is 0, and a sample beyond +-64 is clamped, for the dry path and every model.
// setModel() builds a pipeline for an already loaded session; when a model is already playing, the
// audio thread runs the new pipeline beside the current one while it fills
// (its latency plus a fade), crossfades to it over swapFadeMs, and hands the old pipeline back to
// be destroyed on a non-real-time thread (collectRetired(), also called by setModel() and the
// destructor).
//
// Threads: constructor, destructor, setModel(), collectRetired(): message thread (or any one
// non-real-time thread). process(): audio thread only, never allocates or locks. latencySamples(),
// xrunCount(), swapsCompleted(): any thread.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "mynah/engine/voice_pipeline.h"
#include "mynah/runtime/inference_session.h"

namespace mynah::engine {

class Engine {
public:
    explicit Engine(const PipelineConfig& config, double swapFadeMs = 20.0);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const PipelineConfig& config() const { return config_; }

    // Message thread. Returns the new pipeline's latency, which latencySamples() reports from now on.
    int setModel(std::unique_ptr<runtime::InferenceSession> session);
    // Message thread, only while process() is not being called (offline use): removes the model and
    // returns its session, state reset, so another Engine can reuse it. Null when there is none.
    std::unique_ptr<runtime::InferenceSession> releaseModel();
    // Message thread: destroys pipelines the audio thread has finished with.
    void collectRetired();

    // Audio thread. out[i] is the output for in[i]; in and out may alias; any n.
    void process(const float* in, float* out, int n);

    // Any thread: share of the wet signal (see VoicePipeline::setWetMix); kept across model swaps.
    void setWetMix(float wet) { wetMix_.store(wet, std::memory_order_relaxed); }

    // Any thread: transpose (semitones) and gate threshold (dB), see VoicePipeline; kept across swaps.
    void setTransposeSemitones(float semitones) { transpose_.store(semitones, std::memory_order_relaxed); }
    void setGateThresholdDb(float db) { gateDb_.store(db, std::memory_order_relaxed); }

    int latencySamples() const { return latency_.load(std::memory_order_acquire); }
    std::uint64_t xrunCount() const { return xruns_.load(std::memory_order_relaxed); }
    std::uint64_t swapsCompleted() const { return swaps_.load(std::memory_order_relaxed); }
    // Testing: the current pipeline, or null. Only while no swap can happen (no concurrent setModel()).
    VoicePipeline* activePipelineForTesting() const { return active_; }

private:
    void processBlock(const float* in, float* out, int n);
    bool retire(VoicePipeline* pipeline);

    PipelineConfig config_;
    int swapFadeSamples_;
    std::atomic<int> latency_{0};
    std::atomic<std::uint64_t> xruns_{0};
    std::atomic<std::uint64_t> swaps_{0};
    std::atomic<float> wetMix_{1.0f};
    std::atomic<float> transpose_{0.0f};
    std::atomic<float> gateDb_{-70.0f};

    std::atomic<VoicePipeline*> pending_{nullptr};  // handed over by setModel(), taken by the audio thread
    std::array<std::atomic<VoicePipeline*>, 4> retired_{};  // handed back by the audio thread

    // Audio-thread state.
    VoicePipeline* active_ = nullptr;
    VoicePipeline* incoming_ = nullptr;
    std::int64_t incomingSamples_ = 0;  // samples the incoming pipeline has processed
    int fadePosition_ = 0;
    std::vector<float> scratch_, input_;
};

}  // namespace mynah::engine
