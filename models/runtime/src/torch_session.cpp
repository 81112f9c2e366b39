// SPDX-License-Identifier: GPL-3.0-or-later
// The libtorch backend: the only translation unit of Mynah that includes torch headers.
#include <sys/stat.h>
#include <ATen/Parallel.h>
#include <torch/script.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>

#include "mynah/runtime/model_error.h"
#include "mynah/runtime/model_loader.h"

namespace mynah::runtime {
namespace {

// First line of a torch error, without its C++ backtrace.
std::string firstLine(const char* what) {
    std::string s(what);
    const size_t nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

// Process-wide torch settings, once: one intra-op thread (the engine runs one worker per model and
// the host owns the other cores) and no profiling executor (its first calls take ~30 ms).
void configureTorchOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        at::set_num_threads(1);
        try {
            at::set_num_interop_threads(1);
        } catch (const std::exception&) {
            // Already set by someone else in this process: keep theirs.
        }
        torch::jit::getProfilingMode() = false;
    });
}

void checkReadableFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw ModelError(path + ": no such model file");
    if (S_ISDIR(st.st_mode)) throw ModelError(path + ": is a directory, not a model package");
    if (!S_ISREG(st.st_mode)) throw ModelError(path + ": is not a regular file");
    if (st.st_size == 0) throw ModelError(path + ": model file is empty");
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw ModelError(path + ": model file is not readable (" + std::strerror(errno) + ")");
}

struct LoadedArchive {
    torch::jit::Module module;
    ModelMetadata metadata;
};

LoadedArchive openArchive(const std::string& path) {
    configureTorchOnce();
    checkReadableFile(path);
    torch::jit::ExtraFilesMap extra{{"mynah.json", ""}};
    LoadedArchive archive;
    try {
        archive.module = torch::jit::load(path, c10::nullopt, extra);
    } catch (const std::exception& e) {
        throw ModelError(path + ": not a readable TorchScript model package (" + firstLine(e.what()) + ")");
    }
    if (extra["mynah.json"].empty()) throw ModelError(path + ": TorchScript archive has no mynah.json metadata");
    archive.metadata = parseModelMetadata(extra["mynah.json"], path);
    if (!archive.module.find_method("forward")) throw ModelError(path + ": the model has no forward method");
    archive.module.eval();
    return archive;
}

std::string shapeText(const at::Tensor& t) {
    std::string s = "[";
    for (int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

class TorchSession final : public InferenceSession {
public:
    TorchSession(LoadedArchive archive, std::string source)
        : module_(std::move(archive.module)), metadata_(std::move(archive.metadata)), source_(std::move(source)) {
        resetState();
    }

    const ModelMetadata& metadata() const override { return metadata_; }
    const std::string& source() const override { return source_; }

    void resetState() override {
        state_.clear();
        for (const StateTensorSpec& spec : metadata_.state) state_.push_back(torch::zeros(spec.shape));
    }

    void run(const float* features, int windowFrames, float* controls) override {
        const int chunk = windowFrames - metadata_.contextFrames - metadata_.lookaheadFrames;
        if (chunk < 1) throw ModelError(source_ + ": window of " + std::to_string(windowFrames) + " frames is too short");
        c10::InferenceMode guard;
        try {
            // from_blob wraps the caller's buffer: no copy of the features.
            const at::Tensor input = torch::from_blob(const_cast<float*>(features),
                                                      {1, windowFrames, metadata_.numInputs()}, torch::kFloat32);
            c10::List<at::Tensor> state;
            for (const at::Tensor& t : state_) state.push_back(t);
            const c10::IValue result = module_.forward({input, state});
            const at::Tensor out = unpack(result, chunk);
            std::memcpy(controls, out.data_ptr<float>(), sizeof(float) * static_cast<size_t>(out.numel()));
        } catch (const ModelError&) {
            throw;
        } catch (const std::exception& e) {
            throw ModelError(source_ + ": the network failed (" + firstLine(e.what()) + ")");
        }
    }

    // Checks forward's result and keeps the new state; returns the controls, contiguous float32.
    at::Tensor unpack(const c10::IValue& result, int chunk) {
        if (!result.isTuple() || result.toTupleRef().elements().size() != 2)
            throw ModelError(source_ + ": forward must return (controls, state)");
        const auto& elements = result.toTupleRef().elements();
        if (!elements[0].isTensor()) throw ModelError(source_ + ": forward's controls are not a tensor");
        at::Tensor out = elements[0].toTensor().to(torch::kFloat32).contiguous();
        if (out.dim() != 3 || out.size(0) != 1 || out.size(1) != chunk || out.size(2) != metadata_.numOutputs())
            throw ModelError(source_ + ": forward returned controls of shape " + shapeText(out) + ", expected [1, " +
                             std::to_string(chunk) + ", " + std::to_string(metadata_.numOutputs()) + "]");
        if (!elements[1].isTensorList()) throw ModelError(source_ + ": forward's state is not a list of tensors");
        const auto newState = elements[1].toTensorList();
        if (newState.size() != metadata_.state.size())
            throw ModelError(source_ + ": forward returned " + std::to_string(newState.size()) + " state tensors, metadata declares " +
                             std::to_string(metadata_.state.size()));
        for (size_t i = 0; i < newState.size(); ++i) {
            const at::Tensor t = newState.get(i);
            if (t.sizes() != c10::IntArrayRef(metadata_.state[i].shape))
                throw ModelError(source_ + ": state '" + metadata_.state[i].name + "' came back with shape " + shapeText(t));
            state_[i] = t;
        }
        return out;
    }

    // Dry run on zeros + warm-up: proves the declared shapes and finite values before any audio.
    void dryRunAndWarmUp() {
        const int inputs = metadata_.numInputs();
        for (int chunk : {1, 2, 2, 2}) {
            const int window = metadata_.contextFrames + chunk + metadata_.lookaheadFrames;
            std::vector<float> features(static_cast<size_t>(window) * inputs, 0.0f);
            std::vector<float> controls(static_cast<size_t>(chunk) * metadata_.numOutputs());
            run(features.data(), window, controls.data());
            for (float v : controls)
                if (!std::isfinite(v)) throw ModelError(source_ + ": dry run on zeros gave non-finite controls (NaN or Inf)");
        }
        resetState();
    }

private:
    torch::jit::Module module_;
    ModelMetadata metadata_;
    std::string source_;
    std::vector<at::Tensor> state_;
};

}  // namespace

std::unique_ptr<InferenceSession> loadModelPackage(const std::string& path) {
    auto session = std::make_unique<TorchSession>(openArchive(path), path);
    session->dryRunAndWarmUp();
    return session;
}

ModelMetadata readModelMetadata(const std::string& path) { return openArchive(path).metadata; }

}  // namespace mynah::runtime
