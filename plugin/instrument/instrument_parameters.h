// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Mynah Instrument synth's parameters and the instruments they choose among.
//
// Threads: installedInstruments() reads package metadata (message thread or any non-real-time thread,
// never the audio thread); createInstrumentLayout(): the processor's constructor (message thread).
#include <juce_audio_processors/juce_audio_processors.h>

#include <string>
#include <vector>

namespace mynah::plugin {

namespace instrument_param {
inline constexpr const char* kInstrument = "instrument";
inline constexpr const char* kPolyphony = "polyphony";
inline constexpr const char* kAttackMs = "attack";
inline constexpr const char* kReleaseMs = "release";
inline constexpr const char* kGlideMs = "glide";
inline constexpr const char* kOutputGainDb = "output_gain";
inline constexpr int kVersionHint = 1;
inline constexpr int kInstrumentSlots = 16;  // fixed, as the voice plugin's model slots (LV2 TTL, VST3 caches)
}  // namespace instrument_param

struct InstrumentChoice {
    std::string name;  // package name
    std::string path;
};

// Installed packages of kind "instrument" (runtime::listModelFiles()), sorted by name.
std::vector<InstrumentChoice> installedInstruments();

juce::AudioProcessorValueTreeState::ParameterLayout createInstrumentLayout(const std::vector<InstrumentChoice>& instruments);

}  // namespace mynah::plugin
