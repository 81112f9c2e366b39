// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/engine/offline_render.h"

#include <algorithm>
#include <stdexcept>

namespace mynah::engine {

OfflineRender renderOffline(Engine& engine, const std::vector<float>& input, const RenderProgress& progress) {
    OfflineRender result;
    result.latencySamples = engine.latencySamples();
    const size_t latency = static_cast<size_t>(std::max(0, result.latencySamples));
    const size_t block = static_cast<size_t>(std::max(1, engine.config().maxBlockSamples));
    std::vector<float> signal = input;
    signal.resize(signal.size() + latency, 0.0f);
    std::vector<float> rendered(signal.size());
    for (size_t pos = 0; pos < signal.size(); pos += block) {
        const size_t n = std::min(block, signal.size() - pos);
        engine.process(signal.data() + pos, rendered.data() + pos, static_cast<int>(n));
        if (progress && !progress(static_cast<double>(pos + n) / static_cast<double>(signal.size()))) {
            result.xruns = engine.xrunCount();
            return result;
        }
    }
    result.xruns = engine.xrunCount();
    result.samples.assign(rendered.begin() + static_cast<std::ptrdiff_t>(latency), rendered.end());
    result.completed = true;
    return result;
}

OfflineRender convertOffline(std::unique_ptr<runtime::InferenceSession>& session, const std::vector<float>& input,
                             double sampleRateHz, const OfflineSettings& settings, const RenderProgress& progress) {
    if (!session) throw std::invalid_argument("convertOffline: no model session");
    PipelineConfig config;
    config.hostRateHz = sampleRateHz;
    config.maxBlockSamples = settings.blockSamples;
    config.chunkFrames = settings.chunkFrames;
    config.realtime = false;
    Engine engine(config);
    engine.setModel(std::move(session));
    try {
        OfflineRender result = renderOffline(engine, input, progress);
        session = engine.releaseModel();
        return result;
    } catch (...) {
        session = engine.releaseModel();
        throw;
    }
}

}  // namespace mynah::engine
