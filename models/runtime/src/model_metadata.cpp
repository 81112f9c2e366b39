// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/runtime/model_metadata.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "mynah/runtime/model_error.h"

namespace mynah::runtime {
namespace {
using nlohmann::json;

// Field access with one-line errors naming the package and the field.
class Reader {
public:
    Reader(const json& root, const std::string& source) : root_(root), source_(source) {}

    [[noreturn]] void fail(const std::string& what) const { throw ModelError(source_ + ": " + what); }

    const json& object(const json& parent, const char* key, const std::string& path) const {
        if (!parent.contains(key)) fail("metadata has no '" + path + "'");
        const json& v = parent.at(key);
        if (!v.is_object()) fail("metadata field '" + path + "' must be an object");
        return v;
    }
    std::string string(const json& parent, const char* key, const std::string& path) const {
        if (!parent.contains(key)) fail("metadata has no '" + path + "'");
        const json& v = parent.at(key);
        if (!v.is_string()) fail("metadata field '" + path + "' must be a string");
        return v.get<std::string>();
    }
    double number(const json& parent, const char* key, const std::string& path, double lo, double hi) const {
        if (!parent.contains(key)) fail("metadata has no '" + path + "'");
        const json& v = parent.at(key);
        if (!v.is_number()) fail("metadata field '" + path + "' must be a number");
        const double d = v.get<double>();
        if (!std::isfinite(d) || d < lo || d > hi)
            fail("metadata field '" + path + "' = " + v.dump() + " is outside " + std::to_string(lo) + " .. " +
                 std::to_string(hi));
        return d;
    }
    int integer(const json& parent, const char* key, const std::string& path, int lo, int hi) const {
        const double d = number(parent, key, path, lo, hi);
        if (d != std::floor(d)) fail("metadata field '" + path + "' must be a whole number");
        return static_cast<int>(d);
    }
    const json& root() const { return root_; }

private:
    const json& root_;
    const std::string& source_;
};

FeatureInput parseInput(const Reader& r, const std::string& name) {
    if (name == "f0_hz") return FeatureInput::F0Hz;
    if (name == "voiced") return FeatureInput::Voiced;
    if (name == "voicing_confidence") return FeatureInput::VoicingConfidence;
    if (name == "loudness_db") return FeatureInput::LoudnessDb;
    if (name == "log_mel") return FeatureInput::LogMel;
    r.fail("unknown input feature '" + name + "' in features.inputs");
}

// A [low, high] pair of MIDI notes, low <= high.
std::pair<int, int> midiRange(const Reader& r, const json& parent, const char* key, const std::string& path) {
    if (!parent.contains(key) || !parent.at(key).is_array() || parent.at(key).size() != 2)
        r.fail("metadata field '" + path + "' must be a [low, high] pair of MIDI notes");
    const json& pair = parent.at(key);
    for (const json& v : pair)
        if (!v.is_number_integer() || v.get<int>() < 0 || v.get<int>() > 127)
            r.fail("metadata field '" + path + "' must hold MIDI notes 0 .. 127");
    if (pair[0].get<int>() > pair[1].get<int>()) r.fail("metadata field '" + path + "' has low > high");
    return {pair[0].get<int>(), pair[1].get<int>()};
}

InstrumentInfo parseInstrument(const Reader& r, const json& section) {
    InstrumentInfo info;
    info.name = r.string(section, "name", "instrument.name");
    info.gmProgram = r.integer(section, "gm_program", "instrument.gm_program", 0, 127);
    std::tie(info.midiLow, info.midiHigh) = midiRange(r, section, "midi_range", "instrument.midi_range");
    std::tie(info.comfortLow, info.comfortHigh) =
        midiRange(r, section, "comfortable_range", "instrument.comfortable_range");
    if (info.comfortLow < info.midiLow || info.comfortHigh > info.midiHigh)
        r.fail("metadata field 'instrument.comfortable_range' must lie inside 'instrument.midi_range'");
    info.loudnessAtFullDb = r.number(section, "loudness_at_full_db", "instrument.loudness_at_full_db", -100.0, 20.0);
    info.loudnessSlope = r.number(section, "loudness_slope", "instrument.loudness_slope", 0.01, 10.0);
    return info;
}
}  // namespace

float InstrumentInfo::loudnessDbFor(float velocity, float expression) const {
    const auto gainDb = [](float v) { return 40.0 * std::log10(std::clamp(v, 1.0f, 127.0f) / 127.0); };
    return static_cast<float>(loudnessAtFullDb + loudnessSlope * (gainDb(velocity) + gainDb(expression)));
}

int ModelMetadata::numInputs() const {
    int n = 0;
    for (FeatureInput in : inputs) n += in == FeatureInput::LogMel ? numMels : 1;
    return n;
}

dsp::FeatureConfig ModelMetadata::featureConfig() const {
    dsp::FeatureConfig c;
    c.sampleRateHz = sampleRateHz;
    c.fftSize = fftSize;
    c.hopSamples = hopSamples;
    c.numMels = numMels;
    c.melMinHz = melMinHz;
    c.melMaxHz = melMaxHz;
    c.f0MinHz = f0MinHz;
    c.f0MaxHz = f0MaxHz;
    c.voicingThreshold = voicingThreshold;
    c.silenceGateDb = silenceGateDb;
    c.f0WindowFraction = f0WindowFraction;
    return c;
}

dsp::HnSynthConfig ModelMetadata::synthConfig(double outputRateHz) const {
    dsp::HnSynthConfig c;
    c.numHarmonics = numHarmonics;
    c.noise = dsp::NoiseBandLayout{noiseBands, noiseMinHz, noiseMaxHz, sampleRateHz};
    c.controlRateHz = sampleRateHz;
    c.hopSamples = hopSamples;
    c.outputRateHz = outputRateHz;
    c.harmonicLimitHz = harmonicLimitHz;
    return c;
}

ModelMetadata parseModelMetadata(const std::string& text, const std::string& source) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        throw ModelError(source + ": metadata (mynah.json) is not valid JSON: " + e.what());
    } catch (const json::exception&) {
        // e.g. a number too large for a double: out_of_range, not parse_error (found by fuzz_preset)
        throw ModelError(source + ": metadata (mynah.json) is not valid JSON: a number is out of range");
    }
    Reader r(root, source);
    if (!root.is_object()) r.fail("metadata (mynah.json) is not a JSON object");
    ModelMetadata m;
    if (!root.contains("format_version")) r.fail("metadata has no 'format_version'");
    if (!root.at("format_version").is_number_integer()) r.fail("metadata field 'format_version' must be a whole number");
    m.formatVersion = root.at("format_version").get<int>();
    if (m.formatVersion != kModelFormatVersion)
        r.fail("package format version " + std::to_string(m.formatVersion) + " is not supported (this Mynah reads version " +
               std::to_string(kModelFormatVersion) + ")");

    m.name = r.string(root, "name", "name");
    if (m.name.empty() || m.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
        r.fail("metadata 'name' must be lower-case letters, digits, '_' or '-'");
    m.kind = r.string(root, "kind", "kind");
    if (m.kind != "voice" && m.kind != "instrument") r.fail("metadata 'kind' must be 'voice' or 'instrument', not '" + m.kind + "'");
    m.description = r.string(root, "description", "description");
    m.licence = r.string(root, "licence", "licence");
    m.sampleRateHz = r.number(root, "sample_rate_hz", "sample_rate_hz", 8000.0, 192000.0);
    m.hopSamples = r.integer(root, "hop_samples", "hop_samples", 1, 8192);
    m.fftSize = r.integer(root, "fft_size", "fft_size", 16, 65536);
    if (m.fftSize < m.hopSamples) r.fail("metadata 'fft_size' is smaller than 'hop_samples'");
    m.window = r.string(root, "window", "window");
    if (m.window != "hann_periodic") r.fail("metadata 'window' must be 'hann_periodic', not '" + m.window + "'");

    const json& features = r.object(root, "features", "features");
    if (!features.contains("inputs") || !features.at("inputs").is_array() || features.at("inputs").empty())
        r.fail("metadata 'features.inputs' must be a non-empty list");
    for (const json& in : features.at("inputs")) {
        if (!in.is_string()) r.fail("metadata 'features.inputs' must hold strings");
        m.inputs.push_back(parseInput(r, in.get<std::string>()));
    }
    const double nyquist = m.sampleRateHz / 2;
    m.numMels = r.integer(features, "n_mels", "features.n_mels", 1, 512);
    m.melMinHz = r.number(features, "mel_min_hz", "features.mel_min_hz", 0.0, nyquist);
    m.melMaxHz = r.number(features, "mel_max_hz", "features.mel_max_hz", m.melMinHz + 1.0, nyquist);
    m.f0MinHz = r.number(features, "f0_min_hz", "features.f0_min_hz", 10.0, nyquist);
    m.f0MaxHz = r.number(features, "f0_max_hz", "features.f0_max_hz", m.f0MinHz + 1.0, nyquist - 1.0);
    m.voicingThreshold = static_cast<float>(r.number(features, "voicing_threshold", "features.voicing_threshold", 0.0, 1.0));
    m.silenceGateDb = static_cast<float>(r.number(features, "silence_gate_db", "features.silence_gate_db", -200.0, 0.0));
    if (features.contains("f0_window_fraction"))
        m.f0WindowFraction = r.number(features, "f0_window_fraction", "features.f0_window_fraction", 0.1, 1.0);

    const json& outputs = r.object(root, "outputs", "outputs");
    m.numHarmonics = r.integer(outputs, "num_harmonics", "outputs.num_harmonics", 1, 1024);
    m.noiseBands = r.integer(outputs, "noise_bands", "outputs.noise_bands", 1, 1024);
    m.noiseMinHz = r.number(outputs, "noise_min_hz", "outputs.noise_min_hz", 1.0, 96000.0);
    m.noiseMaxHz = r.number(outputs, "noise_max_hz", "outputs.noise_max_hz", m.noiseMinHz + 1.0, 96000.0);
    m.harmonicLimitHz = r.number(outputs, "harmonic_limit_hz", "outputs.harmonic_limit_hz", 0.0, 96000.0);

    m.contextFrames = r.integer(root, "context_frames", "context_frames", 0, 4096);
    m.lookaheadFrames = r.integer(root, "lookahead_frames", "lookahead_frames", 0, 64);
    if (root.contains("realtime_chunk_frames"))
        m.realtimeChunkFrames = r.integer(root, "realtime_chunk_frames", "realtime_chunk_frames", 1, 64);
    if (!root.contains("state") || !root.at("state").is_array()) r.fail("metadata 'state' must be a list");
    for (const json& s : root.at("state")) {
        if (!s.is_object()) r.fail("metadata 'state' entries must be objects");
        StateTensorSpec spec;
        spec.name = r.string(s, "name", "state[].name");
        if (!s.contains("shape") || !s.at("shape").is_array() || s.at("shape").empty())
            r.fail("metadata 'state[].shape' of '" + spec.name + "' must be a non-empty list");
        for (const json& d : s.at("shape")) {
            if (!d.is_number_integer() || d.get<long>() < 1 || d.get<long>() > (1L << 20))
                r.fail("metadata 'state[].shape' of '" + spec.name + "' must hold positive whole numbers");
            spec.shape.push_back(d.get<long>());
        }
        m.state.push_back(spec);
    }
    if (root.contains("targets")) {
        if (!root.at("targets").is_array()) r.fail("metadata 'targets' must be a list");
        for (const json& t : root.at("targets")) {
            if (!t.is_string()) r.fail("metadata 'targets' must hold strings");
            m.targets.push_back(t.get<std::string>());
        }
    }
    if (m.kind == "instrument") {
        m.instrument = parseInstrument(r, r.object(root, "instrument", "instrument"));
        m.hasInstrument = true;
    }
    m.trainingJson = r.object(root, "training", "training").dump();
    m.metricsJson = r.object(root, "metrics", "metrics").dump();
    return m;
}

}  // namespace mynah::runtime
