// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One model's streaming path at a host sample rate (GUIDE.md §2-3):
//
//   audio thread: input -> dry delay (L) ............................................+--> mix -> output
//                 input -> [input ring] -> worker                                     |
//   worker:       resample to the model rate -> features -> frame window -> network -> synthesiser
//                 at the host rate -> [output ring, prefilled with `margin` zeros] -> audio thread
//
// The output is the wet signal delayed by exactly latencySamples() (latency.h). If the worker has not
// delivered a block (plus a short fade reserve) in time, the block crossfades to the delayed dry signal,
// the xrun counter increments, and the late wet samples are dropped when they arrive: latency never
// grows, and a late worker skips model calls for frames that are already too late until it has caught
// up. Offline mode runs the worker's step synchronously inside process(): same arithmetic, same L,
// bit-identical output whenever the real-time worker kept up.
//
// Threads: construct and destroy on a non-real-time thread (the constructor starts the worker, the
// destructor joins it). process() on the audio thread only: no allocation, no locks, no torch.
// The accessors are atomics, callable from any thread.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <semaphore>
#include <thread>
#include <vector>

#include "mynah/dsp/features.h"
#include "mynah/dsp/hn_synth.h"
#include "mynah/dsp/sinc_resampler.h"
#include "mynah/dsp/spsc_ring.h"
#include "mynah/engine/delay_line.h"
#include "mynah/engine/frame_window.h"
#include "mynah/engine/latency.h"
#include "mynah/engine/output_ring.h"
#include "mynah/runtime/inference_session.h"

namespace mynah::engine {

struct PipelineConfig {
    double hostRateHz = 48000.0;
    int maxBlockSamples = 512;  // largest process() call; larger calls are split
    int chunkFrames = 0;        // frames per network call; 0: the model's realtime_chunk_frames
    double fadeMs = 2.0;        // crossfade to/from the dry fallback
    double safetyMs = 3.0;      // scheduling jitter allowance inside the latency
    bool realtime = true;       // false: offline, the worker's step runs inside process()
};

class VoicePipeline {
public:
    VoicePipeline(std::unique_ptr<runtime::InferenceSession> session, const PipelineConfig& config);
    ~VoicePipeline();
    VoicePipeline(const VoicePipeline&) = delete;
    VoicePipeline& operator=(const VoicePipeline&) = delete;

    const PipelineConfig& config() const { return config_; }
    const runtime::ModelMetadata& metadata() const { return session_->metadata(); }
    const LatencyBreakdown& latency() const { return latency_; }
    // The latency a pipeline for this model would have, without building one. Any non-real-time thread.
    static LatencyBreakdown latencyFor(const runtime::ModelMetadata& metadata, const PipelineConfig& config);
    // Frames per network call: the config's, or the model's real-time chunk when the config says 0.
    static int chunkFramesFor(const runtime::ModelMetadata& metadata, const PipelineConfig& config) {
        return config.chunkFrames > 0 ? config.chunkFrames : metadata.realtimeChunkFrames;
    }
    int latencySamples() const { return latency_.total(); }

    // Audio thread. out[i] is the output for in[i]; in and out may alias; any n (split internally).
    void process(const float* in, float* out, int n);

    // Non-real-time thread, after the last process(): stops the worker and hands the session back,
    // state reset, for reuse by another pipeline (the CLI converts many files with one loaded model).
    // The pipeline must not be used afterwards.
    std::unique_ptr<runtime::InferenceSession> releaseSession();

    std::uint64_t xrunCount() const { return xruns_.load(std::memory_order_relaxed); }
    std::uint64_t skippedFrames() const { return skippedFrames_.load(std::memory_order_relaxed); }
    std::uint64_t modelFailures() const { return modelFailures_.load(std::memory_order_relaxed); }
    // Testing: host input samples the worker has consumed, and the audio thread has received.
    std::int64_t workerProgressForTesting() const { return workerProgress_.load(std::memory_order_acquire); }
    // Any thread: share of the wet signal, 0 (only the dry signal, delayed by L) .. 1 (default). Ramped
    // over one block when it changes.
    void setWetMix(float wet) { wetMix_.store(std::clamp(wet, 0.0f, 1.0f), std::memory_order_relaxed); }
    // Any thread: shifts the synthesised F0 by this many semitones (on top of the model's own F0); an
    // instrument model gets it on its input pitch, after the octave mapping (InstrumentInput).
    void setTransposeSemitones(float semitones) {
        transposeSemitones_.store(semitones, std::memory_order_relaxed);
        transposeRatio_.store(std::exp2(semitones / 12.0f), std::memory_order_relaxed);
    }
    // Any thread: frames whose input loudness is below this (dB, A-weighted re full scale) are rendered
    // silent: no harmonics and no synthesiser noise. Default -70 dB. An instrument model's gate also
    // needs a voiced input, with hysteresis (InstrumentInput).
    void setGateThresholdDb(float db) { gateDb_.store(db, std::memory_order_relaxed); }
    // Testing and benchmarking: makes every network call take at least this long (0: off).
    void setInjectedDelayMicroseconds(int us) { injectedDelayUs_.store(us, std::memory_order_relaxed); }

private:
    struct BlockHeader {
        std::int64_t startIndex;
        std::int32_t length;
    };

    void processBlock(const float* in, float* out, int n);
    void workerLoop();
    void workerStep();
    void consumeInput(const float* x, int n);
    void runChunk();

    PipelineConfig config_;
    std::unique_ptr<runtime::InferenceSession> session_;
    std::unique_ptr<dsp::SincResampler> resampler_;  // null when host and model rates match
    LatencyBreakdown latency_;
    int fadeSamples_;

    // Audio side.
    DelayLine dryDelay_;
    std::vector<float> dry_, wet_;
    std::int64_t inputIndex_ = 0;     // host samples received
    float wetGain_ = 1.0f;   // 0 while falling back to dry, 1 when the wet signal is on time
    float appliedMix_ = 1.0f;

    // Shared.
    dsp::SpscRing<float> inputRing_;
    dsp::SpscRing<BlockHeader> headerRing_;
    OutputRing outputRing_;  // wet output, indexed: read by the audio thread, written by the worker
    std::atomic<std::int64_t> consumedIndex_{0};  // output index the audio thread has reached
    std::atomic<std::uint64_t> xruns_{0}, skippedFrames_{0}, modelFailures_{0};
    std::atomic<int> injectedDelayUs_{0};
    std::atomic<float> wetMix_{1.0f};
    std::atomic<float> transposeRatio_{1.0f};
    std::atomic<float> transposeSemitones_{0.0f};
    std::atomic<float> gateDb_{-70.0f};
    std::atomic<std::int64_t> workerProgress_{0};
    std::counting_semaphore<1 << 30> workSignal_{0};
    std::atomic<bool> stop_{false};

    // Worker side.
    dsp::FeatureExtractor extractor_;
    FrameWindow window_;
    dsp::HarmonicNoiseSynth synth_;
    std::int64_t workerInputIndex_ = 0;  // next host input index the worker expects
    std::vector<float> block_, modelBlock_, controls_, frameAudio_, amplitudes_, gains_;
    float synthF0Hz_ = 100.0f;
    std::thread worker_;
};

}  // namespace mynah::engine
