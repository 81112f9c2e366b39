// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The MIDI instrument in real time: the audio thread hands over each block's MIDI events and takes the
// block's audio; a long-lived worker thread runs the InstrumentPlayer (the networks and synthesisers).
//
// Timing: an event at block sample o is applied at the model frame whose start is nearest o (frames are
// 5 ms for the shipped instruments). The worker renders a chunk of frames once every event up to the
// chunk's end has arrived, i.e. after the block that contains it, and the audio thread takes a block's
// output as soon as it has handed its events over. The content ready at a block's start therefore ends
// at most C - 1 samples before it (C: the longest chunk), so the output lags the events by a constant
// latency L = maxBlock + C - 1 samples (under one host block + 5 ms for 5 ms frames), reported by
// latencySamples() and fixed for the pipeline's life. A note-on at time t is heard at t + L (within
// half a frame).
// Late worker: the audio thread never waits. Samples that are not ready are silent and counted as an
// xrun (the output ramps from its last sample to silence over 2 ms, and fades back in over 2 ms when
// the worker delivers again: no click); the worker then drops the chunks that could only arrive late
// (skipRender, a jump in the output ring: output_ring.h), so there is never a
// backlog and it recovers by itself.
// Offline mode (realTime = false): the same code runs synchronously inside process(), so an offline
// render is identical to a real-time one whose worker kept up, whatever the block sizes.
//
// Threads: construct and destroy off the audio thread (loads nothing; allocates, starts the worker).
// process() on the audio thread only: no allocation, no lock. Counters from any thread.
#include <atomic>
#include <cstdint>
#include <memory>
#include <semaphore>
#include <thread>
#include <vector>

#include "mynah/dsp/spsc_ring.h"
#include "mynah/engine/output_ring.h"
#include "mynah/instrument/instrument_player.h"

namespace mynah::instrument {

struct BlockMidiEvent {
    int sampleOffset = 0;  // within the block, 0 .. n-1
    midi::MidiEvent event;
};

struct PipelineSettings {
    double hostRateHz = 48000.0;
    int maxBlockSamples = 512;
    bool realTime = true;
    PlayerSettings player;
};

class InstrumentPipeline {
public:
    InstrumentPipeline(std::vector<std::unique_ptr<runtime::InferenceSession>> sessions, const PipelineSettings& settings);
    ~InstrumentPipeline();
    InstrumentPipeline(const InstrumentPipeline&) = delete;
    InstrumentPipeline& operator=(const InstrumentPipeline&) = delete;

    const runtime::ModelMetadata& metadata() const { return player_.metadata(); }
    int latencySamples() const { return latency_; }
    double releaseSeconds() const { return releaseMs_.load(std::memory_order_relaxed) / 1000.0; }
    // Any thread: note attack, release and legato glide (ms), applied by the worker from its next step.
    void setEnvelope(float attackMs, float releaseMs, float glideMs) {
        attackMs_.store(attackMs, std::memory_order_relaxed);
        releaseMs_.store(releaseMs, std::memory_order_relaxed);
        glideMs_.store(glideMs, std::memory_order_relaxed);
    }

    // Audio thread. events sorted by sampleOffset; any n (split internally at maxBlockSamples).
    void process(const BlockMidiEvent* events, int numEvents, float* out, int n);

    std::uint64_t xruns() const { return xruns_.load(std::memory_order_relaxed); }
    std::uint64_t droppedEvents() const { return droppedEvents_.load(std::memory_order_relaxed); }
    std::uint64_t skippedChunks() const { return skippedChunks_.load(std::memory_order_relaxed); }
    int soundingVoices() const { return soundingVoices_.load(std::memory_order_relaxed); }
    // True when the worker has rendered every chunk whose events it has been given (tests wait for it
    // to check real time against offline without depending on the machine's load).
    bool caughtUp() const {
        return renderedUntil_.load(std::memory_order_acquire) + player_.maxRenderSamples() >
               knownUntil_.load(std::memory_order_acquire);
    }
    // Testing: makes every rendered chunk take at least this long (0: off).
    void setInjectedDelayMicroseconds(int us) { injectedDelayUs_.store(us, std::memory_order_relaxed); }

private:
    struct TimedEvent {
        std::int64_t sample = 0;  // absolute host sample
        midi::MidiEvent event;
    };
    void processBlock(const BlockMidiEvent* events, int numEvents, float* out, int n);
    void deClick(float* out, int take, int n);  // audio thread: out[take .. n) are missing
    void workerLoop();
    void workerStep();  // renders every chunk whose events are all known

    PipelineSettings settings_;
    InstrumentPlayer player_;
    int latency_;
    dsp::SpscRing<TimedEvent> eventRing_;
    engine::OutputRing outputRing_;  // rendered audio, indexed (read side: audio thread; write side: worker)
    std::atomic<std::int64_t> knownUntil_{0};      // events before this host sample have been handed over
    std::atomic<std::int64_t> consumedUntil_{0};   // the audio thread has played output up to here
    std::atomic<std::int64_t> renderedUntil_{0};   // the worker has advanced frames up to here
    // audio thread
    std::int64_t blockStart_ = 0;
    int fadeSamples_;           // 2 ms: into silence when the worker is late, and back
    float fadeInGain_ = 1.0f;   // < 1 while fading back in after missing samples
    float lastSample_ = 0.0f;   // the last sample played
    float tailSample_ = 0.0f;   // the sample the ramp into silence started from
    int tailLeft_ = 0;          // samples of that ramp still to play
    bool missing_ = false;      // the last sample was missing
    // worker
    std::vector<TimedEvent> pending_;  // events handed over, not yet applied (fixed capacity)
    std::vector<float> chunk_;
    std::atomic<std::uint64_t> xruns_{0}, droppedEvents_{0}, skippedChunks_{0};
    std::atomic<int> soundingVoices_{0};
    std::atomic<int> injectedDelayUs_{0};
    std::atomic<float> attackMs_, releaseMs_, glideMs_;
    std::atomic<bool> stop_{false};
    std::counting_semaphore<> workSignal_{0};
    std::thread worker_;
};

}  // namespace mynah::instrument
