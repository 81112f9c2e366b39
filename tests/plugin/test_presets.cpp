// SPDX-License-Identifier: GPL-3.0-or-later
// The preset parser and the preset folders (plugin/src/presets): every factory preset parses; wrong
// types, missing fields, garbage and unknown versions give one line naming the file and the field;
// user presets are saved to $XDG_DATA_HOME/mynah/presets and never overwritten silently.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "parameter_ranges.h"
#include "presets/preset.h"
#include "presets/preset_library.h"

namespace fs = std::filesystem;
using namespace mynah::plugin;
using nlohmann::json;

namespace {

json goodPreset() {
    return json::parse(R"({"format": "mynah-preset", "version": 1, "name": "Octave down", "description": "lower",
                           "model": "voice_resynth",
                           "parameters": {"transpose_semitones": -12, "input_gain_db": 1.5, "output_gain_db": -3,
                                          "dry_wet_percent": 80, "gate_threshold_db": -60}})");
}

// The one-line error parsePreset() gives for `text` (fails the test when it parses).
std::string errorFor(const std::string& text, const std::string& source = "bad.json") {
    try {
        parsePreset(text, source);
    } catch (const PresetError& e) {
        const std::string message = e.what();
        INFO(message);
        CHECK(message.find('\n') == std::string::npos);
        CHECK(message.rfind(source + ": ", 0) == 0);
        return message;
    }
    FAIL("parsed: " << text);
    return {};
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct TemporaryUserFolder {
    fs::path root = fs::temp_directory_path() / ("mynah_preset_test_" + std::to_string(::getpid()));
    TemporaryUserFolder() {
        fs::remove_all(root);
        fs::create_directories(root);
        ::setenv("XDG_DATA_HOME", root.c_str(), 1);
        ::setenv("MYNAH_PRESET_PATH", "", 1);
    }
    ~TemporaryUserFolder() { fs::remove_all(root); }
    fs::path folder() const { return root / "mynah/presets"; }
};

}  // namespace

TEST_CASE("a good preset parses with every parameter in its units", "[presets]") {
    const Preset preset = parsePreset(goodPreset().dump(), "good.json");
    CHECK(preset.name == "Octave down");
    CHECK(preset.description == "lower");
    CHECK(preset.model == "voice_resynth");
    REQUIRE(preset.parameters.size() == presetFields().size());
    CHECK(preset.parameters.at(param::kTranspose) == -12.0f);
    CHECK(preset.parameters.at(param::kInputGain) == 1.5f);
    CHECK(preset.parameters.at(param::kOutputGain) == -3.0f);
    CHECK(preset.parameters.at(param::kDryWet) == 80.0f);
    CHECK(preset.parameters.at(param::kGateThreshold) == -60.0f);

    json noDescription = goodPreset();
    noDescription.erase("description");
    CHECK(parsePreset(noDescription.dump(), "x.json").description.empty());
    json keepModel = goodPreset();
    keepModel["model"] = "";
    CHECK(parsePreset(keepModel.dump(), "x.json").model.empty());
}

TEST_CASE("presetToJson writes what parsePreset reads back", "[presets]") {
    const Preset preset = parsePreset(goodPreset().dump(), "good.json");
    const std::string text = presetToJson(preset);
    const Preset again = parsePreset(text, "again.json");
    CHECK(again.name == preset.name);
    CHECK(again.description == preset.description);
    CHECK(again.model == preset.model);
    CHECK(again.parameters == preset.parameters);
    CHECK(text.find("\"transpose_semitones\": -12") != std::string::npos);  // readable: units in the keys
}

TEST_CASE("wrong types name the file and the field", "[presets]") {
    const auto with = [](const std::string& pointer, const json& value) {
        json j = goodPreset();
        j[json::json_pointer(pointer)] = value;
        return j.dump();
    };
    CHECK(errorFor(with("/parameters/transpose_semitones", "-12")) ==
          "bad.json: parameters.transpose_semitones: expected a number, got a string");
    CHECK(errorFor(with("/parameters/dry_wet_percent", true)) == "bad.json: parameters.dry_wet_percent: expected a number, got a boolean");
    CHECK(errorFor(with("/parameters/gate_threshold_db", nullptr)) == "bad.json: parameters.gate_threshold_db: expected a number, got a null");
    CHECK(errorFor(with("/name", 3)) == "bad.json: name: expected a string, got a number");
    CHECK(errorFor(with("/model", json::array())) == "bad.json: model: expected a string, got a array");
    CHECK(errorFor(with("/description", json::object())) == "bad.json: description: expected a string, got a object");
    CHECK(errorFor(with("/parameters", json::array({1, 2}))) == "bad.json: parameters: expected an object, got a array");
    CHECK(errorFor(with("/version", "1")) == "bad.json: version: expected an integer, got a string");
    CHECK(errorFor(with("/version", 1.5)) == "bad.json: version: expected an integer, got a number");
    CHECK(errorFor(with("/format", "something-else")) == "bad.json: format: expected \"mynah-preset\", got \"something-else\"");
    CHECK(errorFor(with("/name", "")) == "bad.json: name: empty");
    CHECK(errorFor("[1, 2, 3]") == "bad.json: expected a JSON object, got a array");
}

TEST_CASE("missing fields are named", "[presets]") {
    for (const char* key : {"format", "version", "name", "model", "parameters"}) {
        json j = goodPreset();
        j.erase(key);
        CHECK(errorFor(j.dump()) == std::string("bad.json: ") + key + ": missing");
    }
    for (const PresetField& field : presetFields()) {
        json j = goodPreset();
        j["parameters"].erase(field.jsonKey);
        CHECK(errorFor(j.dump()) == std::string("bad.json: parameters.") + field.jsonKey + ": missing");
    }
}

TEST_CASE("out-of-range values and unknown parameters are refused", "[presets]") {
    json j = goodPreset();
    j["parameters"]["transpose_semitones"] = 30;
    CHECK(errorFor(j.dump()) == "bad.json: parameters.transpose_semitones: 30 is outside -24 ... 24");
    j = goodPreset();
    j["parameters"]["gate_threshold_db"] = 1e300;
    CHECK(errorFor(j.dump()).find("parameters.gate_threshold_db: 1e+300 is outside -100 ... -20") != std::string::npos);
    j = goodPreset();
    j["parameters"]["transpose_semitone"] = 1;  // a typo
    CHECK(errorFor(j.dump()) == "bad.json: parameters.transpose_semitone: unknown parameter");
}

TEST_CASE("garbage is not JSON", "[presets]") {
    for (const std::string& text : {std::string(), std::string("not json"), std::string("{\"format\": \"mynah-preset\", \"vers"),
                                   std::string("\x00\xff\xfe garbage", 12), std::string("{} trailing")}) {
        CHECK(errorFor(text).find("bad.json: not valid JSON (syntax error at byte ") == 0);
    }
}

TEST_CASE("unknown versions are refused", "[presets]") {
    for (const int version : {0, 2, -1, 100}) {
        json j = goodPreset();
        j["version"] = version;
        CHECK(errorFor(j.dump()) == "bad.json: version: " + std::to_string(version) + " is not supported (this Mynah reads version 1)");
    }
}

TEST_CASE("every factory preset parses and names an installed model", "[presets]") {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(MYNAH_FACTORY_PRESETS_DIR)) {
        if (entry.path().extension() != ".json") continue;
        INFO(entry.path());
        const Preset preset = readPresetFile(entry.path().string());
        CHECK(preset.model == "voice_resynth");
        CHECK(fs::is_regular_file(fs::path(MYNAH_ZOO_DIR) / (preset.model + ".mynah")));
        CHECK(presetFileStem(preset.name) == entry.path().stem().string());  // file named after the preset
        CHECK(preset.name.find('"') == std::string::npos);                    // LV2 writes names into its TTL
        ++count;
    }
    CHECK(count >= 5);
}

TEST_CASE("reading a missing or huge file says which", "[presets]") {
    TemporaryUserFolder temporary;
    try {
        readPresetFile((temporary.root / "nope.json").string());
        FAIL("read a missing file");
    } catch (const PresetError& e) {
        CHECK(std::string(e.what()).rfind("nope.json: cannot read", 0) == 0);
    }
    const fs::path huge = temporary.root / "huge.json";
    std::ofstream(huge) << std::string(2 << 20, ' ');
    CHECK_THROWS_WITH(readPresetFile(huge.string()), Catch::StartsWith("huge.json: too large for a preset"));
}

TEST_CASE("file names for preset names", "[presets]") {
    CHECK(presetFileStem("Octave down") == "octave_down");
    CHECK(presetFileStem("  My Voice!! #2 ") == "my_voice_2");
    CHECK(presetFileStem("a-b") == "a-b");
    CHECK_THROWS_AS(presetFileStem("!!!"), PresetError);
    CHECK_THROWS_AS(presetFileStem(""), PresetError);
}

TEST_CASE("user presets are saved to the user's folder, never overwritten silently", "[presets]") {
    TemporaryUserFolder temporary;
    CHECK(userPresetFolder() == temporary.folder().string());
    Preset preset = parsePreset(goodPreset().dump(), "good.json");
    preset.name = "My Voice";
    const std::string path = saveUserPreset(preset, false);
    CHECK(path == (temporary.folder() / "my_voice.json").string());
    CHECK(userPresetPath("My Voice") == path);
    const std::string first = slurp(path);

    preset.parameters[param::kTranspose] = 5.0f;
    CHECK_THROWS_WITH(saveUserPreset(preset, false), path + ": exists already (not overwritten)");
    CHECK(slurp(path) == first);
    CHECK(saveUserPreset(preset, true) == path);
    CHECK(readPresetFile(path).parameters.at(param::kTranspose) == 5.0f);
    CHECK_FALSE(fs::exists(path + ".tmp"));

    // Listed as a user preset after the factory ones; a broken file is skipped with its reason.
    std::ofstream(temporary.folder() / "broken.json") << "{\"format\": \"mynah-preset\", \"version\": 7}";
    const PresetList list = listPresets();
    REQUIRE_FALSE(list.presets.empty());
    CHECK(list.presets.back().isUser);
    CHECK(list.presets.back().preset.name == "My Voice");
    CHECK_FALSE(list.presets.front().isUser);
    REQUIRE(list.errors.size() == 1);
    CHECK(list.errors[0] == "broken.json: version: 7 is not supported (this Mynah reads version 1)");
}

TEST_CASE("the preset search path: $MYNAH_PRESET_PATH, the user's folder, then the factory presets", "[presets]") {
    TemporaryUserFolder temporary;
    ::setenv("MYNAH_PRESET_PATH", "/a:/b", 1);
    const auto folders = presetSearchFolders();
    REQUIRE(folders.size() >= 4);
    CHECK(folders[0] == "/a");
    CHECK(folders[1] == "/b");
    CHECK(folders[2] == temporary.folder().string());
    CHECK(folders.back() == MYNAH_FACTORY_PRESETS_DIR);
    ::setenv("MYNAH_PRESET_PATH", "", 1);
}

TEST_CASE("inputs the fuzzer found are refused in one line naming the file", "[presets]") {
    // A number too large for a double made the JSON parser throw out_of_range, which escaped as a
    // non-preset error (tests/fuzz/regressions/preset).
    REQUIRE_THROWS_WITH(parsePreset(R"({"format": "mynah-preset", "version": 1e999})", "big.json"),
                        Catch::StartsWith("big.json") && Catch::Contains("out of range"));
    for (const auto& entry : fs::directory_iterator(MYNAH_FUZZ_DIR "/regressions/preset")) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        INFO(entry.path());
        REQUIRE_THROWS_AS(parsePreset(text.str(), entry.path().string()), PresetError);
    }
}
