// SPDX-License-Identifier: GPL-3.0-or-later
// Not a test: writes the seed corpus of the plugin-state fuzzer (tests/fuzz/corpus/plugin_state) from
// what the built plugins' getStateInformation writes, hosted as VST3, plus truncated and damaged copies
// and the older forms the parser still reads. Hidden tag; run it from the source tree with test models
// for the voice plugin and the zoo's instruments, and the folder to fill:
//   M=$PWD/build/plugin_test_models
//   export MYNAH_STATE_SEEDS_DIR=tests/fuzz/corpus/plugin_state MYNAH_MODEL_PATH=$M/good:$PWD/models/zoo
//   export XDG_DATA_HOME=$M/xdg HOME=$M/home
//   build/tests/plugin/mynah_plugin_tests_artefacts/Release/mynah_plugin_tests "[.state_seeds]"
#include <juce_audio_processors/juce_audio_processors.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "plugin_host.h"

using namespace mynah::plugin_test;

namespace {
void write(const juce::File& folder, const std::string& name, const void* data, size_t size) {
    REQUIRE(folder.getChildFile(name).replaceWithData(data, size));
}
void write(const juce::File& folder, const std::string& name, const juce::MemoryBlock& b) { write(folder, name, b.getData(), b.getSize()); }

juce::MemoryBlock binaryXml(const juce::String& text) {
    juce::MemoryBlock b;
    juce::AudioProcessor::copyXmlToBinary(*juce::parseXML(text), b);
    return b;
}

juce::MemoryBlock pluginState(Format f, juce::AudioPluginInstance& plugin) {
    juce::MemoryBlock host;
    plugin.getStateInformation(host);
    return pluginBlobFromHostState(f, host);
}
}  // namespace

TEST_CASE("write the plugin-state fuzzer's seed corpus", "[.state_seeds]") {
    const char* dir = std::getenv("MYNAH_STATE_SEEDS_DIR");
    REQUIRE(dir != nullptr);
    const juce::File folder(juce::File::getCurrentWorkingDirectory().getChildFile(dir));
    REQUIRE(folder.createDirectory());

    juce::MemoryBlock voice;
    {
        Rig rig(Format::Vst3, 48000.0, 512);
        write(folder, "voice_default.state", pluginState(Format::Vst3, *rig.plugin));
        setParameter(*rig.plugin, "Transpose", 0.75f);
        setParameter(*rig.plugin, "Input gain", 0.25f);
        setParameter(*rig.plugin, "Dry/wet", 0.3f);
        setParameter(*rig.plugin, "Gate threshold", 0.5f);
        pump(50);
        voice = pluginState(Format::Vst3, *rig.plugin);
        write(folder, "voice_settings.state", voice);
    }
    juce::MemoryBlock instrument;
    {
        auto synth = createInstrument(48000.0, 512);
        write(folder, "instrument_default.state", pluginState(Format::Vst3, *synth));
        setParameter(*synth, "Instrument", 2.0f / 15.0f);
        setParameter(*synth, "Polyphony", 0.0f);
        setParameter(*synth, "Attack", 0.3f);
        setParameter(*synth, "Output gain", 0.7f);
        pump(50);
        instrument = pluginState(Format::Vst3, *synth);
        write(folder, "instrument_settings.state", instrument);
    }

    // Truncated and damaged copies.
    for (const auto& [name, b] : {std::pair{std::string("voice"), voice}, std::pair{std::string("instrument"), instrument}}) {
        write(folder, name + "_cut_header.state", b.getData(), 6);
        write(folder, name + "_cut_half.state", b.getData(), b.getSize() / 2);
        write(folder, name + "_cut_last_byte.state", b.getData(), b.getSize() - 1);
        juce::MemoryBlock flipped(b);
        for (size_t i = 8; i < flipped.getSize(); i += 37) flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
        write(folder, name + "_flipped_bytes.state", flipped);
        juce::MemoryBlock longer(b);
        longer[4] = static_cast<char>(0xff);  // a text length beyond the bytes
        write(folder, name + "_length_too_long.state", longer);
        write(folder, name + "_no_wrapper.state", static_cast<const char*>(b.getData()) + 8, b.getSize() - 8);
    }
    // Older and odd forms.
    write(folder, "voice_version0_bare_parameters.state", binaryXml("<PARAMETERS><PARAM id=\"transpose\" value=\"12.0\"/></PARAMETERS>"));
    write(folder, "voice_future_version_bad_values.state",
          binaryXml("<MYNAH_STATE version=\"99\"><MODEL name=\"nope\" path=\"/nonexistent/x.mynah\"/>"
                    "<PARAMETERS><PARAM id=\"transpose\" value=\"nan\"/><PARAM id=\"dry_wet\" value=\"1e30\"/>"
                    "<PARAM id=\"input_gain\" value=\"-inf\"/><PARAM value=\"3\"/><PARAM id=\"zzz\" value=\"1\"/>"
                    "<PARAM id=\"model\" value=\"-7\"/><PARAM id=\"gate\" value=\"1e99999999999\"/></PARAMETERS></MYNAH_STATE>"));
    write(folder, "voice_version_int_min.state", binaryXml("<MYNAH_STATE version=\"-2147483648\"><PARAMETERS/></MYNAH_STATE>"));
    write(folder, "voice_entities.state",
          binaryXml("<MYNAH_STATE version=\"1\"><MODEL name=\"&#233;t&#xE9; &amp; &lt;x&gt;\" path=\"&#xD800;\"/></MYNAH_STATE>"));
    write(folder, "instrument_value_tree.state",
          binaryXml("<MynahInstrument instrument_name=\"cello\"><PARAM id=\"instrument\" value=\"4.0\"/>"
                    "<PARAM id=\"polyphony\" value=\"3.0\"/><PARAM id=\"output_gain\" value=\"-6.0\"/></MynahInstrument>"));
}
