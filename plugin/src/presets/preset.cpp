// SPDX-License-Identifier: GPL-3.0-or-later
#include "presets/preset.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "parameter_ranges.h"

namespace mynah::plugin {

namespace {
using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::uintmax_t kMaxPresetBytes = 1 << 20;  // a preset is a few hundred bytes

[[noreturn]] void fail(const std::string& source, const std::string& field, const std::string& problem) {
    throw PresetError(source + ": " + (field.empty() ? "" : field + ": ") + problem);
}

std::string typeOf(const json& value) { return value.is_number() ? "a number" : std::string("a ") + value.type_name(); }

const json& member(const json& object, const char* key, const std::string& source, const std::string& prefix = "") {
    const auto found = object.find(key);
    if (found == object.end()) fail(source, prefix + key, "missing");
    return *found;
}

std::string stringMember(const json& object, const char* key, const std::string& source) {
    const json& value = member(object, key, source);
    if (!value.is_string()) fail(source, key, "expected a string, got " + typeOf(value));
    return value.get<std::string>();
}

std::string formatValue(double value) {
    std::ostringstream text;
    text << value;
    return text.str();
}

void checkHeader(const json& root, const std::string& source) {
    if (!root.is_object()) fail(source, "", "expected a JSON object, got " + typeOf(root));
    if (const std::string format = stringMember(root, "format", source); format != kPresetFormat)
        fail(source, "format", "expected \"" + std::string(kPresetFormat) + "\", got \"" + format + "\"");
    const json& version = member(root, "version", source);
    if (!version.is_number_integer()) fail(source, "version", "expected an integer, got " + typeOf(version));
    if (const auto v = version.get<long long>(); v != kPresetVersion)
        fail(source, "version",
             std::to_string(v) + " is not supported (this Mynah reads version " + std::to_string(kPresetVersion) + ")");
}

std::map<std::string, float> readParameters(const json& root, const std::string& source) {
    const json& parameters = member(root, "parameters", source);
    if (!parameters.is_object()) fail(source, "parameters", "expected an object, got " + typeOf(parameters));
    std::map<std::string, float> values;
    for (const PresetField& field : presetFields()) {
        const std::string name = std::string("parameters.") + field.jsonKey;
        const json& value = member(parameters, field.jsonKey, source, "parameters.");
        if (!value.is_number()) fail(source, name, "expected a number, got " + typeOf(value));
        const double number = value.get<double>();
        if (!std::isfinite(number) || number < field.minValue || number > field.maxValue)
            fail(source, name, formatValue(number) + " is outside " + formatValue(field.minValue) + " ... " + formatValue(field.maxValue));
        values[field.parameterId] = static_cast<float>(number);
    }
    for (const auto& item : parameters.items()) {
        const std::string key = item.key();  // a plain variable: clang 14 cannot capture structured bindings
        const bool known = std::any_of(presetFields().begin(), presetFields().end(), [&](const PresetField& f) { return key == f.jsonKey; });
        if (!known) fail(source, "parameters." + key, "unknown parameter");
    }
    return values;
}

}  // namespace

const std::vector<PresetField>& presetFields() {
    static const std::vector<PresetField> fields = {
        {"transpose_semitones", param::kTranspose, kTransposeMinSemitones, kTransposeMaxSemitones},
        {"input_gain_db", param::kInputGain, kGainMinDb, kGainMaxDb},
        {"output_gain_db", param::kOutputGain, kGainMinDb, kGainMaxDb},
        {"dry_wet_percent", param::kDryWet, kDryWetMinPercent, kDryWetMaxPercent},
        {"gate_threshold_db", param::kGateThreshold, kGateMinDb, kGateMaxDb},
    };
    return fields;
}

Preset parsePreset(const std::string& jsonText, const std::string& source) {
    json root;
    try {
        root = json::parse(jsonText);
    } catch (const json::parse_error& e) {
        fail(source, "", "not valid JSON (syntax error at byte " + std::to_string(e.byte) + ")");
    } catch (const json::exception&) {
        // e.g. a number too large for a double (the parser throws out_of_range, not parse_error)
        fail(source, "", "not valid JSON (a number is out of range)");
    }
    checkHeader(root, source);
    Preset preset;
    preset.name = stringMember(root, "name", source);
    if (preset.name.empty()) fail(source, "name", "empty");
    preset.model = stringMember(root, "model", source);
    if (root.contains("description")) preset.description = stringMember(root, "description", source);
    preset.parameters = readParameters(root, source);
    return preset;
}

Preset readPresetFile(const std::string& path) {
    const std::string source = std::filesystem::path(path).filename().string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) fail(source, "", "cannot read (" + ec.message() + ")");
    if (size > kMaxPresetBytes) fail(source, "", "too large for a preset (" + std::to_string(size) + " bytes)");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) fail(source, "", "cannot read");
    return parsePreset(text.str(), source);
}

std::string presetToJson(const Preset& preset) {
    ordered_json root;
    root["format"] = kPresetFormat;
    root["version"] = kPresetVersion;
    root["name"] = preset.name;
    if (!preset.description.empty()) root["description"] = preset.description;
    root["model"] = preset.model;
    ordered_json parameters = ordered_json::object();
    for (const PresetField& field : presetFields()) {
        const auto found = preset.parameters.find(field.parameterId);
        if (found == preset.parameters.end()) fail(preset.name, std::string("parameters.") + field.jsonKey, "missing");
        parameters[field.jsonKey] = std::round(static_cast<double>(found->second) * 1000.0) / 1000.0;  // 3 decimals read well
    }
    root["parameters"] = parameters;
    return root.dump(2) + "\n";
}

}  // namespace mynah::plugin
