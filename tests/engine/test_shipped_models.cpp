// SPDX-License-Identifier: GPL-3.0-or-later
// The engine with every shipped model (models/zoo): exact latency of the dry path at 44.1/48/96 kHz
// for block sizes 1, 64, 480, 2048 and a random sequence; offline and real time bit-identical.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "engine_test_support.h"
#include "mynah/runtime/model_loader.h"

using namespace mynah;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> shippedModels() {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(MYNAH_ZOO_DIR))
        if (entry.path().extension() == ".mynah") files.push_back(entry.path().string());
    return files;
}

engine::PipelineConfig configFor(double rate, bool realtime, int maxBlock) {
    engine::PipelineConfig c;
    c.hostRateHz = rate;
    c.maxBlockSamples = maxBlock;
    c.realtime = realtime;
    return c;
}
}  // namespace

TEST_CASE("shipped models: dry path delayed by exactly the reported latency", "[engine][zoo]") {
    const auto models = shippedModels();
    REQUIRE_FALSE(models.empty());
    for (const std::string& path : models) {
        for (double rate : {44100.0, 48000.0, 96000.0})
            for (int blockSize : {1, 64, 480, 2048, 0}) {
                INFO(path << ", " << rate << " Hz, blocks " << blockSize);
                engine::Engine e(configFor(rate, blockSize == 1, 2048));
                const int latency = e.setModel(runtime::loadModelPackage(path));
                e.setWetMix(0.0f);
                std::vector<float> x(static_cast<size_t>(rate * 0.3), 0.0f);
                x[777] = 1.0f;
                const auto y = test::render(e, x, test::blockSequence(x.size(), blockSize == 0 ? 0 : blockSize));
                size_t peak = 0;
                for (size_t i = 0; i < y.size(); ++i)
                    if (std::abs(y[i]) > std::abs(y[peak])) peak = i;
                CHECK(peak == 777 + static_cast<size_t>(latency));
                CHECK(y[peak] == 1.0f);
            }
    }
}

TEST_CASE("shipped models: offline and real time give bit-identical output", "[engine][zoo]") {
    for (const std::string& path : shippedModels()) {
        const auto x = test::speechLike(48000.0, 1.5, 8);
        engine::Engine offline(configFor(48000.0, false, 512));
        offline.setModel(runtime::loadModelPackage(path));
        const auto reference = test::render(offline, x, test::blockSequence(x.size(), 0, 3));
        engine::Engine realtime(configFor(48000.0, true, 512));
        realtime.setModel(runtime::loadModelPackage(path));
        const auto y = test::render(realtime, x, test::blockSequence(x.size(), 480));
        INFO(path << ": xruns " << realtime.xrunCount());
        CHECK(realtime.xrunCount() == 0);
        CHECK(y == reference);
        double energy = 0.0;
        for (float v : reference) energy += static_cast<double>(v) * v;
        CHECK(energy > 1.0);
    }
}
