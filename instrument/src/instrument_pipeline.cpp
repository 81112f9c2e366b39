// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/instrument/instrument_pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "mynah/dsp/power_of_two.h"

namespace mynah::instrument {
namespace {
constexpr size_t kEventCapacity = 4096;  // events in flight between the threads

int checkedBlock(int maxBlockSamples) {
    if (maxBlockSamples < 1 || maxBlockSamples > 65536)
        throw std::invalid_argument("the instrument pipeline needs a maximum block of 1 .. 65536 samples");
    return maxBlockSamples;
}
}  // namespace

InstrumentPipeline::InstrumentPipeline(std::vector<std::unique_ptr<runtime::InferenceSession>> sessions,
                                       const PipelineSettings& settings)
    : settings_(settings), player_(std::move(sessions), settings.hostRateHz, settings.player),
      latency_(checkedBlock(settings.maxBlockSamples) + player_.longestChunkSamples() - 1), eventRing_(kEventCapacity),
      outputRing_(dsp::nextPowerOfTwo(static_cast<size_t>(latency_ + 4 * settings.maxBlockSamples + player_.maxRenderSamples()))),
      fadeSamples_(std::max(1, static_cast<int>(std::lround(0.002 * settings.hostRateHz)))),
      chunk_(static_cast<size_t>(player_.maxRenderSamples())),
      attackMs_(static_cast<float>(settings.player.shape.attackMs)),
      releaseMs_(static_cast<float>(settings.player.shape.releaseMs)),
      glideMs_(static_cast<float>(settings.player.shape.glideMs)) {
    pending_.reserve(kEventCapacity);
    const std::vector<float> prefill(static_cast<size_t>(latency_), 0.0f);
    outputRing_.prefill(prefill.data(), latency_);
    if (settings_.realTime) worker_ = std::thread([this] { workerLoop(); });
}

InstrumentPipeline::~InstrumentPipeline() {
    stop_.store(true);
    workSignal_.release();
    if (worker_.joinable()) worker_.join();
}

void InstrumentPipeline::process(const BlockMidiEvent* events, int numEvents, float* out, int n) {
    int offset = 0, e = 0;
    while (offset < n) {
        const int m = std::min(n - offset, settings_.maxBlockSamples);
        int count = 0;
        while (e + count < numEvents && events[e + count].sampleOffset < offset + m) ++count;
        // sub-block offsets: shift by `offset` while handing over (processBlock adds blockStart_)
        for (int i = 0; i < count; ++i) {
            BlockMidiEvent shifted = events[e + i];
            shifted.sampleOffset = std::max(0, shifted.sampleOffset - offset);
            processBlock(&shifted, 1, nullptr, 0);
        }
        processBlock(nullptr, 0, out + offset, m);
        e += count;
        offset += m;
    }
    for (; e < numEvents; ++e) {  // offsets past the block: applied at its end
        BlockMidiEvent late = events[e];
        late.sampleOffset = 0;
        processBlock(&late, 1, nullptr, 0);
    }
}

void InstrumentPipeline::processBlock(const BlockMidiEvent* events, int numEvents, float* out, int n) {
    for (int i = 0; i < numEvents; ++i) {
        const TimedEvent t{blockStart_ + events[i].sampleOffset, events[i].event};
        if (eventRing_.push(&t, 1) != 1) droppedEvents_.fetch_add(1, std::memory_order_relaxed);
    }
    if (n == 0) return;
    knownUntil_.store(blockStart_ + n, std::memory_order_release);
    if (settings_.realTime) workSignal_.release();
    else workerStep();

    // Take this block's output; drop what a late worker left behind so the stream stays aligned.
    const size_t available = outputRing_.seek(blockStart_);
    const int take = outputRing_.readIndex() == blockStart_ ? static_cast<int>(std::min<size_t>(available, static_cast<size_t>(n))) : 0;
    outputRing_.pop(out, static_cast<size_t>(take));
    deClick(out, take, n);
    if (take < n) xruns_.fetch_add(1, std::memory_order_relaxed);
    blockStart_ += n;
    consumedUntil_.store(blockStart_, std::memory_order_release);
}

void InstrumentPipeline::deClick(float* out, int take, int n) {
    if (take == n && fadeInGain_ == 1.0f && tailLeft_ == 0) {  // the worker kept up: untouched
        if (n > 0) lastSample_ = out[n - 1];
        missing_ = false;
        return;
    }
    // Missing samples are silence, reached by a straight ramp from the last sample played; samples that
    // arrive again fade in over the same 2 ms, on top of what is left of that ramp: no step either way.
    const float step = 1.0f / static_cast<float>(fadeSamples_);
    for (int i = 0; i < n; ++i) {
        if (i >= take && !missing_) {
            tailSample_ = lastSample_;
            tailLeft_ = fadeSamples_;
        }
        const float ramp = tailLeft_ > 0 ? tailSample_ * static_cast<float>(--tailLeft_) / static_cast<float>(fadeSamples_) : 0.0f;
        float v = ramp;
        if (i < take) {
            fadeInGain_ = std::min(1.0f, fadeInGain_ + step);
            v += fadeInGain_ * out[i];
            missing_ = false;
        } else {
            fadeInGain_ = 0.0f;
            missing_ = true;
        }
        out[i] = v;
        lastSample_ = v;
    }
}

void InstrumentPipeline::workerLoop() {
    while (!stop_.load()) {
        workSignal_.acquire();
        if (stop_.load()) break;
        workerStep();
    }
}

void InstrumentPipeline::workerStep() {
    NoteShape shape = player_.settings().shape;
    const double attack = attackMs_.load(std::memory_order_relaxed), release = releaseMs_.load(std::memory_order_relaxed),
                 glide = glideMs_.load(std::memory_order_relaxed);
    if (shape.attackMs != attack || shape.releaseMs != release || shape.glideMs != glide) {
        shape.attackMs = attack;
        shape.releaseMs = release;
        shape.glideMs = glide;
        player_.setShape(shape);
    }
    TimedEvent t;
    while (pending_.size() < pending_.capacity() && eventRing_.pop(&t, 1) == 1) pending_.push_back(t);
    const std::int64_t known = knownUntil_.load(std::memory_order_acquire);
    size_t applied = 0;
    while (true) {
        const long long frame = player_.framesAdvanced();
        // A chunk is rendered once every event before its end is known.
        const long long chunkEnd = frame - (frame % player_.chunkFrames()) + player_.chunkFrames();
        if (player_.frameStartSample(chunkEnd) > known) break;
        const std::int64_t start = player_.frameStartSample(frame);
        const std::int64_t nearest = start + (player_.frameStartSample(frame + 1) - start) / 2;
        while (applied < pending_.size() && pending_[applied].sample < nearest) player_.handle(pending_[applied++].event);
        player_.advanceFrame();
        if (!player_.chunkReady()) continue;
        // A chunk whose every sample the audio thread has already played would only be dropped: skip it.
        const std::int64_t chunkSamples = player_.frameStartSample(frame + 1) - player_.frameStartSample(frame + 1 - player_.chunkFrames());
        if (outputRing_.writeIndex() + chunkSamples <= consumedUntil_.load(std::memory_order_acquire)) {
            // the output ring steps over it (a jump), so the stream stays aligned with the output index
            outputRing_.skip(player_.skipRender());
            skippedChunks_.fetch_add(1, std::memory_order_relaxed);
            continue;
        }
        if (const int us = injectedDelayUs_.load(std::memory_order_relaxed); us > 0)
            std::this_thread::sleep_for(std::chrono::microseconds(us));
        const int len = player_.render(chunk_.data());
        outputRing_.write(chunk_.data(), len);
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(applied));
    soundingVoices_.store(player_.soundingVoices(), std::memory_order_relaxed);
    renderedUntil_.store(player_.frameStartSample(player_.framesAdvanced()), std::memory_order_release);
}

}  // namespace mynah::instrument
