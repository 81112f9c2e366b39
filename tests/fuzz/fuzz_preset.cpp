// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the preset parser. Any text either parses into a preset that serialises and parses
// back to the same preset, or throws PresetError.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "presets/preset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto preset = mynah::plugin::parsePreset(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
        const auto again = mynah::plugin::parsePreset(mynah::plugin::presetToJson(preset), "round-trip.json");
        if (mynah::plugin::presetToJson(again) != mynah::plugin::presetToJson(preset)) std::abort();
    } catch (const mynah::plugin::PresetError&) {
    }
    return 0;
}
