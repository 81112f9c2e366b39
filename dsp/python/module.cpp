// SPDX-License-Identifier: GPL-3.0-or-later
// mynah_dsp: Python bindings of the dsp/ library for training and parity tests.
//
// Everything here runs the same C++ code as the plugin and the CLI, offline: features() pushes a whole
// signal through FeatureExtractor, hn_synth() renders HarmonicNoiseSynth frame by frame, band_noise()
// steps NoiseBank. Arrays are numpy float32 (inputs of other dtypes are converted); shapes are checked
// and every misuse raises ValueError naming the argument.
//
// Threads: any Python thread; the GIL is released while the C++ code runs.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "mynah/dsp/features.h"
#include "mynah/dsp/frame_clock.h"
#include "mynah/dsp/hn_synth.h"
#include "mynah/dsp/loudness.h"
#include "mynah/dsp/mel.h"
#include "mynah/dsp/noise_bank.h"
#include "mynah/dsp/pitch_yin.h"
#include "mynah/dsp/window.h"

namespace py = pybind11;

namespace {

using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;

[[noreturn]] void fail(const std::string& message) { throw py::value_error(message); }

std::string shapeOf(const py::array& a) {
    std::string s = "(";
    for (py::ssize_t i = 0; i < a.ndim(); ++i) {
        if (i > 0) s += ", ";
        s += std::to_string(a.shape(i));
    }
    s += a.ndim() == 1 ? ",)" : ")";
    return s;
}

void requireDims(const FloatArray& a, py::ssize_t ndim, const char* name, const char* expected) {
    if (a.ndim() != ndim)
        fail(std::string(name) + " must be a " + std::to_string(ndim) + "-D array " + expected + ", got shape " +
             shapeOf(a));
}

void requirePositive(double value, const char* name) {
    if (!(value > 0.0) || !std::isfinite(value))
        fail(std::string(name) + " must be a positive finite number, got " + std::to_string(value));
}

void requireAtLeast(long long value, long long minimum, const char* name) {
    if (value < minimum)
        fail(std::string(name) + " must be >= " + std::to_string(minimum) + ", got " + std::to_string(value));
}

std::uint32_t toSeed(long long seed) {
    if (seed < 0 || seed > 0xFFFFFFFFll) fail("seed must be in 0 .. 2**32-1, got " + std::to_string(seed));
    return static_cast<std::uint32_t>(seed);
}

mynah::dsp::FftBackend toBackend(const std::string& name) {
    try {
        return mynah::dsp::parseFftBackend(name);
    } catch (const std::invalid_argument& e) {
        fail(std::string("backend: ") + e.what());
    }
}

template <class T>
py::array_t<T> zeros1d(py::ssize_t n) {
    py::array_t<T> a(n);
    if (n > 0) std::fill(a.mutable_data(), a.mutable_data() + n, T{});
    return a;
}

py::dict configDict(const mynah::dsp::FeatureConfig& c) {
    py::dict d;
    d["sample_rate_hz"] = c.sampleRateHz;
    d["fft_size"] = c.fftSize;
    d["hop"] = c.hopSamples;
    d["n_mels"] = c.numMels;
    d["mel_min_hz"] = c.melMinHz;
    d["mel_max_hz"] = c.melMaxHz;
    d["f0_min_hz"] = c.f0MinHz;
    d["f0_max_hz"] = c.f0MaxHz;
    d["voicing_threshold"] = c.voicingThreshold;
    d["silence_gate_db"] = c.silenceGateDb;
    d["backend"] = std::string(mynah::dsp::toString(c.backend));
    d["f0_window_fraction"] = c.f0WindowFraction;
    return d;
}

py::dict featureConfig(double sampleRateHz) {
    requirePositive(sampleRateHz, "sample_rate");
    return configDict(mynah::dsp::FeatureConfig::forSampleRate(sampleRateHz));
}

py::dict features(const FloatArray& audio, double sampleRateHz, std::optional<int> fftSize, std::optional<int> hop,
                  std::optional<int> numMels, std::optional<double> melMinHz, std::optional<double> melMaxHz,
                  std::optional<double> f0MinHz, std::optional<double> f0MaxHz,
                  std::optional<float> voicingThreshold, std::optional<float> silenceGateDb,
                  const std::string& backend, bool returnPower, double f0WindowFraction) {
    requireDims(audio, 1, "audio", "[num_samples]");
    requirePositive(sampleRateHz, "sample_rate");
    mynah::dsp::FeatureConfig c = mynah::dsp::FeatureConfig::forSampleRate(sampleRateHz);
    if (fftSize) c.fftSize = *fftSize;
    if (hop) c.hopSamples = *hop;
    if (numMels) c.numMels = *numMels;
    if (melMinHz) c.melMinHz = *melMinHz;
    if (melMaxHz) c.melMaxHz = *melMaxHz;
    if (f0MinHz) c.f0MinHz = *f0MinHz;
    if (f0MaxHz) c.f0MaxHz = *f0MaxHz;
    if (voicingThreshold) c.voicingThreshold = *voicingThreshold;
    if (silenceGateDb) c.silenceGateDb = *silenceGateDb;
    c.backend = toBackend(backend);
    c.f0WindowFraction = f0WindowFraction;
    requireAtLeast(c.fftSize, 2, "fft_size");
    requireAtLeast(c.hopSamples, 1, "hop");
    requireAtLeast(c.numMels, 1, "n_mels");
    if (c.hopSamples > c.fftSize)
        fail("hop (" + std::to_string(c.hopSamples) + ") must not exceed fft_size (" + std::to_string(c.fftSize) + ")");

    mynah::dsp::FeatureExtractor extractor(c);  // throws std::invalid_argument (ValueError) on bad ranges
    const py::ssize_t numSamples = audio.shape(0);
    const py::ssize_t numFrames = numSamples / c.hopSamples;
    const py::ssize_t numBins = extractor.numBins();
    auto f0 = zeros1d<float>(numFrames);
    auto confidence = zeros1d<float>(numFrames);
    auto voiced = zeros1d<bool>(numFrames);
    auto loudness = zeros1d<float>(numFrames);
    py::array_t<float> logMel({numFrames, static_cast<py::ssize_t>(c.numMels)});
    py::array_t<float> power({returnPower ? numFrames : py::ssize_t{0}, numBins});
    {
        float* f0Out = f0.mutable_data();
        float* confidenceOut = confidence.mutable_data();
        bool* voicedOut = voiced.mutable_data();
        float* loudnessOut = loudness.mutable_data();
        float* melOut = logMel.mutable_data();
        float* powerOut = power.mutable_data();
        const float* x = audio.data();
        py::gil_scoped_release release;
        const int mels = c.numMels;
        auto onFrame = [&](const mynah::dsp::FeatureFrame& f) {
            const auto k = static_cast<py::ssize_t>(f.index);
            if (k >= numFrames) return;
            f0Out[k] = f.f0Hz;
            confidenceOut[k] = f.voicingConfidence;
            voicedOut[k] = f.voiced;
            loudnessOut[k] = f.loudnessDb;
            std::copy(f.logMel, f.logMel + mels, melOut + k * mels);
            if (returnPower) std::copy(f.power, f.power + numBins, powerOut + k * numBins);
        };
        constexpr py::ssize_t kBlock = 1 << 20;  // push() counts samples in int
        for (py::ssize_t start = 0; start < numSamples; start += kBlock) {
            const auto n = static_cast<int>(std::min(kBlock, numSamples - start));
            extractor.push(x + start, n, onFrame);
        }
    }
    py::dict d;
    d["f0_hz"] = f0;
    d["confidence"] = confidence;
    d["voiced"] = voiced;
    d["loudness_db"] = loudness;
    d["log_mel"] = logMel;
    if (returnPower) d["power"] = power;
    d["history_samples"] = extractor.historySamples();
    d["latency_samples"] = extractor.latencySamples();
    d["config"] = configDict(c);
    return d;
}

py::array_t<float> melFilterbank(double sampleRateHz, int fftSize, int numMels, double minHz, double maxHz) {
    requirePositive(sampleRateHz, "sample_rate");
    requireAtLeast(fftSize, 2, "fft_size");
    requireAtLeast(numMels, 1, "n_mels");
    const mynah::dsp::MelFilterbank bank(sampleRateHz, fftSize, numMels, minHz, maxHz);
    py::array_t<float> out({static_cast<py::ssize_t>(numMels), static_cast<py::ssize_t>(bank.numBins())});
    std::copy(bank.weights().begin(), bank.weights().end(), out.mutable_data());
    return out;
}

mynah::dsp::NoiseBandLayout layoutOf(int numBands, double minHz, double maxHz, double referenceRateHz) {
    requireAtLeast(numBands, 1, "num_bands");
    requirePositive(minHz, "min_hz");
    requirePositive(referenceRateHz, "reference_rate_hz");
    if (!(maxHz > minHz) || !std::isfinite(maxHz))
        fail("max_hz must be above min_hz (got " + std::to_string(minHz) + " .. " + std::to_string(maxHz) + ")");
    mynah::dsp::NoiseBandLayout layout;
    layout.numBands = numBands;
    layout.minHz = minHz;
    layout.maxHz = maxHz;
    layout.referenceRateHz = referenceRateHz;
    return layout;
}

py::array_t<float> bandNoise(int numBands, double minHz, double maxHz, double referenceRateHz, double outputRateHz,
                             long long seed, long long numSamples) {
    const auto layout = layoutOf(numBands, minHz, maxHz, referenceRateHz);
    requirePositive(outputRateHz, "output_rate_hz");
    requireAtLeast(numSamples, 0, "num_samples");
    mynah::dsp::NoiseBank bank(layout, outputRateHz, toSeed(seed));
    py::array_t<float> out({static_cast<py::ssize_t>(numBands), static_cast<py::ssize_t>(numSamples)});
    float* o = out.mutable_data();
    {
        py::gil_scoped_release release;
        // render() writes [band][sample] with a band stride: straight into the array, in blocks.
        constexpr long long kBlockSamples = 1 << 16;
        for (long long t = 0; t < numSamples; t += kBlockSamples)
            bank.render(o + t, static_cast<std::ptrdiff_t>(numSamples),
                        static_cast<int>(std::min(kBlockSamples, numSamples - t)));
    }
    return out;
}

py::array_t<double> noiseBandEdges(int numBands, double minHz, double maxHz) {
    const auto layout = layoutOf(numBands, minHz, maxHz, 16000.0);
    py::array_t<double> out({static_cast<py::ssize_t>(numBands), py::ssize_t{2}});
    double* o = out.mutable_data();
    for (int b = 0; b < numBands; ++b) {
        const auto e = mynah::dsp::noiseBandEdges(layout, b);
        o[2 * b] = e.lowHz;
        o[2 * b + 1] = e.highHz;
    }
    return out;
}

py::array_t<long long> frameStarts(double controlRateHz, int hop, double outputRateHz, long long numFrames) {
    requirePositive(controlRateHz, "control_rate_hz");
    requirePositive(outputRateHz, "output_rate_hz");
    requireAtLeast(hop, 1, "hop");
    requireAtLeast(numFrames, 0, "num_frames");
    const mynah::dsp::FrameClock clock(controlRateHz, hop, outputRateHz);
    py::array_t<long long> out(static_cast<py::ssize_t>(numFrames + 1));
    for (long long k = 0; k <= numFrames; ++k) out.mutable_data()[k] = clock.frameStart(k);
    return out;
}

py::array_t<float> hnSynth(const FloatArray& f0Hz, const FloatArray& amplitudes, const FloatArray& gains,
                           double controlRateHz, int hop, double outputRateHz, double noiseMinHz, double noiseMaxHz,
                           double harmonicLimitHz, long long seed) {
    requireDims(f0Hz, 1, "f0_hz", "[num_frames]");
    requireDims(amplitudes, 2, "harmonic_amplitudes", "[num_frames, num_harmonics]");
    requireDims(gains, 2, "noise_gains", "[num_frames, num_bands]");
    const py::ssize_t numFrames = f0Hz.shape(0);
    if (amplitudes.shape(0) != numFrames || gains.shape(0) != numFrames)
        fail("f0_hz, harmonic_amplitudes and noise_gains need the same number of frames, got shapes " +
             shapeOf(f0Hz) + ", " + shapeOf(amplitudes) + " and " + shapeOf(gains));
    requireAtLeast(amplitudes.shape(1), 1, "harmonic_amplitudes.shape[1] (num_harmonics)");
    requireAtLeast(gains.shape(1), 1, "noise_gains.shape[1] (num_bands)");
    requirePositive(controlRateHz, "control_rate_hz");
    requirePositive(outputRateHz, "output_rate_hz");
    requireAtLeast(hop, 1, "hop");
    if (!std::isfinite(harmonicLimitHz)) fail("harmonic_limit_hz must be finite");

    mynah::dsp::HnSynthConfig config;
    config.numHarmonics = static_cast<int>(amplitudes.shape(1));
    config.noise = layoutOf(static_cast<int>(gains.shape(1)), noiseMinHz, noiseMaxHz, controlRateHz);
    config.controlRateHz = controlRateHz;
    config.hopSamples = hop;
    config.outputRateHz = outputRateHz;
    config.harmonicLimitHz = harmonicLimitHz;
    config.noiseSeed = toSeed(seed);
    mynah::dsp::HarmonicNoiseSynth synth(config);

    const std::int64_t total = synth.clock().frameStart(numFrames);
    py::array_t<float> out(static_cast<py::ssize_t>(total));
    float* o = out.mutable_data();
    const float* f0 = f0Hz.data();
    const float* a = amplitudes.data();
    const float* g = gains.data();
    const auto k = amplitudes.shape(1);
    const auto b = gains.shape(1);
    {
        py::gil_scoped_release release;
        std::int64_t position = 0;
        for (py::ssize_t t = 0; t < numFrames; ++t) {
            mynah::dsp::HnControls controls;
            controls.f0Hz = f0[t];
            controls.harmonicAmplitudes = a + t * k;
            controls.noiseBandGains = g + t * b;
            position += synth.renderNextFrame(controls, o + position);
        }
        if (position != total) throw std::logic_error("hn_synth: frame lengths do not add up to the clock's total");
    }
    return out;
}

py::array_t<float> periodicHann(int size) {
    requireAtLeast(size, 1, "size");
    const std::vector<float> w = mynah::dsp::periodicHann(size);
    py::array_t<float> out(static_cast<py::ssize_t>(size));
    std::copy(w.begin(), w.end(), out.mutable_data());
    return out;
}

}  // namespace

PYBIND11_MODULE(mynah_dsp, m) {
    m.doc() = "Mynah's C++ dsp/ library (features, noise bank, harmonic-plus-noise synthesiser) for training "
              "and parity tests. Arrays are numpy float32.";

    m.def("feature_config", &featureConfig, py::arg("sample_rate"),
          "FeatureConfig::forSampleRate(sample_rate) as a dict.");

    m.def("features", &features, py::arg("audio"), py::arg("sample_rate"), py::arg("fft_size") = py::none(),
          py::arg("hop") = py::none(), py::arg("n_mels") = py::none(), py::arg("mel_min_hz") = py::none(),
          py::arg("mel_max_hz") = py::none(), py::arg("f0_min_hz") = py::none(), py::arg("f0_max_hz") = py::none(),
          py::arg("voicing_threshold") = py::none(), py::arg("silence_gate_db") = py::none(),
          py::arg("backend") = "fftw", py::arg("return_power") = false, py::arg("f0_window_fraction") = 1.0,
          "Runs FeatureExtractor::push over audio [N] (float32); T = N // hop frames.\n"
          "Unspecified parameters come from feature_config(sample_rate).\n"
          "Returns a dict: f0_hz [T], confidence [T], voiced [T] (bool), loudness_db [T],\n"
          "log_mel [T, n_mels], power [T, fft_size//2+1] (only with return_power=True),\n"
          "history_samples, latency_samples (ints) and config (the FeatureConfig used, as a dict).");

    m.def("mel_filterbank", &melFilterbank, py::arg("sample_rate"), py::arg("fft_size"), py::arg("n_mels"),
          py::arg("min_hz"), py::arg("max_hz"), "MelFilterbank weights, [n_mels, fft_size//2+1] float32.");

    m.def("band_noise", &bandNoise, py::arg("num_bands"), py::arg("min_hz"), py::arg("max_hz"),
          py::arg("reference_rate_hz"), py::arg("output_rate_hz"), py::arg("seed"), py::arg("num_samples"),
          "NoiseBank band signals, [num_bands, num_samples] float32 (NoiseBank::render over the whole length).\n"
          "With reference_rate_hz = the synthesiser's control rate and the same seed, these are the\n"
          "signals hn_synth multiplies by the noise gains.");

    m.def("noise_band_edges", &noiseBandEdges, py::arg("num_bands"), py::arg("min_hz"), py::arg("max_hz"),
          "Lower and upper edge of every noise band in Hz, [num_bands, 2] float64.");

    m.def("frame_starts", &frameStarts, py::arg("control_rate_hz"), py::arg("hop"), py::arg("output_rate_hz"),
          py::arg("num_frames"), "FrameClock::frameStart(k) for k = 0 .. num_frames, int64 [num_frames + 1].");

    m.def("hn_synth", &hnSynth, py::arg("f0_hz"), py::arg("harmonic_amplitudes"), py::arg("noise_gains"),
          py::arg("control_rate_hz"), py::arg("hop"), py::arg("output_rate_hz"), py::arg("noise_min_hz"),
          py::arg("noise_max_hz"), py::arg("harmonic_limit_hz") = 0.0, py::arg("seed") = 1,
          "HarmonicNoiseSynth::renderNextFrame once per control frame: f0_hz [T], harmonic_amplitudes\n"
          "[T, K], noise_gains [T, B] -> audio [frame_starts(...)[T]] float32 at output_rate_hz.\n"
          "The noise band layout's reference rate is control_rate_hz.");

    m.def("periodic_hann", &periodicHann, py::arg("size"), "The analysis window, float32 [size].");
    m.def("a_weighting_gain", &mynah::dsp::aWeightingGain, py::arg("frequency_hz"),
          "A-weighting magnitude, 1.0 at 1 kHz.");

    m.attr("LOG_MEL_FLOOR_POWER") = mynah::dsp::kLogMelFloorPower;
    m.attr("LOUDNESS_FLOOR_DB") = mynah::dsp::kLoudnessFloorDb;
    m.attr("HARMONIC_TAPER_FRACTION") = mynah::dsp::kHarmonicTaperFraction;
}
