// SPDX-License-Identifier: GPL-3.0-or-later
// Engine costs with a real model package (docs/BENCHMARKS.md):
//   mynah_engine_bench MODEL.mynah [--seconds S] [--chunk-frames N]
// prints: load + warm-up time, RSS with the model loaded, offline real-time factor at 44.1/48/96 kHz
// (one thread), and the duration of the audio thread's process() calls in real-time mode, paced like
// a sound card (512-sample blocks at 48 kHz), with the worst case.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numbers>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "mynah/engine/engine.h"
#include "mynah/runtime/model_loader.h"

using namespace mynah;
using Clock = std::chrono::steady_clock;

namespace {
double residentMegabytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0.0;
}

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

std::vector<float> voiceLike(double rate, double seconds) {
    std::vector<float> x(static_cast<size_t>(rate * seconds));
    double phase = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double t = static_cast<double>(i) / rate;
        phase += (150.0 + 30.0 * std::sin(2.0 * std::numbers::pi * 0.5 * t)) / rate;
        double v = 0.0;
        for (int k = 1; k <= 8; ++k) v += 0.2 / k * std::sin(2.0 * std::numbers::pi * k * phase);
        x[i] = static_cast<float>(v * (std::fmod(t, 1.0) < 0.7 ? 1.0 : 0.0));
    }
    return x;
}

struct Options {
    std::string path;
    double seconds = 20.0;
    int chunkFrames = 0;  // 0: the model's realtime_chunk_frames
};

constexpr const char* kUsage = "usage: mynah_engine_bench MODEL.mynah [--seconds S] [--chunk-frames N]";

// Throws std::invalid_argument with a one-line message naming the argument at fault.
Options parseOptions(int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') throw std::invalid_argument(kUsage);
    Options o;
    o.path = argv[1];
    for (int i = 2; i < argc; i += 2) {
        const std::string name = argv[i];
        if (i + 1 >= argc) throw std::invalid_argument(name + " needs a value");
        const std::string value = argv[i + 1];
        char* end = nullptr;
        if (name == "--seconds") {
            o.seconds = std::strtod(value.c_str(), &end);
            if (*end != '\0' || !(o.seconds >= 1.0 && o.seconds <= 3600.0))
                throw std::invalid_argument("--seconds must be a number from 1 to 3600, got '" + value + "'");
        } else if (name == "--chunk-frames") {
            const long n = std::strtol(value.c_str(), &end, 10);
            if (*end != '\0' || n < 0 || n > 64)
                throw std::invalid_argument("--chunk-frames must be a whole number from 0 to 64, got '" + value + "'");
            o.chunkFrames = static_cast<int>(n);
        } else {
            throw std::invalid_argument("unknown option '" + name + "' (" + kUsage + ")");
        }
    }
    return o;
}

int run(const Options& options) {
    const std::string& path = options.path;
    const double seconds = options.seconds;
    const int chunkFrames = options.chunkFrames;

    const double rssBefore = residentMegabytes();
    auto t0 = Clock::now();
    auto session = runtime::loadModelPackage(path);
    const double loadMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::printf("model %s: load + dry run + warm-up %.1f ms, RSS %.0f MB before load, %.0f MB after\n",
                session->metadata().name.c_str(), loadMs, rssBefore, residentMegabytes());

    for (double rate : {44100.0, 48000.0, 96000.0}) {
        engine::PipelineConfig c;
        c.hostRateHz = rate;
        c.maxBlockSamples = 512;
        c.realtime = false;
        c.chunkFrames = chunkFrames;
        engine::Engine e(c);
        const int latency = e.setModel(std::move(session));
        const auto x = voiceLike(rate, seconds);
        std::vector<float> y(512);
        const double cpu0 = threadCpuSeconds();
        for (size_t pos = 0; pos + 512 <= x.size(); pos += 512) e.process(x.data() + pos, y.data(), 512);
        const double cpu = threadCpuSeconds() - cpu0;
        std::printf("offline %.1f kHz: real-time factor %.4f (%.2f %% of one core), latency %d samples = %.1f ms\n",
                    rate / 1000.0, cpu / seconds, 100.0 * cpu / seconds, latency, 1000.0 * latency / rate);
        session = e.releaseModel();
    }

    engine::PipelineConfig c;
    c.hostRateHz = 48000.0;
    c.maxBlockSamples = 512;
    c.realtime = true;
    c.chunkFrames = chunkFrames;
    engine::Engine e(c);
    e.setModel(std::move(session));
    const auto x = voiceLike(48000.0, seconds);
    std::vector<float> y(512);
    std::vector<double> callUs;
    const auto period = std::chrono::duration<double>(512.0 / 48000.0);
    auto next = Clock::now();
    for (size_t pos = 0; pos + 512 <= x.size(); pos += 512) {
        const auto a = Clock::now();
        e.process(x.data() + pos, y.data(), 512);
        callUs.push_back(std::chrono::duration<double, std::micro>(Clock::now() - a).count());
        next += std::chrono::duration_cast<Clock::duration>(period);
        std::this_thread::sleep_until(next);
    }
    std::sort(callUs.begin(), callUs.end());
    std::printf("real time, 48 kHz, 512-sample blocks, %zu calls: process() median %.1f us, p99 %.1f us, worst %.1f us "
                "(budget %.0f us); xruns %llu; RSS %.0f MB\n",
                callUs.size(), callUs[callUs.size() / 2], callUs[callUs.size() * 99 / 100], callUs.back(),
                1e6 * 512.0 / 48000.0, static_cast<unsigned long long>(e.xrunCount()), residentMegabytes());
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parseOptions(argc, argv));
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "mynah_engine_bench: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {  // a model that does not load, for one
        std::fprintf(stderr, "mynah_engine_bench: %s\n", e.what());
        return 1;
    }
}
