// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The plugin's parameter IDs, ranges and defaults, without JUCE, so that JUCE-free code (the preset
// library) and the JUCE parameter layout (parameters.h) share one definition. Parameter IDs are part
// of saved state, presets and host automation: never rename one.
// Threads: constants only, any thread.

namespace mynah::plugin {

namespace param {
inline constexpr const char* kModel = "model";
inline constexpr const char* kTranspose = "transpose";
inline constexpr const char* kInputGain = "input_gain";
inline constexpr const char* kOutputGain = "output_gain";
inline constexpr const char* kDryWet = "dry_wet";
inline constexpr const char* kGateThreshold = "gate_threshold";
inline constexpr const char* kBypass = "bypass";
inline constexpr int kVersionHint = 1;  // JUCE ParameterID version (AU/VST3 parameter versioning)
}  // namespace param

// Ranges and defaults, in the parameters' own units.
inline constexpr float kTransposeMinSemitones = -24.0f, kTransposeMaxSemitones = 24.0f;
inline constexpr float kGainMinDb = -24.0f, kGainMaxDb = 24.0f;
inline constexpr float kDryWetMinPercent = 0.0f, kDryWetMaxPercent = 100.0f, kDryWetDefaultPercent = 100.0f;
inline constexpr float kGateMinDb = -100.0f, kGateMaxDb = -20.0f, kGateDefaultDb = -70.0f;

}  // namespace mynah::plugin
