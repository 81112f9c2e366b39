// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/engine/voice_pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "mynah/dsp/power_of_two.h"
#include "mynah/engine/block_split.h"
#include "mynah/engine/synth_controls.h"
#include "mynah/runtime/model_error.h"

namespace mynah::engine {
namespace {
int samplesFor(double ms, double rateHz) { return static_cast<int>(std::lround(ms * rateHz / 1000.0)); }

void setThreadName(std::thread& t, const char* name) {
#ifdef __linux__
    pthread_setname_np(t.native_handle(), name);  // at most 15 characters on Linux
#else
    (void)t;
    (void)name;
#endif
}
}  // namespace

namespace {
LatencyBreakdown computeLatency(const runtime::ModelMetadata& m, const PipelineConfig& config,
                                const dsp::SincResampler* resampler) {
    const int chunkFrames = VoicePipeline::chunkFramesFor(m, config);
    const double ratio = config.hostRateHz / m.sampleRateHz;  // host samples per model sample
    LatencyBreakdown l;
    l.maxBlock = config.maxBlockSamples;
    l.resamplerLookahead = resampler ? resampler->lookaheadInputSamples() : 0;
    // Frames are produced in whole hops and consumed in whole chunks (plus the look-ahead); +2 samples
    // cover the rounding of the resampler's and the frame clock's positions.
    l.framesWait = static_cast<int>(std::ceil((chunkFrames + m.lookaheadFrames) * m.hopSamples * ratio)) + 2;
    l.fadeSamples = std::max(1, samplesFor(config.fadeMs, config.hostRateHz));
    l.safetySamples = samplesFor(config.safetyMs, config.hostRateHz);
    l.contentDelay = static_cast<int>(std::ceil(dsp::FeatureExtractor::historySamplesFor(m.featureConfig()) / 2.0 * ratio));
    return l;
}

std::unique_ptr<dsp::SincResampler> resamplerFor(const runtime::ModelMetadata& m, const PipelineConfig& config) {
    if (config.hostRateHz == m.sampleRateHz) return nullptr;
    return std::make_unique<dsp::SincResampler>(config.hostRateHz, m.sampleRateHz, config.maxBlockSamples);
}

size_t ringSamplesFor(double hostRateHz, int maxBlock) {
    // ~2 s of input: the worker may stall that long before the audio thread drops input.
    return dsp::nextPowerOfTwo(static_cast<size_t>(hostRateHz) * 2 + static_cast<size_t>(maxBlock));
}
}  // namespace

LatencyBreakdown VoicePipeline::latencyFor(const runtime::ModelMetadata& metadata, const PipelineConfig& config) {
    const auto resampler = resamplerFor(metadata, config);
    return computeLatency(metadata, config, resampler.get());
}

VoicePipeline::VoicePipeline(std::unique_ptr<runtime::InferenceSession> session, const PipelineConfig& config)
    : config_(config), session_(std::move(session)), resampler_(resamplerFor(session_->metadata(), config)),
      latency_(computeLatency(session_->metadata(), config, resampler_.get())), fadeSamples_(latency_.fadeSamples),
      dryDelay_(latency_.total()), dry_(static_cast<size_t>(config.maxBlockSamples)),
      wet_(static_cast<size_t>(config.maxBlockSamples)), inputRing_(ringSamplesFor(config.hostRateHz, config.maxBlockSamples)),
      headerRing_(ringSamplesFor(config.hostRateHz, config.maxBlockSamples)),
      outputRing_(dsp::nextPowerOfTwo(static_cast<size_t>(latency_.margin()) + 4 * static_cast<size_t>(config.maxBlockSamples) +
                                    static_cast<size_t>(config.hostRateHz))),
      extractor_(session_->metadata().featureConfig()), window_(session_->metadata(), chunkFramesFor(session_->metadata(), config)),
      synth_(session_->metadata().synthConfig(config.hostRateHz)) {
    const runtime::ModelMetadata& m = session_->metadata();
    block_.assign(static_cast<size_t>(config.maxBlockSamples), 0.0f);
    modelBlock_.assign(resampler_ ? static_cast<size_t>(resampler_->maxOutputFor(config.maxBlockSamples)) : 0, 0.0f);
    controls_.assign(static_cast<size_t>(window_.chunkFrames()) * m.numOutputs(), 0.0f);
    frameAudio_.assign(static_cast<size_t>(synth_.maxFrameSamples()), 0.0f);
    amplitudes_.assign(static_cast<size_t>(m.numHarmonics), 0.0f);
    gains_.assign(static_cast<size_t>(m.noiseBands), 0.0f);

    // The output stream starts with `margin` zeros: wet index o carries synthesiser sample o - margin.
    const std::vector<float> prefill(static_cast<size_t>(latency_.margin()), 0.0f);
    outputRing_.prefill(prefill.data(), latency_.margin());

    if (config.realtime) {
        worker_ = std::thread([this] { workerLoop(); });
        setThreadName(worker_, "mynah-inference");
    }
}

VoicePipeline::~VoicePipeline() {
    stop_.store(true);
    workSignal_.release();
    if (worker_.joinable()) worker_.join();
}

std::unique_ptr<runtime::InferenceSession> VoicePipeline::releaseSession() {
    stop_.store(true);
    workSignal_.release();
    if (worker_.joinable()) worker_.join();
    session_->resetState();
    return std::move(session_);
}

void VoicePipeline::process(const float* in, float* out, int n) {
    forEachBlock(in, out, n, config_.maxBlockSamples, [this](const float* i, float* o, int m) { processBlock(i, o, m); });
}

void VoicePipeline::processBlock(const float* in, float* out, int n) {
    dryDelay_.process(in, dry_.data(), n);
    // Hand the input to the worker. A full ring (worker stalled for ~2 s) drops the block; the worker
    // sees the gap in the block indices and fills it with silence, so indices stay aligned.
    if (inputRing_.availableToWrite() >= static_cast<size_t>(n) && headerRing_.availableToWrite() >= 1) {
        inputRing_.push(in, static_cast<size_t>(n));
        const BlockHeader header{inputIndex_, n};
        headerRing_.push(&header, 1);
    }
    const std::int64_t want = inputIndex_;  // output index of out[0]
    inputIndex_ += n;
    if (config_.realtime) workSignal_.release();
    else workerStep();

    // Drop wet samples that arrived too late, then take this block's.
    const size_t available = outputRing_.seek(want);
    const bool aligned = outputRing_.readIndex() == want;
    const bool onTime = aligned && available >= static_cast<size_t>(n + fadeSamples_);
    const int take = aligned ? static_cast<int>(std::min<size_t>(available, static_cast<size_t>(n))) : 0;
    outputRing_.pop(wet_.data(), static_cast<size_t>(take));

    const float step = 1.0f / static_cast<float>(fadeSamples_);
    const float mixTarget = wetMix_.load(std::memory_order_relaxed);
    const float mixStep = (mixTarget - appliedMix_) / static_cast<float>(n);
    for (int i = 0; i < n; ++i) {
        if (onTime) wetGain_ = std::min(1.0f, wetGain_ + step);
        else wetGain_ = i < take ? std::max(0.0f, wetGain_ - step) : 0.0f;
        const float wet = i < take ? wet_[i] : 0.0f;
        const float mix = appliedMix_ + mixStep * static_cast<float>(i + 1);
        out[i] = dry_[i] + wetGain_ * mix * (wet - dry_[i]);
    }
    appliedMix_ = mixTarget;
    if (!onTime) xruns_.fetch_add(1, std::memory_order_relaxed);
    consumedIndex_.store(inputIndex_, std::memory_order_release);
}

void VoicePipeline::workerLoop() {
    while (!stop_.load()) {
        (void)workSignal_.try_acquire_for(std::chrono::milliseconds(20));
        if (stop_.load()) break;
        workerStep();
    }
}

void VoicePipeline::workerStep() {
    BlockHeader header{};
    while (headerRing_.pop(&header, 1) == 1) {
        // Input the audio thread had to drop: silence keeps the stream aligned.
        while (workerInputIndex_ < header.startIndex) {
            const int gap = static_cast<int>(std::min<std::int64_t>(header.startIndex - workerInputIndex_, config_.maxBlockSamples));
            std::fill(block_.begin(), block_.begin() + gap, 0.0f);
            consumeInput(block_.data(), gap);
            workerInputIndex_ += gap;
        }
        inputRing_.pop(block_.data(), static_cast<size_t>(header.length));
        consumeInput(block_.data(), header.length);
        workerInputIndex_ += header.length;
        workerProgress_.store(workerInputIndex_, std::memory_order_release);
    }
}

void VoicePipeline::consumeInput(const float* x, int n) {
    window_.setPerformance(gateDb_.load(std::memory_order_relaxed), transposeSemitones_.load(std::memory_order_relaxed));
    auto onFrame = [this](const dsp::FeatureFrame& frame) {
        if (window_.append(frame)) runChunk();
    };
    if (resampler_) {
        const int m = resampler_->process(x, n, modelBlock_.data());
        extractor_.push(modelBlock_.data(), m, onFrame);
    } else {
        extractor_.push(x, n, onFrame);
    }
}

void VoicePipeline::runChunk() {
    const runtime::ModelMetadata& m = session_->metadata();
    const int chunk = window_.chunkFrames();
    window_.consumeChunk();
    // A chunk whose every sample is already behind the audio thread would only be dropped: skip the
    // network and the synthesiser for it, so a late worker catches up instead of falling further behind.
    if (outputRing_.writeIndex() + static_cast<std::int64_t>(synth_.maxFrameSamples()) * chunk <=
        consumedIndex_.load(std::memory_order_acquire)) {
        for (int f = 0; f < chunk; ++f) outputRing_.skip(synth_.skipNextFrame());
        skippedFrames_.fetch_add(static_cast<std::uint64_t>(chunk), std::memory_order_relaxed);
        return;
    }
    if (const int us = injectedDelayUs_.load(std::memory_order_relaxed); us > 0)
        std::this_thread::sleep_for(std::chrono::microseconds(us));
    try {
        session_->run(window_.window(), window_.windowFrames(), controls_.data());
    } catch (const runtime::ModelError&) {
        modelFailures_.fetch_add(1, std::memory_order_relaxed);
        std::fill(controls_.begin(), controls_.end(), 0.0f);  // silence for this chunk
    }
    // An instrument's network already played the transposed pitch; a voice's output is transposed here.
    const float transpose = window_.transposesInput() ? 1.0f : transposeRatio_.load(std::memory_order_relaxed);
    for (int f = 0; f < chunk; ++f) {
        const float* c = controls_.data() + static_cast<size_t>(f) * m.numOutputs();
        // The gate silences the synthesiser (harmonics and noise) where the input is quiet.
        const float open = window_.gateOpen(m.contextFrames + f) ? 1.0f : 0.0f;
        dsp::HnControls frame = synthControls(c, m, open, &synthF0Hz_, amplitudes_.data(), gains_.data());
        frame.f0Hz *= transpose;
        const int len = synth_.renderNextFrame(frame, frameAudio_.data());
        outputRing_.write(frameAudio_.data(), len);
    }
}

}  // namespace mynah::engine
