// SPDX-License-Identifier: GPL-3.0-or-later
// The .mynah loader turns every broken package into one specific message (docs/MODEL_FORMAT.md).
// Packages come from models/training/make_test_packages.py (a ctest fixture writes them to
// $MYNAH_TEST_PACKAGES); truncated, random and empty files are made here.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "mynah/runtime/model_error.h"
#include "mynah/runtime/model_loader.h"

using namespace mynah::runtime;
namespace fs = std::filesystem;

namespace {
fs::path packages() {
    const char* dir = std::getenv("MYNAH_TEST_PACKAGES");
    REQUIRE(dir != nullptr);
    return fs::path(dir);
}

std::string loadError(const fs::path& path) {
    try {
        loadModelPackage(path.string());
    } catch (const ModelError& e) {
        return e.what();
    }
    return "";
}

fs::path writeFile(const std::string& name, const std::vector<char>& bytes) {
    const fs::path path = fs::temp_directory_path() / name;
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

std::vector<char> readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

// One line, starting with the file's path, saying why.
void checkRefusal(const fs::path& path, const std::string& reason) {
    const std::string error = loadError(path);
    INFO(path << " -> " << error);
    CHECK_THAT(error, Catch::StartsWith(path.string() + ": ") && Catch::Contains(reason));
    CHECK(error.find('\n') == std::string::npos);
}
}  // namespace

TEST_CASE("a valid package loads, dry-runs and runs in chunks with its state", "[loader]") {
    auto session = loadModelPackage((packages() / "valid.mynah").string());
    const ModelMetadata& m = session->metadata();
    CHECK(m.formatVersion == 1);
    CHECK_FALSE(m.name.empty());
    const int window = m.contextFrames + 2 + m.lookaheadFrames;
    std::vector<float> features(static_cast<size_t>(window) * m.numInputs(), 0.5f);
    std::vector<float> a(static_cast<size_t>(2) * m.numOutputs()), b(a.size()), c(a.size());
    session->run(features.data(), window, a.data());
    session->run(features.data(), window, b.data());
    for (float v : a) CHECK(std::isfinite(v));
    if (!m.state.empty()) CHECK(a != b);  // the state moved on
    session->resetState();
    session->run(features.data(), window, c.data());
    CHECK(a == c);  // reset: the same input gives the same output again
}

TEST_CASE("each broken package gets its own one-line message naming the file", "[loader]") {
    struct Case { const char* file; const char* expected; };
    const Case c = GENERATE(Case{"nan_output.mynah", "non-finite"}, Case{"wrong_shape.mynah", "shape"},
                            Case{"wrong_state.mynah", "state"}, Case{"no_metadata.mynah", "no mynah.json"},
                            Case{"bad_json.mynah", "not valid JSON"}, Case{"unknown_version.mynah", "version 99"},
                            Case{"missing_field.mynah", "hop_samples"}, Case{"not_torchscript.mynah", "TorchScript"},
                            Case{"bad_yin_window.mynah", "features.f0_window_fraction"});
    const fs::path path = packages() / c.file;
    const std::string error = loadError(path);
    INFO(c.file << " -> " << error);
    CHECK_THAT(error, Catch::Contains(c.expected));
    CHECK_THAT(error, Catch::Contains(path.string()));
    CHECK(error.find('\n') == std::string::npos);
}

TEST_CASE("features.f0_window_fraction is optional: classic YIN by default, a shorter window when set", "[loader]") {
    const auto classic = loadModelPackage((packages() / "valid.mynah").string());
    CHECK(classic->metadata().f0WindowFraction == 1.0);
    const auto shorter = loadModelPackage((packages() / "short_yin.mynah").string());
    const ModelMetadata& m = shorter->metadata();
    REQUIRE(m.f0WindowFraction == 0.6);
    // 50 Hz floor at 16 kHz: maxLag 321, W 193: a 516-sample segment instead of 644.
    CHECK(mynah::dsp::FeatureExtractor::historySamplesFor(m.featureConfig()) == 516);
    CHECK(mynah::dsp::FeatureExtractor::historySamplesFor(classic->metadata().featureConfig()) == 644);
}

TEST_CASE("missing, empty, truncated, random and directory paths are refused cleanly", "[loader]") {
    checkRefusal("/nonexistent/model.mynah", "no such model file");
    checkRefusal(fs::temp_directory_path(), "is a directory");
    checkRefusal(writeFile("mynah_empty.mynah", {}), "empty");
    std::mt19937 rng(5);
    std::vector<char> noise(20000);
    for (char& ch : noise) ch = static_cast<char>(rng());
    checkRefusal(writeFile("mynah_random.mynah", noise), "TorchScript");
    const std::vector<char> valid = readFile(packages() / "valid.mynah");
    for (double share : {0.1, 0.5, 0.9, 0.99}) {
        INFO("truncated to " << share * 100 << " %");
        const std::vector<char> cut(valid.begin(), valid.begin() + static_cast<long>(share * static_cast<double>(valid.size())));
        checkRefusal(writeFile("mynah_truncated.mynah", cut), "not a readable TorchScript model package");
    }
}

TEST_CASE("metadata with a number too large for a double is refused in one line", "[loader]") {
    // nlohmann's parser throws out_of_range (not parse_error) for it; found by fuzzing the presets.
    REQUIRE_THROWS_WITH(mynah::runtime::parseModelMetadata(R"({"format_version": 1e999})", "big.mynah"),
                        Catch::StartsWith("big.mynah: ") && Catch::Contains("out of range"));
}

TEST_CASE("metadata inputs the fuzzer found are refused with a ModelError", "[loader]") {
    for (const auto& entry : std::filesystem::directory_iterator(MYNAH_FUZZ_DIR "/regressions/model_metadata")) {
        std::ifstream in(entry.path());
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        INFO(entry.path());
        REQUIRE_THROWS_AS(mynah::runtime::parseModelMetadata(text, entry.path().string()), mynah::runtime::ModelError);
    }
}
