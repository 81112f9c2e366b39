// SPDX-License-Identifier: GPL-3.0-or-later
#include <vector>

#include "arguments.h"
#include "cli_error.h"
#include "commands.h"
#include "mynah/audio_io/audio_file.h"
#include "mynah/dsp/resynthesis.h"

namespace mynah::cli {
namespace {
constexpr const char* kHelp = R"(usage: mynah resynth IN.wav -o OUT.wav [--fft fftw|kiss]

Analyses the input (F0, voicing, spectral peaks and noise levels every 5 ms) and resynthesises it with
Mynah's harmonic-plus-noise synthesiser, with no neural network. The output is a mono 32-bit float WAV
at the input's sample rate (FLAC, Ogg or AIFF by the output's extension), time-aligned with the input. Several input channels are mixed to mono.

  -o OUT.wav     output file (written to a temporary file first, then renamed: a failed run never
                 leaves a partial file or clobbers an existing one)
  --fft BACKEND  FFT backend: fftw (default) or kiss
  -h, --help     this text
)";
}  // namespace

int runResynth(const std::vector<std::string>& args, std::ostream& out) {
    const Arguments a = parseArguments(args, {{"-o", "--fft"}, {}});
    if (a.help) {
        out << kHelp;
        return 0;
    }
    if (a.positional.size() != 1) throw CliError("resynth needs exactly one input file (see --help)");
    const std::string outputPath = a.value("-o");
    if (outputPath.empty()) throw CliError("resynth needs an output file: -o OUT.wav");
    const audio_io::MonoAudio audio = audio_io::readMonoAudio(a.positional[0]);
    dsp::FeatureConfig config = dsp::FeatureConfig::forSampleRate(audio.sampleRateHz);
    config.backend = fftBackendOption(a);
    dsp::DspResynthesizer resynth(config);
    const int latency = resynth.latencySamples();
    // Feed the file plus `latency` zeros and drop the first `latency` output samples: time-aligned.
    std::vector<float> signal = audio.samples;
    signal.resize(signal.size() + static_cast<size_t>(latency), 0.0f);
    std::vector<float> rendered(signal.size());
    resynth.process(signal.data(), rendered.data(), static_cast<int>(signal.size()));
    const std::vector<float> aligned(rendered.begin() + latency, rendered.end());
    audio_io::writeAudioAtomically(outputPath, aligned, audio.sampleRateHz);
    out << "wrote " << outputPath << '\n';
    return 0;
}

}  // namespace mynah::cli
