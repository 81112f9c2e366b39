// SPDX-License-Identifier: GPL-3.0-or-later
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <vector>

#include "arguments.h"
#include "cli_error.h"
#include "commands.h"
#include "model_loading.h"
#include "mynah/audio_io/audio_file.h"
#include "mynah/instrument/midi_render.h"
#include "mynah/midi/midi_file.h"
#include "progress.h"

namespace mynah::cli {
namespace {
constexpr const char* kHelp = R"(usage: mynah render --instrument NAME|PATH SONG.mid -o OUT [--rate HZ] [--polyphony N] [--json]

Plays a standard MIDI file (format 0 or 1: every track and channel, tempo changes) on a neural
instrument and writes the audio, mono. Velocity sets the loudness (through the instrument's own
velocity curve), pitch bend bends (+-2 semitones), the mod wheel (CC1) adds vibrato, expression (CC11)
shapes the loudness and the sustain pedal (CC64) holds notes. Notes are placed within 2.5 ms (the
model's 5 ms frame).

  --instrument NAME|PATH  an instrument from `mynah models`, or a .mynah file
  -o OUT                  output file (.wav 32-bit float, .flac, .ogg or .aiff)
  --rate HZ               output sample rate (default 48000)
  --polyphony N           voices, 1 .. 8 (default 8); 1 plays legato with glide where notes overlap
  --attack-ms MS          note attack (default 25)
  --release-ms MS         note release (default 120)
  --json                  print a JSON summary: duration, voices, real-time factor
  -h, --help              this text

The output is written to a temporary file and renamed into place: a failed run never leaves a partial
file or clobbers an existing one.
)";
constexpr int kBlockSamples = 512;  // as the plugin's default block: the render equals the synth's output
}  // namespace

int runRender(const std::vector<std::string>& args, std::ostream& out) {
    const Arguments a = parseArguments(
        args, {{"--instrument", "-o", "--rate", "--polyphony", "--attack-ms", "--release-ms"}, {"--json"}});
    if (a.help) {
        out << kHelp;
        return 0;
    }
    const std::string model = a.value("--instrument");
    if (model.empty()) throw CliError("render needs an instrument: --instrument NAME|PATH (see `mynah models`)");
    if (a.positional.size() != 1) throw CliError("render needs exactly one MIDI file (see --help)");
    const std::string output = a.value("-o");
    if (output.empty()) throw CliError("render needs an output file: -o OUT");
    const double rateHz = parseInt(a.value("--rate", "48000"), "--rate", 8000, 192000);
    instrument::PlayerSettings settings;
    settings.polyphony = parseInt(a.value("--polyphony", "8"), "--polyphony", 1, instrument::InstrumentPlayer::kMaxVoices);
    settings.shape.attackMs = parseInt(a.value("--attack-ms", "25"), "--attack-ms", 1, 5000);
    settings.shape.releaseMs = parseInt(a.value("--release-ms", "120"), "--release-ms", 1, 10000);
    audio_io::outputFormatFor(output);  // refuse an unsupported output before the work

    midi::MidiSong song;
    try {
        song = midi::readMidiFile(a.positional.front());
    } catch (const midi::MidiError& e) {
        throw CliError(e.what());
    }
    std::vector<std::unique_ptr<runtime::InferenceSession>> sessions;
    for (int v = 0; v < settings.polyphony; ++v) sessions.push_back(loadNamedModel(model));
    const std::string name = sessions.front()->metadata().name;
    std::unique_ptr<instrument::InstrumentPipeline> pipeline;
    try {
        pipeline = std::make_unique<instrument::InstrumentPipeline>(
            std::move(sessions), instrument::PipelineSettings{rateHz, kBlockSamples, false, settings});
    } catch (const std::invalid_argument& e) {
        throw CliError(e.what());
    }
    ProgressBar progress(std::filesystem::path(a.positional.front()).filename().string(), !a.has("--json"));
    const instrument::MidiRenderResult r = instrument::renderMidi(song, *pipeline, rateHz, kBlockSamples, [&progress](double f) {
        progress.update(f);
        return true;
    });
    audio_io::writeAudioAtomically(output, r.samples, rateHz);
    const double seconds = static_cast<double>(r.samples.size()) / rateHz;
    if (a.has("--json")) {
        out << nlohmann::json{{"input", a.positional.front()},
                              {"output", output},
                              {"instrument", name},
                              {"song_seconds", r.songSeconds},
                              {"seconds", seconds},
                              {"sample_rate_hz", rateHz},
                              {"max_voices", r.maxSoundingVoices},
                              {"processing_seconds", r.processingSeconds},
                              {"realtime_factor", r.processingSeconds / std::max(seconds, 1e-9)}}
                   .dump()
            << '\n';
    } else {
        out << "wrote " << output << " (" << seconds << " s, " << name << ")\n";
    }
    return 0;
}

}  // namespace mynah::cli
