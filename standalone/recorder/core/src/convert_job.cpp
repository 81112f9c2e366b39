// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/recorder/convert_job.h"

#include <filesystem>

#include "mynah/audio_io/audio_file.h"
#include "mynah/engine/thread_priority.h"
#include "mynah/recorder/take_naming.h"
#include "mynah/runtime/model_loader.h"

namespace mynah::recorder {
namespace {
constexpr double kSetupShare = 0.05;  // progress share of loading the model and reading the file
constexpr int kMaxNameAttempts = 10000;
}  // namespace

std::string convertFileToFolder(const ConvertRequest& request, const engine::RenderProgress& progress) {
    std::error_code ec;
    if (!std::filesystem::is_directory(request.outputFolder, ec))
        throw RecorderError(request.outputFolder + ": output folder does not exist");
    const auto report = [&progress](double fraction) { return !progress || progress(fraction); };
    audio_io::MonoAudio audio = audio_io::readMonoAudio(request.inputPath);  // a bad file fails first
    if (!report(0.01)) return {};
    std::unique_ptr<runtime::InferenceSession> session = runtime::loadModelPackage(request.modelPath);
    const std::string modelName = session->metadata().name;
    if (!report(kSetupShare)) return {};
    const engine::OfflineRender render = engine::convertOffline(
        session, audio.samples, audio.sampleRateHz, request.settings,
        [&report](double fraction) { return report(kSetupShare + (1.0 - kSetupShare) * fraction); });
    if (!render.completed) return {};
    for (int attempt = 1; attempt <= kMaxNameAttempts; ++attempt) {
        const std::string path = convertedFilePath(request.outputFolder, request.inputPath, modelName, attempt);
        try {
            audio_io::writeAudioAtomically(path, render.samples, audio.sampleRateHz, audio_io::Replace::Never);
            return path;
        } catch (const audio_io::OutputExistsError&) {
            // taken: try the next suffix
        }
    }
    throw RecorderError(convertedFilePath(request.outputFolder, request.inputPath, modelName) +
                        ": no free output name");
}

ConvertJob::ConvertJob(ConvertRequest request) : request_(std::move(request)) {
    thread_ = std::thread([this] { run(); });
}

ConvertJob::~ConvertJob() {
    cancel();
    wait();
}

void ConvertJob::wait() {
    if (thread_.joinable()) thread_.join();
}

std::string ConvertJob::outputPath() const {
    std::lock_guard<std::mutex> lock(resultMutex_);
    return outputPath_;
}

std::string ConvertJob::error() const {
    std::lock_guard<std::mutex> lock(resultMutex_);
    return error_;
}

void ConvertJob::run() {
    engine::becomeBackgroundThread("mynah-convert");  // behind the live audio; it renders offline, starting no worker
    try {
        const std::string path = convertFileToFolder(request_, [this](double fraction) {
            progress_.store(fraction, std::memory_order_relaxed);
            return !cancelled_.load(std::memory_order_relaxed);
        });
        {
            std::lock_guard<std::mutex> lock(resultMutex_);
            outputPath_ = path;
        }
        if (path.empty()) {
            state_.store(State::Cancelled, std::memory_order_release);
        } else {
            progress_.store(1.0);
            state_.store(State::Done, std::memory_order_release);
        }
    } catch (const std::exception& e) {
        {
            std::lock_guard<std::mutex> lock(resultMutex_);
            error_ = e.what();
        }
        state_.store(State::Failed, std::memory_order_release);
    }
}

}  // namespace mynah::recorder
