// SPDX-License-Identifier: GPL-3.0-or-later
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "arguments.h"
#include "cli_error.h"
#include "commands.h"
#include "model_loading.h"
#include "mynah/audio_io/audio_file.h"
#include "mynah/engine/offline_render.h"
#include "progress.h"

namespace mynah::cli {
namespace {
constexpr const char* kHelp = R"(usage: mynah convert --model NAME|PATH IN [IN ...] (-o OUT | --out-dir DIR) [--json] [--block N]

Runs recordings through a model with Mynah's real-time engine, offline: the same code and the same
output as the plugin at the same settings. Input: any file libsndfile reads (WAV, FLAC, Ogg, AIFF...)
at any sample rate; several channels are mixed to mono (voices and melodies are mono sources), and the
output is mono at the input's rate. The engine's latency is compensated: the output has the input's
length and lines up with it, as a DAW's delay compensation would.

  --model NAME|PATH  a model from `mynah models`, or a .mynah file
  -o OUT             output file for a single input (.wav 32-bit float, .flac, .ogg or .aiff)
  --out-dir DIR      output folder, for any number of inputs: DIR/<input name>.<model>.wav
  --json             print a JSON summary per file: latency, real-time factor, xruns
  --block N          engine block size in samples (default 512, as the plugin's default)
  --chunk N          frames per network call (default: the model's real-time chunk, as in the plugin:
                     1 for the conversion models and instruments, 2 for voice_resynth). Larger
                     chunks convert faster but differ from the plugin's output in the last bits (the
                     network's arithmetic is batched differently) and add 5 ms of latency per extra
                     frame, compensated
  --jobs N           files converted in parallel, each job with its own copy of the model
                     (default: the number of cores)
  -h, --help         this text

Outputs are written to a temporary file and renamed into place: a failed run never leaves a partial
file or clobbers an existing one. With several inputs, a file that fails is reported on its own line
and the others are still converted; the exit status is then 1.
)";

struct Conversion {
    std::string input, output;
    double seconds = 0.0, processingSeconds = 0.0;
    int latencySamples = 0;
    double sampleRateHz = 0.0;
    std::uint64_t xruns = 0;
};

// Converts one file; the session is lent to an offline engine for the file and handed back reset.
Conversion convertOne(std::unique_ptr<runtime::InferenceSession>& session, const std::string& input,
                      const std::string& output, int block, int chunk, bool showProgress) {
    const audio_io::MonoAudio audio = audio_io::readMonoAudio(input);
    audio_io::outputFormatFor(output);  // refuse an unsupported output before the work
    ProgressBar progress(std::filesystem::path(input).filename().string(), showProgress);
    const auto start = std::chrono::steady_clock::now();
    const engine::OfflineRender render = engine::convertOffline(
        session, audio.samples, audio.sampleRateHz, {block, chunk}, [&progress](double fraction) {
            progress.update(fraction);
            return true;
        });
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    audio_io::writeAudioAtomically(output, render.samples, audio.sampleRateHz);
    return {input, output, static_cast<double>(audio.samples.size()) / audio.sampleRateHz, elapsed,
            render.latencySamples, audio.sampleRateHz, render.xruns};
}
}  // namespace

int runConvert(const std::vector<std::string>& args, std::ostream& out) {
    const Arguments a = parseArguments(args, {{"--model", "-o", "--out-dir", "--block", "--jobs", "--chunk"}, {"--json"}});
    if (a.help) {
        out << kHelp;
        return 0;
    }
    const std::string model = a.value("--model");
    if (model.empty()) throw CliError("convert needs a model: --model NAME|PATH (see `mynah models`)");
    if (a.positional.empty()) throw CliError("convert needs at least one input file (see --help)");
    const std::string single = a.value("-o"), dir = a.value("--out-dir");
    if (single.empty() == dir.empty()) throw CliError("convert needs exactly one of -o OUT or --out-dir DIR");
    if (!single.empty() && a.positional.size() != 1) throw CliError("-o takes one input; use --out-dir DIR for several");
    if (!dir.empty() && !std::filesystem::is_directory(dir)) throw CliError(dir + ": output folder does not exist");
    const int block = parseInt(a.value("--block", "512"), "--block", 1, 8192);
    const std::string chunkText = a.value("--chunk");
    const int chunk = chunkText.empty() ? 0 : parseInt(chunkText, "--chunk", 1, 64);  // 0: the model's
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int jobs = std::min(parseInt(a.value("--jobs", std::to_string(cores)), "--jobs", 1, 256),
                              static_cast<int>(a.positional.size()));

    // Load once up front so a bad model fails before any file is touched; each further job loads its own
    // copy (a session is stateful and used by one thread at a time).
    std::vector<std::unique_ptr<runtime::InferenceSession>> sessions;
    sessions.push_back(loadNamedModel(model));
    for (int j = 1; j < jobs; ++j) sessions.push_back(loadNamedModel(model));
    const std::string modelName = sessions.front()->metadata().name;

    std::atomic<size_t> next{0};
    std::atomic<int> failures{0};
    std::mutex outputMutex;  // one line at a time on stdout/stderr
    auto work = [&](std::unique_ptr<runtime::InferenceSession>& session) {
        for (size_t i = next++; i < a.positional.size(); i = next++) {
            const std::string& input = a.positional[i];
            const std::string output =
                !single.empty() ? single
                                : (std::filesystem::path(dir) / (std::filesystem::path(input).stem().string() + "." + modelName + ".wav"))
                                      .string();
            try {
                const Conversion c = convertOne(session, input, output, block, chunk, jobs == 1);
                std::lock_guard<std::mutex> lock(outputMutex);
                if (a.has("--json")) {
                    out << nlohmann::json{{"input", c.input},
                                          {"output", c.output},
                                          {"model", modelName},
                                          {"seconds", c.seconds},
                                          {"sample_rate_hz", c.sampleRateHz},
                                          {"latency_samples", c.latencySamples},
                                          {"latency_ms", 1000.0 * c.latencySamples / c.sampleRateHz},
                                          {"processing_seconds", c.processingSeconds},
                                          {"realtime_factor", c.processingSeconds / std::max(c.seconds, 1e-9)},
                                          {"xruns", c.xruns}}
                               .dump()
                        << '\n';
                } else {
                    out << "wrote " << c.output << '\n';
                }
            } catch (const std::exception& e) {
                // One bad file does not stop the others; the exit status says something failed.
                ++failures;
                std::lock_guard<std::mutex> lock(outputMutex);
                if (a.positional.size() == 1) throw;
                std::cerr << "mynah convert: " << e.what() << '\n';
            }
        }
    };
    if (jobs == 1) {
        work(sessions.front());
    } else {
        std::vector<std::thread> threads;
        for (auto& session : sessions) threads.emplace_back([&work, &session] { work(session); });
        for (auto& t : threads) t.join();
    }
    return failures > 0 ? 1 : 0;
}

}  // namespace mynah::cli
