// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the plugins' state restore (plugin/src/plugin_state.h, what MynahProcessor and
// InstrumentProcessor::setStateInformation call with the host's bytes), read as both plugins' states.
// Any bytes either give a one-line refusal, or a state whose parameter values are finite and whose
// written form parses back to the same state; anything else (a sanitizer report, an exception, a
// stack overflow, a hang) is a bug.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "plugin_state.h"

namespace {
using mynah::plugin::PluginState;
using mynah::plugin::StateKind;
using mynah::plugin::StateParse;

bool same(const PluginState& a, const PluginState& b) {
    if (a.version != b.version || a.parameters != b.parameters || a.model.has_value() != b.model.has_value()) return false;
    return !a.model || (a.model->name == b.model->name && a.model->path == b.model->path);
}

void check(StateKind kind, const std::uint8_t* data, std::size_t size) {
    const StateParse parsed = mynah::plugin::parseState(kind, data, size);
    if (!parsed.state) {
        if (parsed.error.empty() || parsed.error.find_first_of("\r\n") != std::string::npos) std::abort();
        return;
    }
    if (!parsed.error.empty()) std::abort();
    for (const auto& [id, value] : parsed.state->parameters)
        if (id.empty() || !std::isfinite(value)) std::abort();
    if (kind == StateKind::instrument && parsed.state->model && !parsed.state->model->path.empty()) std::abort();
    juce::MemoryBlock written;
    mynah::plugin::writeState(kind, *parsed.state, written);
    const StateParse again = mynah::plugin::parseState(kind, written.getData(), written.getSize());
    if (!again.state || !same(*again.state, *parsed.state)) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check(StateKind::voice, data, size);
    check(StateKind::instrument, data, size);
    return 0;
}
