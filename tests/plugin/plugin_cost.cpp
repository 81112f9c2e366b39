// SPDX-License-Identifier: GPL-3.0-or-later
// The cost of one plugin instance (issue 4: prepareToPlay to a warm model <= 1 s, RSS of one
// instance <= 250 MB): a measurement, not a pass/fail test of timing. Hidden tag, run alone (the
// RSS baseline must be taken before any test has loaded the VST3):
//
//   build-plugin/tests/plugin/mynah_plugin_tests_artefacts/Release/mynah_plugin_tests "[.cost]"
//
// It hosts the VST3 with voice_resynth at 48 kHz / 512 (real time, as a DAW plays) and prints
//   - the wall time from prepareToPlay until the host sees the model's latency: the loader thread
//     has loaded the package (dry run + warm-up included), handed it to the engine, set the status
//     to Loaded and the latency on the message thread (pumped every 1 ms, as a host's GUI thread
//     would run). Five fresh instances, one after the other.
//   - the time the host's scan takes to load the module (once per process, before any instance).
//   - the process RSS (VmRSS) before the VST3 module is loaded, after it is loaded (libtorch comes
//     with it), with one instance prepared, warm and processing, and with a second one beside it.
#include <juce_audio_processors/juce_audio_processors.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "plugin_host.h"

using namespace mynah::plugin_test;

namespace {

constexpr double kRateHz = 48000.0;
constexpr int kBlockSamples = 512;
constexpr int kRepetitions = 5;
const char* const kModelName = "voice_resynth";

// The process's resident set size (VmRSS of /proc/self/status), in MB (10^6 bytes); 0 if unknown.
double residentMegabytes() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            double kibibytes = 0.0;
            status >> kibibytes;
            return kibibytes * 1024.0 / 1e6;
        }
        status.ignore(4096, '\n');
    }
    return 0.0;
}

// A fresh instance with voice_resynth, prepared; `secondsToWarm` gets the time from prepareToPlay
// until the host sees the loaded model's latency.
std::unique_ptr<Rig> warmInstance(double& secondsToWarm) {
    using Clock = std::chrono::steady_clock;
    Clock::time_point prepared;
    // The clock starts in the hook, the last step before prepareToPlay.
    auto rig = std::make_unique<Rig>(Format::Vst3, kRateHz, kBlockSamples, false, [&](juce::AudioPluginInstance& plugin) {
        selectModel(plugin, kModelName);
        prepared = Clock::now();
    });
    const int latency = rig->waitForModelWithoutAudio(60.0, 1);
    secondsToWarm = std::chrono::duration<double>(Clock::now() - prepared).count();
    REQUIRE(latency > 0);
    return rig;
}

// One second of noise through the instance, so that buffers touched only while processing count.
void processOneSecond(Rig& rig) {
    juce::Random random(1);
    std::vector<float> noise(static_cast<size_t>(kRateHz));
    for (float& v : noise) v = 0.2f * (random.nextFloat() - 0.5f);
    rig.run(noise, kBlockSamples);
}

}  // namespace

TEST_CASE("VST3 instance cost: prepareToPlay to a warm model, and RSS", "[.cost]") {
    const double rssBeforeModule = residentMegabytes();
    const auto scanStarted = std::chrono::steady_clock::now();
    describe(Format::Vst3);  // the host's scan: loads the module (and libtorch with it), once per process
    const double scanSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - scanStarted).count();
    const double rssModuleLoaded = residentMegabytes();

    std::vector<double> secondsToWarm;
    double rssOneInstance = 0.0, rssTwoInstances = 0.0;
    for (int i = 0; i < kRepetitions; ++i) {
        double seconds = 0.0;
        const auto first = warmInstance(seconds);
        secondsToWarm.push_back(seconds);
        if (i == 0) {
            processOneSecond(*first);
            rssOneInstance = residentMegabytes();
            double ignored = 0.0;
            const auto second = warmInstance(ignored);
            processOneSecond(*second);
            rssTwoInstances = residentMegabytes();
        }
    }

    std::vector<double> sorted = secondsToWarm;
    std::sort(sorted.begin(), sorted.end());
    std::printf("VST3 + %s, %.0f Hz, block %d, real time\n", kModelName, kRateHz, kBlockSamples);
    std::printf("loading + scanning the VST3 module (before any instance), ms: %.1f\n", 1000.0 * scanSeconds);
    std::printf("prepareToPlay -> warm model, ms:");
    for (const double s : secondsToWarm) std::printf(" %.1f", 1000.0 * s);
    std::printf("  (median %.1f, worst %.1f)\n", 1000.0 * sorted[sorted.size() / 2], 1000.0 * sorted.back());
    std::printf("RSS, MB: before the VST3 module %.1f | module loaded %.1f | one instance warm %.1f | two instances %.1f\n",
                rssBeforeModule, rssModuleLoaded, rssOneInstance, rssTwoInstances);
    std::printf("one instance: +%.1f MB over the module, +%.1f MB over no plugin; a second instance: +%.1f MB\n",
                rssOneInstance - rssModuleLoaded, rssOneInstance - rssBeforeModule, rssTwoInstances - rssOneInstance);
}
