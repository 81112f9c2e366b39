// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/recorder/live_audio_path.h"

#include "mynah/engine/input_guard.h"

#include <algorithm>
#include <cmath>

namespace mynah::recorder {
namespace {
void raisePeak(std::atomic<float>& peak, const float* x, int n) {
    float m = 0.0f;
    for (int i = 0; i < n; ++i) m = std::max(m, std::abs(x[i]));
    float old = peak.load(std::memory_order_relaxed);
    while (m > old && !peak.compare_exchange_weak(old, m, std::memory_order_relaxed)) {
    }
}
}  // namespace

LiveAudioPath::~LiveAudioPath() { stopTake(); }

void LiveAudioPath::prepare(double sampleRateHz, int maxBlockSamples) {
    stopTake();
    std::unique_ptr<runtime::InferenceSession> session = std::move(idleSession_);
    if (engine_) {
        xrunsOfOldEngines_ += engine_->xrunCount();
        if (auto released = engine_->releaseModel()) session = std::move(released);
    }
    engine::PipelineConfig config;
    config.hostRateHz = sampleRateHz;
    config.maxBlockSamples = std::max(1, maxBlockSamples);
    config.realtime = true;
    engine_.reset();
    engine_ = std::make_unique<engine::Engine>(config);
    engine_->setTransposeSemitones(transposeSemitones_.load());
    maxBlockSamples_ = config.maxBlockSamples;
    mono_.assign(static_cast<size_t>(maxBlockSamples_), 0.0f);
    wet_.assign(static_cast<size_t>(maxBlockSamples_), 0.0f);
    sampleRateHz_.store(sampleRateHz);
    latency_.store(session ? engine_->setModel(std::move(session)) : 0);
}

int LiveAudioPath::setModel(std::unique_ptr<runtime::InferenceSession> session) {
    if (!engine_) {
        idleSession_ = std::move(session);
        return 0;
    }
    const int latency = engine_->setModel(std::move(session));
    latency_.store(latency);
    return latency;
}

void LiveAudioPath::collectRetired() {
    if (engine_) engine_->collectRetired();
}

void LiveAudioPath::setTransposeSemitones(float semitones) {
    transposeSemitones_.store(semitones);
    if (engine_) engine_->setTransposeSemitones(semitones);
}

std::uint64_t LiveAudioPath::xrunCount() const { return xrunsOfOldEngines_ + (engine_ ? engine_->xrunCount() : 0); }

TakePaths LiveAudioPath::startTake(const std::string& folder, SampleFormat format) {
    if (!engine_) throw RecorderError("no audio device: nothing to record");
    stopTake();
    TakeWriterSettings settings;
    settings.folder = folder;
    settings.sampleRateHz = sampleRateHz();
    settings.format = format;
    settings.convertedLeadSamples = engine_->latencySamples();
    take_ = std::make_unique<TakeWriter>(settings);
    takeSlot_.set(take_.get());
    return take_->paths();
}

std::optional<TakeSummary> LiveAudioPath::stopTake() {
    if (!take_) return std::nullopt;
    takeSlot_.clearAndWait();
    TakeSummary summary = take_->finish();
    take_.reset();
    return summary;
}

void LiveAudioPath::process(const float* const* inputs, int numInputs, float* const* outputs, int numOutputs, int n) {
    for (int offset = 0; offset < n;) {
        const int m = std::min(n - offset, std::max(1, maxBlockSamples_));
        if (!engine_) {
            for (int c = 0; c < numOutputs; ++c)
                if (outputs[c]) std::fill(outputs[c] + offset, outputs[c] + offset + m, 0.0f);
            offset += m;
            continue;
        }
        float* mono = mono_.data();
        float* wet = wet_.data();
        std::fill(mono, mono + m, 0.0f);
        int active = 0;
        for (int c = 0; c < numInputs; ++c) {
            if (!inputs[c]) continue;
            ++active;
            // Each channel through the engine's input guard before the mix: a NaN or Inf from a broken
            // driver would otherwise make the dry take's file unplayable in most editors and silence
            // the other channels too.
            for (int i = 0; i < m; ++i) mono[i] += engine::safeInputSample(inputs[c][offset + i]);
        }
        if (active > 1)
            for (int i = 0; i < m; ++i) mono[i] /= static_cast<float>(active);
        raisePeak(inputPeak_, mono, m);
        engine_->process(mono, wet, m);
        if (TakeWriter* take = takeSlot_.acquire()) take->push(mono, wet, m);
        takeSlot_.release();
        // The monitor signal: the converted voice (when monitoring) plus the take being played.
        if (!monitoring_.load(std::memory_order_relaxed)) std::fill(wet, wet + m, 0.0f);
        player_.renderAdd(wet, m);
        raisePeak(outputPeak_, wet, m);
        for (int c = 0; c < numOutputs; ++c)
            if (outputs[c]) std::copy(wet, wet + m, outputs[c] + offset);
        offset += m;
    }
}

}  // namespace mynah::recorder
