// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The recorder's audio callback, without JUCE: input channels mixed to mono -> the shared
// engine::Engine (the one audio path of every surface) -> monitor output, plus the take being
// recorded (dry + converted, take_writer.h) and the take being played back (take_player.h). Larger
// device blocks than prepared are split.
//
// Threads:
//   prepare(), setModel(), collectRetired(), startTake(), stopTake(), recording(), player() (load,
//   play, stop): message thread. prepare() only while the device is stopped (before its first
//   callback; JUCE's audioDeviceAboutToStart()).
//   process(): audio thread; never allocates, locks or blocks.
//   setMonitoring(), setTransposeSemitones(), latencySamples(), xrunCount(), sampleRateHz(),
//   takePeak...(), droppedSamples(): any thread.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mynah/engine/engine.h"
#include "mynah/recorder/audio_slot.h"
#include "mynah/recorder/take_player.h"
#include "mynah/recorder/take_writer.h"

namespace mynah::recorder {

class LiveAudioPath {
public:
    LiveAudioPath() = default;
    ~LiveAudioPath();
    LiveAudioPath(const LiveAudioPath&) = delete;
    LiveAudioPath& operator=(const LiveAudioPath&) = delete;

    // Builds the engine for the device (real time), moving the current model over. A take in
    // progress is finished first (its rate would change).
    void prepare(double sampleRateHz, int maxBlockSamples);
    bool prepared() const { return engine_ != nullptr; }

    // Hands a loaded model to the engine (a crossfade while audio runs); before prepare() it is kept
    // for it. Returns the latency in samples (0 before prepare()).
    int setModel(std::unique_ptr<runtime::InferenceSession> session);
    // Destroys pipelines the audio thread has retired (call it every so often, e.g. from a timer).
    void collectRetired();

    // Starts a take in `folder` at the device rate; converted samples are aligned with the dry ones
    // (the engine's current latency is dropped at the start). Throws RecorderError (no device
    // prepared, folder missing...). A take in progress is finished first.
    TakePaths startTake(const std::string& folder, SampleFormat format);
    // Finishes the take (everything pushed is written); nothing when none is recording.
    std::optional<TakeSummary> stopTake();
    bool recording() const { return take_ != nullptr; }
    const TakeWriter* take() const { return take_.get(); }

    TakePlayer& player() { return player_; }

    void setMonitoring(bool on) { monitoring_.store(on, std::memory_order_relaxed); }
    bool monitoring() const { return monitoring_.load(std::memory_order_relaxed); }
    void setTransposeSemitones(float semitones);
    int latencySamples() const { return latency_.load(std::memory_order_relaxed); }
    std::uint64_t xrunCount() const;
    double sampleRateHz() const { return sampleRateHz_.load(std::memory_order_relaxed); }
    // Peak absolute level since the last call (for meters).
    float takeInputPeak() { return inputPeak_.exchange(0.0f, std::memory_order_relaxed); }
    float takeOutputPeak() { return outputPeak_.exchange(0.0f, std::memory_order_relaxed); }

    // Audio thread. Any channel pointer may be null (a disabled channel); numInputs may be 0.
    void process(const float* const* inputs, int numInputs, float* const* outputs, int numOutputs, int n);

private:
    std::unique_ptr<engine::Engine> engine_;
    std::unique_ptr<runtime::InferenceSession> idleSession_;  // loaded before prepare()
    std::unique_ptr<TakeWriter> take_;
    AudioSlot<TakeWriter> takeSlot_;
    TakePlayer player_;
    std::vector<float> mono_, wet_;
    int maxBlockSamples_ = 0;
    std::uint64_t xrunsOfOldEngines_ = 0;
    std::atomic<bool> monitoring_{true};
    std::atomic<float> transposeSemitones_{0.0f};
    std::atomic<int> latency_{0};
    std::atomic<double> sampleRateHz_{0.0};
    std::atomic<float> inputPeak_{0.0f}, outputPeak_{0.0f};
};

}  // namespace mynah::recorder
