// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/learn/learn_job.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "mynah/audio_io/audio_file.h"
#include "mynah/learn/recordings.h"
#include "mynah/runtime/model_library.h"

namespace mynah::learn {
namespace fs = std::filesystem;

namespace {
constexpr double kModelRateHz = 16000.0;         // the conversion base model's rate
constexpr double kPackagingSeconds = 25.0;       // export + checks, for the estimate
constexpr double kPreparedFraction = 0.05, kLearnedFraction = 0.93;

std::string envOr(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value && *value ? value : fallback;
}

// Removes the work folder however the job ends.
struct FolderGuard {
    fs::path path;
    ~FolderGuard() {
        std::error_code ec;
        if (!path.empty()) fs::remove_all(path, ec);
    }
};
}  // namespace

void LearnJob::cancel() {
    cancelled_ = true;
    process_.cancel();
}

void LearnJob::run(const LearnRequest& request, const std::function<void(const LearnProgress&)>& onProgress,
                   const std::function<void(const std::string&)>& onLog) {
    const fs::path output = request.outputPath;
    std::error_code ec;
    if (fs::exists(output, ec)) throw LearnError(request.outputPath + ": exists already; choose another name or remove it");
    if (request.recordings.empty()) throw LearnError("no recordings to learn from");
    std::string base = request.baseWeightsPath;
    if (base.empty()) base = runtime::findInModelFolders(kBaseWeightsFile).value_or("");
    if (base.empty() || !fs::is_regular_file(base, ec))
        throw LearnError(std::string(kBaseWeightsFile) + ": the conversion base weights were not found in the model folders");
    const std::string trainingDir = envOr("MYNAH_TRAINING_DIR", MYNAH_SOURCE_TRAINING_DIR);
    if (!fs::is_directory(fs::path(trainingDir) / "mynah_train", ec))
        throw LearnError(trainingDir + ": the trainer (mynah_train) is not there; set MYNAH_TRAINING_DIR");
    const std::string python = envOr("MYNAH_PYTHON", "/usr/bin/python3");
    const std::vector<std::pair<std::string, std::string>> env = {
        {"PYTHONPATH", trainingDir}, {"MYNAH_BUILD_DIR", envOr("MYNAH_BUILD_DIR", MYNAH_SOURCE_BUILD_DIR)},
        {"PYTHONUNBUFFERED", "1"}, {"OMP_NUM_THREADS", "1"}};

    const fs::path folder = fs::absolute(output).parent_path();
    if (!fs::is_directory(folder, ec)) throw LearnError(folder.string() + ": output folder does not exist");
    std::string hidden = output.filename().string();
    hidden.insert(0, 1, '.');  // (not "." + name: GCC 12 reports a false -Wrestrict on that)
    hidden += ".learn-XXXXXX";
    std::string pattern = (folder / hidden).string();
    if (!mkdtemp(pattern.data())) throw LearnError(folder.string() + ": cannot create a work folder there");
    FolderGuard guard{pattern};
    const fs::path work = pattern;

    onProgress({0.0, -1.0, "preparing"});
    std::vector<std::string> wavs;
    for (size_t i = 0; i < request.recordings.size(); ++i) {
        const fs::path wav = work / ("recording" + std::to_string(i) + ".wav");
        audio_io::writeAudioAtomically(wav.string(), resampledTo(request.recordings[i], kModelRateHz), kModelRateHz);
        wavs.push_back(wav.string());
    }
    const double totalSeconds = request.trainingMinutes * 60.0 + kPackagingSeconds;
    onProgress({kPreparedFraction, totalSeconds, "learning"});

    const fs::path run = work / "run";
    std::vector<std::string> train = {python, "-m", "mynah_train.vc_train", "--out", run.string(), "--init", base,
                                      "--minutes", std::to_string(request.trainingMinutes), "--checkpoint-seconds", "45",
                                      "--log-steps", "20", "--wav"};
    train.insert(train.end(), wavs.begin(), wavs.end());
    const std::regex stepLine(R"(^step \d+ \(([0-9.]+) min, about ([0-9.]+) min left\))");
    auto relay = [&](const std::string& line) {
        onLog(line);
        std::smatch m;
        if (std::regex_search(line, m, stepLine)) {
            const double done = std::stod(m[1].str()), left = std::stod(m[2].str());
            const double fraction = done / std::max(done + left, 1e-9);
            onProgress({kPreparedFraction + (kLearnedFraction - kPreparedFraction) * fraction,
                        left * 60.0 + kPackagingSeconds, "learning"});
        }
    };
    if (const int status = process_.run(train, env, relay); status != 0 || cancelled_)
        throw LearnError(cancelled_ ? "learning cancelled" : "the trainer failed (exit status " + std::to_string(status) + ")");

    onProgress({kLearnedFraction, kPackagingSeconds, "packaging"});
    const fs::path package = work / (request.voiceName + ".mynah");
    std::string sources;
    for (const Recording& r : request.recordings) sources += (sources.empty() ? "" : ", ") + r.name;
    const std::vector<std::string> exportCommand = {
        python, "-m", "mynah_train.export", "--checkpoint", (run / "best.pt").string(), "--output", package.string(),
        "--name", request.voiceName, "--timing-calls", "300", "--command", "mynah learn --name " + request.voiceName,
        "--description", "A learned voice: turns any voice into the voice of " + sources + " (mynah learn)"};
    if (const int status = process_.run(exportCommand, env, onLog); status != 0 || cancelled_)
        throw LearnError(cancelled_ ? "learning cancelled" : "packaging the learned voice failed (exit status " +
                                                                 std::to_string(status) + ")");
    // link() never replaces an existing file: a file that appeared meanwhile is kept.
    if (link(package.c_str(), output.c_str()) != 0)
        throw LearnError(request.outputPath + ": cannot write the learned voice there (exists or not writable)");
    onProgress({1.0, 0.0, "done"});
}

}  // namespace mynah::learn
