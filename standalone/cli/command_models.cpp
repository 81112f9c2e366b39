// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>
#include <nlohmann/json.hpp>

#include "arguments.h"
#include "cli_error.h"
#include "commands.h"
#include "mynah/engine/voice_pipeline.h"
#include "mynah/runtime/model_error.h"
#include "mynah/runtime/model_library.h"
#include "mynah/runtime/model_loader.h"

namespace mynah::cli {
namespace {
constexpr const char* kHelp = R"(usage: mynah models [--json]

Lists the installed models: name, kind, model sample rate, latency at 48 kHz with 512-sample blocks,
and description. Folders searched, first match of a name wins: $MYNAH_MODEL_PATH (colon-separated),
~/.local/share/mynah/models (or $XDG_DATA_HOME/mynah/models), <program>/../share/mynah/models, and the
source tree's models/zoo. A package that does not validate is listed with its problem.

  --json      one JSON object per model
  -h, --help  this text
)";
}  // namespace

int runModels(const std::vector<std::string>& args, std::ostream& out) {
    const Arguments a = parseArguments(args, {{}, {"--json"}});
    if (a.help) {
        out << kHelp;
        return 0;
    }
    engine::PipelineConfig reference;  // 48 kHz, 512-sample blocks: the plugin's common case
    const auto files = runtime::listModelFiles();
    if (files.empty() && !a.has("--json")) out << "no models installed (see `mynah models --help` for the folders)\n";
    char line[512];
    for (const std::string& file : files) {
        try {
            const runtime::ModelMetadata m = runtime::readModelMetadata(file);
            const int latency = engine::VoicePipeline::latencyFor(m, reference).total();
            const double latencyMs = 1000.0 * latency / reference.hostRateHz;
            if (a.has("--json")) {
                out << nlohmann::json{{"name", m.name},       {"kind", m.kind},
                                      {"path", file},         {"sample_rate_hz", m.sampleRateHz},
                                      {"latency_ms_at_48k", latencyMs}, {"description", m.description},
                                      {"licence", m.licence}, {"targets", m.targets}}
                           .dump()
                    << '\n';
            } else {
                std::snprintf(line, sizeof line, "%-20s %-10s %6.0f Hz  %5.1f ms  %s\n", m.name.c_str(), m.kind.c_str(),
                              m.sampleRateHz, latencyMs, m.description.c_str());
                out << line;
            }
        } catch (const runtime::ModelError& e) {
            if (a.has("--json")) out << nlohmann::json{{"path", file}, {"error", e.what()}}.dump() << '\n';
            else out << "(unusable) " << e.what() << '\n';
        }
    }
    return 0;
}

}  // namespace mynah::cli
