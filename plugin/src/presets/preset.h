// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A Mynah preset: a readable JSON file (presets/README.md) naming a model and a value for every
// parameter, in the parameter's own units:
//
//   {"format": "mynah-preset", "version": 1, "name": "Octave down", "description": "...",
//    "model": "voice_resynth",
//    "parameters": {"transpose_semitones": -12, "input_gain_db": 0, "output_gain_db": 0,
//                   "dry_wet_percent": 100, "gate_threshold_db": -70}}
//
// Reading trusts nothing: anything but a complete, well-typed, in-range preset of a known version
// throws PresetError with one line naming the file and the field ("octave.json: parameters.
// transpose_semitones: expected a number, got a string"), and nothing is returned. JUCE-free.
// Threads: any non-real-time thread (parsing allocates; files are read from disk).
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace mynah::plugin {

inline constexpr const char* kPresetFormat = "mynah-preset";
inline constexpr int kPresetVersion = 1;
inline constexpr const char* kPresetExtension = ".json";

class PresetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One parameter as a preset spells it: the JSON key (with its unit), the plugin's parameter ID and
// the range a value must lie in.
struct PresetField {
    const char* jsonKey;
    const char* parameterId;
    float minValue;
    float maxValue;
};

// Every parameter a preset sets (all of them but the model and bypass), in file order.
const std::vector<PresetField>& presetFields();

struct Preset {
    std::string name;
    std::string description;                  // optional in the file; may be empty
    std::string model;                        // a model name (file name without .mynah); empty: keep the current model
    std::map<std::string, float> parameters;  // parameter ID -> value in its units, one per presetFields() entry
};

// Parses preset JSON. `source` names the file in error messages. Throws PresetError.
Preset parsePreset(const std::string& jsonText, const std::string& source);

// Reads and parses a file; errors name the file by its file name. Throws PresetError.
Preset readPresetFile(const std::string& path);

// The JSON text of a preset (two-space indented, fields in presetFields() order); parsePreset() reads it
// back unchanged. Throws PresetError when a parameter is missing.
std::string presetToJson(const Preset& preset);

}  // namespace mynah::plugin
