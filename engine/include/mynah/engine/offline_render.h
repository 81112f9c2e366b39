// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Offline rendering of a whole recording through the engine, latency compensated: the input is padded
// with latencySamples() zeros, run through Engine::process in blocks of the engine's maxBlockSamples,
// and the first latencySamples() output samples are dropped. The output has the input's length and
// lines up with it, as a DAW's delay compensation would. `mynah convert` and the recorder app's
// drag-in conversion both use this, so they give the same result for the same file and settings.
//
// Threads: any non-real-time thread. With an offline engine (PipelineConfig::realtime = false) the
// model runs inside process(), on the calling thread, deterministically.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "mynah/engine/engine.h"
#include "mynah/runtime/inference_session.h"

namespace mynah::engine {

// Called after each block with the share done (0..1]; return false to stop early. Runs on the
// rendering thread.
using RenderProgress = std::function<bool(double fraction)>;

struct OfflineRender {
    std::vector<float> samples;  // input length, latency removed; empty when stopped early
    int latencySamples = 0;      // the engine's latency that was compensated
    std::uint64_t xruns = 0;     // the engine's xrun count after the render (0 offline)
    bool completed = false;      // false when the progress callback stopped it
};

// Renders `input` through `engine` as it is (its model, controls and state). Any block size the
// engine was configured for (config().maxBlockSamples) is used for every call but the last.
OfflineRender renderOffline(Engine& engine, const std::vector<float>& input, const RenderProgress& progress = {});

struct OfflineSettings {
    int blockSamples = 512;  // engine block size (the plugin's default)
    int chunkFrames = 0;     // frames per network call (0: the model's real-time chunk, as in real time)
};

// Builds an offline engine for `sampleRateHz`, lends it `session` for the render, and hands the
// session back reset (also when stopped early or on an exception), so one loaded model serves many
// files. Throws std::invalid_argument when session is null.
OfflineRender convertOffline(std::unique_ptr<runtime::InferenceSession>& session, const std::vector<float>& input,
                             double sampleRateHz, const OfflineSettings& settings = {},
                             const RenderProgress& progress = {});

}  // namespace mynah::engine
