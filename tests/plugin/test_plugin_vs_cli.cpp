// SPDX-License-Identifier: GPL-3.0-or-later
// Audio rendered through the VST3 equals `mynah convert` output for the same settings (issue 4).
//
// Both run the same Engine (docs/ARCHITECTURE.md): the CLI in offline mode with 512-sample blocks,
// the plugin offline too when the host renders non-real-time (setNonRealtime(true) before
// prepareToPlay: processor.cpp builds its Engine with PipelineConfig::realtime = false). At default
// parameters the plugin's own arithmetic is exact: the input is written to both channels of the
// stereo bus and averaged ((x + x) * 0.5 == x in float), the gains are 0 dB (decibelsToGain(0) ==
// 1.0f, and the smoothers start at their target), dry/wet 100 % is a wet mix of exactly 1, transpose
// 0, and the gate threshold is -70 dB, the Engine's default that `mynah convert` uses. So the two
// renders must agree bit for bit.
#include <juce_audio_formats/juce_audio_formats.h>
#include <juce_audio_processors/juce_audio_processors.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <memory>
#include <vector>

#include "plugin_host.h"

using namespace mynah::plugin_test;

namespace {

constexpr int kBlockSamples = 512;  // `mynah convert`'s default --block
const char* const kModelName = "voice_resynth";

struct MonoWav {
    std::vector<float> samples;
    double sampleRateHz = 0.0;
};

// Channel 0 of a file, as JUCE's reader converts it to float.
MonoWav readMonoWav(const juce::File& file) {
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    const std::unique_ptr<juce::AudioFormatReader> reader(formats.createReaderFor(file));
    INFO(file.getFullPathName());
    REQUIRE(reader != nullptr);
    REQUIRE(reader->numChannels == 1);
    juce::AudioBuffer<float> buffer(1, static_cast<int>(reader->lengthInSamples));
    REQUIRE(reader->read(&buffer, 0, buffer.getNumSamples(), 0, true, false));
    const float* data = buffer.getReadPointer(0);
    return {std::vector<float>(data, data + buffer.getNumSamples()), reader->sampleRate};
}

// Runs `mynah convert --model voice_resynth IN -o OUT` (offline engine, --block 512 by default) and
// returns OUT.
MonoWav convertWithCli(const juce::File& input) {
    const juce::TemporaryFile output(".wav");
    juce::ChildProcess cli;
    const juce::StringArray command{MYNAH_CLI, "convert", "--model", kModelName, input.getFullPathName(), "-o",
                                    output.getFile().getFullPathName()};
    REQUIRE(cli.start(command, juce::ChildProcess::wantStdOut | juce::ChildProcess::wantStdErr));
    const juce::String log = cli.readAllProcessOutput();
    REQUIRE(cli.waitForProcessToFinish(120000));
    INFO(command.joinIntoString(" ") << "\n" << log);
    REQUIRE(cli.getExitCode() == 0);
    return readMonoWav(output.getFile());
}

// The VST3 rendering offline: `latency` zeros appended and the first `latency` samples dropped, as a
// DAW's delay compensation (and `mynah convert`) does.
std::vector<float> renderWithVst3(const MonoWav& input) {
    Rig rig(Format::Vst3, input.sampleRateHz, kBlockSamples, true, [](juce::AudioPluginInstance& plugin) { selectModel(plugin, kModelName); });
    // No audio before the model is in: its pipeline must start from its initial state at the first
    // sample of the file, as the CLI's does (before the model arrives the engine passes audio dry,
    // after it the model's state would have seen that silence).
    const int latency = rig.waitForModelWithoutAudio();
    REQUIRE(latency > 0);
    std::vector<float> padded = input.samples;
    padded.resize(padded.size() + static_cast<size_t>(latency), 0.0f);
    const std::vector<float> rendered = rig.run(padded, kBlockSamples);
    CHECK(rig.plugin->getLatencySamples() == latency);
    return std::vector<float>(rendered.begin() + latency, rendered.end());
}

}  // namespace

TEST_CASE("VST3: an offline render equals mynah convert with the same model and settings", "[convert]") {
    const juce::File wav(MYNAH_DEMO_WAV);
    const MonoWav input = readMonoWav(wav);
    REQUIRE(input.samples.size() > static_cast<size_t>(input.sampleRateHz));  // > 1 s of speech

    const MonoWav expected = convertWithCli(wav);
    REQUIRE(expected.sampleRateHz == input.sampleRateHz);
    REQUIRE(expected.samples.size() == input.samples.size());

    const std::vector<float> actual = renderWithVst3(input);
    REQUIRE(actual.size() == expected.samples.size());

    size_t differing = 0, firstDiffering = actual.size();
    double maxAbsDiff = 0.0, energy = 0.0;
    for (size_t i = 0; i < actual.size(); ++i) {
        const double diff = std::abs(static_cast<double>(actual[i]) - expected.samples[i]);
        energy += static_cast<double>(expected.samples[i]) * expected.samples[i];
        if (diff == 0.0 && std::isfinite(actual[i])) continue;
        if (differing++ == 0) firstDiffering = i;
        maxAbsDiff = std::max(maxAbsDiff, diff);
    }
    INFO(differing << " of " << actual.size() << " samples differ (first at " << firstDiffering << "), max |diff| " << maxAbsDiff);
    CHECK(energy > 1.0);  // the model made sound: the comparison is not between two silences
    CHECK(differing == 0);
}
