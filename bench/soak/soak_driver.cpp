// SPDX-License-Identifier: GPL-3.0-or-later
#include "soak_driver.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <random>
#include <thread>

#include "mynah/engine/engine.h"
#include "soak_host.h"
#include "soak_signal.h"

namespace mynah::soak {
namespace {
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The audio thread's side: one host call per runBlock(), its output checked.
class AudioSide {
public:
    AudioSide(engine::Engine& engine, const SoakOptions& o)
        : engine_(engine), signal_(o.speech, o.hostRateHz, o.seed), host_(o.maxBlockSamples, o.hostRateHz, o.seed + 1),
          in_(static_cast<size_t>(o.maxBlockSamples)), out_(static_cast<size_t>(o.maxBlockSamples)),
          totalSamples_(static_cast<std::int64_t>(o.audioSeconds * o.hostRateHz)), bound_(o.outputBound), rateHz_(o.hostRateHz) {
        xrunBlocks_.reserve(1 << 16);  // filled by the audio thread up to this capacity, never beyond
    }

    // Audio thread. Processes one block; returns its length, 0 once all the audio has been played.
    int runBlock() {
        const std::int64_t pos = position_.load(std::memory_order_relaxed);
        const int n = static_cast<int>(std::min<std::int64_t>(host_.nextBlockSamples(), totalSamples_ - pos));
        if (n <= 0) return 0;
        signal_.fill(in_.data(), n);
        host_.automate(engine_, pos);
        const std::uint64_t xrunsBefore = engine_.xrunCount();
        engine_.process(in_.data(), out_.data(), n);
        if (engine_.xrunCount() != xrunsBefore && xrunBlocks_.size() < xrunBlocks_.capacity()) xrunBlocks_.push_back(pos);
        for (int i = 0; i < n; ++i) {
            const float v = out_[static_cast<size_t>(i)];
            if (!std::isfinite(v)) {
                ++nonFinite_;
                continue;
            }
            if (std::fabs(v) > peak_) {
                peak_ = std::fabs(v);
                peakAt_ = pos + i;
                peakInput_ = signal_.segmentName();
            }
            if (std::fabs(v) > bound_) ++overBound_;
        }
        ++blocks_;
        position_.store(pos + n, std::memory_order_release);
        return n;
    }

    // Any thread.
    std::int64_t position() const { return position_.load(std::memory_order_acquire); }
    // After the audio thread has finished: where the blocks that counted an xrun started.
    const std::vector<std::int64_t>& xrunBlocks() const { return xrunBlocks_; }

    // After the audio thread has finished.
    void addTo(SoakReport& r) const {
        r.blocks = blocks_;
        r.parameterChanges = host_.parameterChanges();
        r.nonFiniteSamples = nonFinite_;
        r.samplesOverBound = overBound_;
        r.peakAbs = peak_;
        r.peakAtSeconds = static_cast<double>(peakAt_) / rateHz_;
        r.peakInput = peakInput_;
    }

private:
    engine::Engine& engine_;
    SoakSignal signal_;
    SoakHost host_;
    std::vector<float> in_, out_;
    std::int64_t totalSamples_;
    float bound_;
    std::atomic<std::int64_t> position_{0};
    std::int64_t blocks_ = 0, nonFinite_ = 0, overBound_ = 0;
    float peak_ = 0.0f;
    std::int64_t peakAt_ = 0;
    std::vector<std::int64_t> xrunBlocks_;
    const char* peakInput_ = "";
    double rateHz_;
};

// The message thread's side: loads the next model and swaps when one is due, frees retired pipelines,
// samples memory at the start of every model cycle.
class ModelSide {
public:
    ModelSide(engine::Engine& engine, const SoakOptions& o, Clock::time_point start, SoakReport& report,
              const AudioSide& audio)
        : engine_(engine), options_(o), start_(start), report_(report), audio_(audio), rng_(o.seed + 2) {}

    // Message thread. streamSample: the audio processed so far.
    void update(std::int64_t streamSample) {
        if (streamSample >= nextCollectSample_) {
            engine_.collectRetired();  // as the plugin's timer does
            nextCollectSample_ = streamSample + static_cast<std::int64_t>(0.5 * options_.hostRateHz);
        }
        if (streamSample < nextSwapSample_) return;
        const size_t index = loads_ % options_.modelPaths.size();
        if (index == 0) {
            engine_.collectRetired();
            report_.memory.push_back({static_cast<double>(streamSample) / options_.hostRateHz, secondsSince(start_),
                                      static_cast<int>(loads_ / options_.modelPaths.size()), takeMemorySnapshot()});
        }
        const auto t0 = Clock::now();
        auto session = options_.loadModel(options_.modelPaths[index]);
        const double loadMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        const int latency = engine_.setModel(std::move(session));
        chosen_.push_back({streamSample, audio_.position(), index});
        if (loads_ > 0) ++report_.swapsRequested;
        ++loads_;
        loadMsSum_ += loadMs;
        report_.loadMsMax = std::max(report_.loadMsMax, loadMs);
        report_.loadMsMean = loadMsSum_ / static_cast<double>(loads_);
        report_.latencyMinSamples = loads_ == 1 ? latency : std::min(report_.latencyMinSamples, latency);
        report_.latencyMaxSamples = std::max(report_.latencyMaxSamples, latency);
        const double wait = options_.swapEverySeconds * std::uniform_real_distribution<double>(0.5, 1.5)(rng_);
        nextSwapSample_ = streamSample + std::max<std::int64_t>(1, static_cast<std::int64_t>(wait * options_.hostRateHz));
    }

    // After the run: how many of these stream samples lie while a model was loading (from the moment it
    // was due to setModel()), and how many within `window` samples after a setModel().
    std::pair<std::uint64_t, std::uint64_t> countAroundSwaps(const std::vector<std::int64_t>& samples, std::int64_t window) const {
        std::uint64_t loading = 0, after = 0;
        for (std::int64_t s : samples)
            for (const Choice& c : chosen_) {
                if (s >= c.loadStart && s < c.swapAt) {
                    ++loading;
                    break;
                }
                if (s >= c.swapAt && s < c.swapAt + window) {
                    ++after;
                    break;
                }
            }
        return {loading, after};
    }
    // After the run: the model last chosen at or before this stream sample.
    const std::string& modelAt(std::int64_t streamSample) const {
        size_t index = 0;
        for (const Choice& c : chosen_)
            if (c.loadStart <= streamSample) index = c.model;
        return options_.modelPaths[index];
    }

private:
    engine::Engine& engine_;
    const SoakOptions& options_;
    Clock::time_point start_;
    SoakReport& report_;
    const AudioSide& audio_;
    std::mt19937 rng_;
    std::int64_t nextSwapSample_ = 0, nextCollectSample_ = 0;
    size_t loads_ = 0;
    double loadMsSum_ = 0.0;
    struct Choice {
        std::int64_t loadStart, swapAt;  // stream samples: when the model was due, when setModel() returned
        size_t model;
    };
    std::vector<Choice> chosen_;
};

void runOffline(AudioSide& audio, ModelSide& models) {
    for (;;) {
        models.update(audio.position());
        if (audio.runBlock() == 0) break;
    }
}

// A real host's audio thread runs at a real-time priority; try the same (root or CAP_SYS_NICE), and
// carry on at the normal priority where that is refused.
bool tryRealtimePriority() {
    sched_param param{};
    param.sched_priority = 10;
    return pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
}

void runRealtime(const SoakOptions& o, AudioSide& audio, ModelSide& models, SoakReport& report) {
    models.update(0);  // the first model, before the audio starts
    std::atomic<bool> stop{false}, done{false};
    std::int64_t late = 0;
    bool priority = false;
    std::thread audioThread([&] {
        priority = tryRealtimePriority();
        auto next = Clock::now();
        while (!stop.load(std::memory_order_relaxed)) {
            const int n = audio.runBlock();
            if (n == 0) break;
            next += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(n / o.hostRateHz));
            if (Clock::now() > next + std::chrono::milliseconds(5)) ++late;
            std::this_thread::sleep_until(next);
        }
        done.store(true);
    });
    while (!done.load()) {
        try {
            models.update(audio.position());
        } catch (const std::exception& e) {
            report.errors.push_back(e.what());
            stop.store(true);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    audioThread.join();
    report.lateCallbacks = late;
    report.realtimePriority = priority;
}
}  // namespace

SoakReport runSoak(const SoakOptions& options) {
    SoakReport report;
    report.realtime = options.realtime;
    if (options.modelPaths.empty() || !options.loadModel) {
        report.errors.push_back("no models to soak");
        return report;
    }
    const auto start = Clock::now();
    report.memory.push_back({0.0, 0.0, 0, takeMemorySnapshot()});
    {
        engine::PipelineConfig config;
        config.hostRateHz = options.hostRateHz;
        config.maxBlockSamples = options.maxBlockSamples;
        config.realtime = options.realtime;
        engine::Engine engine(config);
        AudioSide audio(engine, options);
        ModelSide models(engine, options, start, report, audio);
        try {
            if (options.realtime) runRealtime(options, audio, models, report);
            else runOffline(audio, models);
        } catch (const std::exception& e) {
            report.errors.push_back(e.what());
        }
        engine.collectRetired();
        audio.addTo(report);
        report.peakModel = models.modelAt(static_cast<std::int64_t>(report.peakAtSeconds * options.hostRateHz));
        report.audioSeconds = static_cast<double>(audio.position()) / options.hostRateHz;
        report.xruns = engine.xrunCount();
        const auto [loading, after] = models.countAroundSwaps(audio.xrunBlocks(), static_cast<std::int64_t>(options.hostRateHz));
        report.xrunsWhileLoading = loading;
        report.xrunsAfterSwaps = after;
        report.swapsCompleted = engine.swapsCompleted();
    }
    report.wallSeconds = secondsSince(start);
    return report;
}

}  // namespace mynah::soak
