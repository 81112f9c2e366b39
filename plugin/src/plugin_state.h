// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The saved state of both plugins, and the one place that turns a host's bytes back into one
// (MynahProcessor and InstrumentProcessor::setStateInformation, the unit tests in tests/plugin and
// the fuzzer tests/fuzz/fuzz_plugin_state.cpp all call parseState). JUCE's XML from juce_core only,
// no AudioProcessor: this file builds into the tests and the fuzzer without the plugin around it.
//
// Both states are XML in JUCE's binary wrapper (the layout of AudioProcessor::copyXmlToBinary): the
// 4 bytes "VC2!", the text's length (little-endian uint32), the UTF-8 text, a NUL. The voice plugin's:
//
//   <MYNAH_STATE version="1">
//     <MODEL name="voice_resynth" path="/usr/share/mynah/models/voice_resynth.mynah"/>
//     <PARAMETERS><PARAM id="transpose" value="-3"/> ...</PARAMETERS>
//   </MYNAH_STATE>
//
// or, older, a bare <PARAMETERS> tree (an AudioProcessorValueTreeState state: version 0). Mynah
// Instrument's is the AudioProcessorValueTreeState tree it has always written (no version tag):
//
//   <MynahInstrument instrument_name="violin"><PARAM id="polyphony" value="4"/> ...</MynahInstrument>
//
// Values are in the parameters' own units. parseState never throws and never trusts the bytes: it
// returns a state or a one-line reason. Unknown parameters are kept (the caller ignores them),
// non-finite values and values outside float's range are dropped (the caller clamps the rest to the
// parameters' ranges: applyParameterValues, parameter_values.h). JUCE 7.0.5's XML parser is given only
// the subset of XML that JUCE writes: valid UTF-8 (JUCE's decoder steps over continuation bytes
// without looking for the end), at most kMaxStateElements (it recurses once per nesting level: a few
// thousand levels overflow the stack), no processing instruction, comment, CDATA or DOCTYPE after the
// <?xml?> declaration (it loops for ever on <a><?x?>b</a>), no character reference but &amp; &lt;
// &gt; &quot; &apos; and &#N; of a character (it parses an unknown "&<M>&#X;" again as markup, then
// reads past the end of the text: a heap overflow), ending in '>' (it takes a text cut inside
// the root tag for a whole element); a document it parses with an error is refused (it returns what it
// read of a truncated one); the strings it returns are checked again to be valid UTF-8, and numbers
// are read by Mynah (JUCE's readers overflow an int).
// Threads: any non-real-time thread.
#include <juce_core/juce_core.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace mynah::plugin {

inline constexpr int kStateVersion = 1;        // the voice plugin's <MYNAH_STATE version>
inline constexpr std::size_t kMaxStateBytes = 1 << 20;  // a state is a few hundred bytes (a path: up to 4 KiB)
inline constexpr int kMaxStateElements = 256;  // a state has a few dozen elements
inline constexpr const char* kInstrumentStateTag = "MynahInstrument";  // Mynah Instrument's root (its value tree's type)

enum class StateKind {
    voice,       // the Mynah plugin: <MYNAH_STATE> (or a bare <PARAMETERS>)
    instrument,  // Mynah Instrument: <MynahInstrument instrument_name=...>
};

struct SavedModel {
    std::string name;  // the instrument's name for Mynah Instrument (path empty)
    std::string path;
};

struct PluginState {
    int version = kStateVersion;  // the voice plugin's format version; 0 for a bare tree and for Mynah Instrument
    std::optional<SavedModel> model;
    std::map<std::string, float> parameters;  // parameter ID -> value in the parameter's units (finite)
};

// A parsed state, or why the bytes are not one (error: one line, set exactly when state is empty).
struct StateParse {
    std::optional<PluginState> state;
    std::string error;
};

void writeState(StateKind kind, const PluginState& state, juce::MemoryBlock& destination);
StateParse parseState(StateKind kind, const void* data, std::size_t sizeInBytes);

}  // namespace mynah::plugin
