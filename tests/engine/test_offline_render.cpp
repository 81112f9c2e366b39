// SPDX-License-Identifier: GPL-3.0-or-later
// engine::renderOffline / convertOffline: the whole-recording rendering `mynah convert` and the
// recorder's drag-in conversion share.
#include <catch2/catch.hpp>

#include "engine_test_support.h"
#include "fake_session.h"
#include "mynah/engine/offline_render.h"

using namespace mynah;

TEST_CASE("offline rendering compensates the latency: block-by-block output shifted by L", "[engine][offline]") {
    const std::vector<float> input = test::speechLike(48000.0, 0.7);
    engine::PipelineConfig config;
    config.hostRateHz = 48000.0;
    config.maxBlockSamples = 256;
    config.realtime = false;

    engine::Engine reference(config);
    const int latency = reference.setModel(test::makeFake());
    REQUIRE(latency > 0);
    std::vector<float> padded = input;
    padded.resize(input.size() + static_cast<size_t>(latency), 0.0f);
    std::vector<float> expected(padded.size());
    for (size_t pos = 0; pos < padded.size(); pos += 256) {
        const int n = static_cast<int>(std::min<size_t>(256, padded.size() - pos));
        reference.process(padded.data() + pos, expected.data() + pos, n);
    }
    expected.erase(expected.begin(), expected.begin() + latency);

    std::unique_ptr<runtime::InferenceSession> session = test::makeFake();
    std::vector<double> fractions;
    const engine::OfflineRender render = engine::convertOffline(session, input, 48000.0, {256, 2}, [&](double f) {
        fractions.push_back(f);
        return true;
    });
    CHECK(render.completed);
    CHECK(render.latencySamples == latency);
    CHECK(render.xruns == 0);
    CHECK(render.samples == expected);
    REQUIRE(session);  // handed back for the next file
    REQUIRE_FALSE(fractions.empty());
    CHECK(std::is_sorted(fractions.begin(), fractions.end()));
    CHECK(fractions.back() == 1.0);

    // The same session renders the same again: its state was reset.
    CHECK(engine::convertOffline(session, input, 48000.0, {256, 2}).samples == expected);
}

TEST_CASE("offline rendering stops when the progress callback says so, and keeps the session", "[engine][offline]") {
    std::unique_ptr<runtime::InferenceSession> session = test::makeFake();
    const engine::OfflineRender render = engine::convertOffline(
        session, test::speechLike(16000.0, 1.0), 16000.0, {}, [](double f) { return f < 0.5; });
    CHECK_FALSE(render.completed);
    CHECK(render.samples.empty());
    CHECK(session);
    std::unique_ptr<runtime::InferenceSession> none;
    CHECK_THROWS_AS(engine::convertOffline(none, {0.0f}, 16000.0), std::invalid_argument);
}

TEST_CASE("an engine without a model renders its input unchanged", "[engine][offline]") {
    engine::PipelineConfig config;
    config.realtime = false;
    engine::Engine engine(config);
    const std::vector<float> input = test::speechLike(48000.0, 0.1);
    CHECK(engine::renderOffline(engine, input).samples == input);
}
