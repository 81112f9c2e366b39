// SPDX-License-Identifier: GPL-3.0-or-later
// mynah_engine_soak: runs the engine soak (soak_driver.h) with the shipped models and prints the report.
//
//   mynah_engine_soak [--seconds S] [--mode offline|realtime|both] [--realtime-seconds S]
//                     [--rate HZ] [--max-block N] [--swap-every S] [--warmup S] [--seed N]
//                     [--max-growth-bytes N] [--max-xruns N] [--output-bound A] [--memory-log] [--speech WAV]
//                     [--model PATH]...
//
// Defaults: 60 s of audio offline, 48 kHz, blocks of 1 .. 512 samples, a swap every 3 s (mean) through
// models/zoo voice_resynth, to_awb and violin (effect mode), the bundled speech sample as input, memory
// judged after a 30 s warm-up, at most 1 MiB of growth, |output| at most 8 (+18 dBFS); xruns: none
// allowed offline, reported in real time unless --max-xruns is given. Exit status 0 when every soak
// passed, 1 otherwise, 2 on bad usage.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "mynah/audio_io/audio_file.h"
#include "mynah/dsp/resampler.h"
#include "mynah/engine/thread_priority.h"
#include "mynah/runtime/model_loader.h"
#include "soak_driver.h"
#include "soak_report.h"

using namespace mynah;

namespace {
std::vector<float> speechAt(const std::string& path, double rateHz) {
    audio_io::MonoAudio audio = audio_io::readMonoAudio(path);
    if (audio.sampleRateHz == rateHz) return audio.samples;
    dsp::Resampler resampler(audio.sampleRateHz, rateHz);
    std::vector<float> out(static_cast<size_t>(static_cast<double>(audio.samples.size()) * rateHz / audio.sampleRateHz) + 4096);
    size_t n = resampler.process(audio.samples.data(), audio.samples.size(), out.data(), out.size());
    n += resampler.flush(out.data() + n, out.size() - n);
    out.resize(n);
    return out;
}

int usage(const char* problem) {
    std::fprintf(stderr, "mynah_engine_soak: %s\nusage: mynah_engine_soak [--seconds S] [--mode offline|realtime|both] "
                         "[--realtime-seconds S] [--rate HZ] [--max-block N] [--swap-every S] [--warmup S] [--seed N] "
                         "[--max-growth-bytes N] [--max-xruns N] [--output-bound A] [--memory-log] [--load-at-normal-priority] [--speech WAV] "
                         "[--model PATH]...\n",
                 problem);
    return 2;
}
}  // namespace

int main(int argc, char** argv) {
    soak::SoakOptions options;
    soak::SoakLimits limits;
    std::string mode = "offline", speechPath = std::string(MYNAH_ASSETS_DIR) + "/speech/mynah_demo_slt.wav";
    double realtimeSeconds = -1.0;
    bool xrunLimitGiven = false, memoryLog = false, loadAtNormalPriority = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--memory-log") {
            memoryLog = true;
            continue;
        }
        if (arg == "--load-at-normal-priority") {  // for comparison: loads on the message thread itself
            loadAtNormalPriority = true;
            continue;
        }
        if (i + 1 >= argc) return usage(("missing value after " + arg).c_str());
        const char* value = argv[++i];
        if (arg == "--seconds") options.audioSeconds = std::atof(value);
        else if (arg == "--realtime-seconds") realtimeSeconds = std::atof(value);
        else if (arg == "--mode") mode = value;
        else if (arg == "--rate") options.hostRateHz = std::atof(value);
        else if (arg == "--max-block") options.maxBlockSamples = std::atoi(value);
        else if (arg == "--swap-every") options.swapEverySeconds = std::atof(value);
        else if (arg == "--warmup") limits.warmupSeconds = std::atof(value);
        else if (arg == "--seed") options.seed = static_cast<unsigned>(std::strtoul(value, nullptr, 10));
        else if (arg == "--max-growth-bytes") limits.maxMemoryGrowthBytes = std::atoll(value);
        else if (arg == "--output-bound") options.outputBound = static_cast<float>(std::atof(value));
        else if (arg == "--max-xruns") {
            limits.maxXruns = std::atoll(value);
            xrunLimitGiven = true;
        } else if (arg == "--speech") speechPath = value;
        else if (arg == "--model") options.modelPaths.push_back(value);
        else return usage(("unknown option " + arg).c_str());
    }
    if (mode != "offline" && mode != "realtime" && mode != "both") return usage("--mode is offline, realtime or both");
    if (options.audioSeconds <= 0.0 || options.hostRateHz < 8000.0 || options.maxBlockSamples < 1 || options.swapEverySeconds <= 0.0)
        return usage("--seconds, --rate, --max-block and --swap-every must be positive (rate >= 8000)");
    if (options.modelPaths.empty())
        for (const char* name : {"voice_resynth", "to_awb", "violin"})
            options.modelPaths.push_back(std::string(MYNAH_ZOO_DIR) + "/" + name + ".mynah");
    // As the plugin and the recorder load: on a thread of its own at background priority.
    options.loadModel = [loadAtNormalPriority](const std::string& path) {
        if (loadAtNormalPriority) return runtime::loadModelPackage(path);
        return engine::runAtBackgroundPriority("mynah-load", [&] { return runtime::loadModelPackage(path); });
    };
    try {
        options.speech = speechAt(speechPath, options.hostRateHz);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mynah_engine_soak: %s\n", e.what());
        return 2;
    }

    std::printf("engine soak: %.0f Hz, blocks 1 .. %d, a model swap every %.1f s (mean) through", options.hostRateHz,
                options.maxBlockSamples, options.swapEverySeconds);
    for (const std::string& p : options.modelPaths) std::printf(" %s", p.c_str());
    std::printf("\n");
    bool passed = true;
    for (const bool realtime : {false, true}) {
        if ((realtime && mode == "offline") || (!realtime && mode == "realtime")) continue;
        soak::SoakOptions o = options;
        o.realtime = realtime;
        if (realtime && realtimeSeconds > 0.0) o.audioSeconds = realtimeSeconds;
        soak::SoakLimits l = limits;
        if (realtime && !xrunLimitGiven) l.maxXruns = -1;
        const soak::SoakReport report = soak::runSoak(o);
        soak::printSoakReport(stdout, report, l, memoryLog);
        for (const std::string& failure : soak::soakFailures(report, l)) {
            std::printf("  FAILED: %s\n", failure.c_str());
            passed = false;
        }
        std::fflush(stdout);
    }
    std::printf(passed ? "engine soak passed\n" : "engine soak FAILED\n");
    return passed ? 0 : 1;
}
