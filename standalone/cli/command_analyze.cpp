// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>
#include <cstdio>
#include <vector>

#include "arguments.h"
#include "cli_error.h"
#include "commands.h"
#include "mynah/audio_io/audio_file.h"
#include "mynah/dsp/features.h"

namespace mynah::cli {
namespace {
constexpr const char* kHelp = R"(usage: mynah analyze IN.wav [--csv] [--mel] [--fft fftw|kiss]

Measures, per 5 ms frame: F0 (Hz, 0 when unvoiced), voicing confidence (0..1), voiced (0/1) and
A-weighted loudness (dB re a full-scale sine). Without --csv prints a summary.

  --csv          one line per frame: time_s,f0_hz,voicing_confidence,voiced,loudness_db
  --mel          with --csv, also append the frame's log-mel values (mel_0 .. mel_N-1)
  --fft BACKEND  FFT backend: fftw (default) or kiss
  -h, --help     this text

A frame's time is the centre of its analysis window (see docs/ARCHITECTURE.md).
)";
}  // namespace

int runAnalyze(const std::vector<std::string>& args, std::ostream& out) {
    const Arguments a = parseArguments(args, {{"--fft"}, {"--csv", "--mel"}});
    if (a.help) {
        out << kHelp;
        return 0;
    }
    if (a.positional.size() != 1) throw CliError("analyze needs exactly one input file (see --help)");
    const audio_io::MonoAudio audio = audio_io::readMonoAudio(a.positional[0]);
    dsp::FeatureConfig config = dsp::FeatureConfig::forSampleRate(audio.sampleRateHz);
    config.backend = fftBackendOption(a);
    dsp::FeatureExtractor extractor(config);
    const bool csv = a.has("--csv");
    const bool mel = a.has("--mel");
    if (csv) {
        out << "time_s,f0_hz,voicing_confidence,voiced,loudness_db";
        if (mel)
            for (int m = 0; m < config.numMels; ++m) out << ",mel_" << m;
        out << '\n';
    }
    std::vector<float> voicedF0;
    long long frames = 0;
    float loudMin = 1e9f, loudMax = -1e9f;
    char line[160];
    extractor.push(audio.samples.data(), static_cast<int>(audio.samples.size()), [&](const dsp::FeatureFrame& f) {
        ++frames;
        if (f.voiced) voicedF0.push_back(f.f0Hz);
        loudMin = std::min(loudMin, f.loudnessDb);
        loudMax = std::max(loudMax, f.loudnessDb);
        if (!csv) return;
        const double centre = static_cast<double>((f.index + 1) * config.hopSamples - extractor.latencySamples());
        std::snprintf(line, sizeof line, "%.6f,%.4f,%.5f,%d,%.3f", centre / config.sampleRateHz, f.f0Hz,
                      f.voicingConfidence, f.voiced ? 1 : 0, f.loudnessDb);
        out << line;
        if (mel)
            for (int m = 0; m < config.numMels; ++m) {
                std::snprintf(line, sizeof line, ",%.7g", f.logMel[m]);
                out << line;
            }
        out << '\n';
    });
    if (!csv) {
        std::sort(voicedF0.begin(), voicedF0.end());
        out << a.positional[0] << ": " << audio.samples.size() / audio.sampleRateHz << " s at "
            << audio.sampleRateHz << " Hz, " << frames << " frames of " << config.hopSamples << " samples\n";
        out << "voiced frames: " << voicedF0.size() << " ("
            << (frames ? 100.0 * static_cast<double>(voicedF0.size()) / static_cast<double>(frames) : 0.0) << " %)";
        if (!voicedF0.empty())
            out << ", F0 median " << voicedF0[voicedF0.size() / 2] << " Hz, range " << voicedF0.front() << " - "
                << voicedF0.back() << " Hz";
        out << "\nloudness: " << loudMin << " .. " << loudMax << " dB (A-weighted, re full-scale sine)\n";
    }
    return 0;
}

}  // namespace mynah::cli
