// SPDX-License-Identifier: GPL-3.0-or-later
// Timings of the dsp/ library, reported per second of audio processed.
//
// Every "per second of audio" benchmark processes exactly one second of audio per iteration, so its
// reported CPU time *is* the CPU time per second of audio. Two counters restate that:
//   cpu_share_pct   = 100 * CPU time / audio time: percent of one core needed to keep up in real time
//   x_realtime      = audio time / CPU time: how many times faster than real time
// Construction (FFT planning, allocation) and test-signal generation happen before the timed loop.
// Input is fed in blocks of kBlockSamples, like a host's audio callback.
//
// Run: build/bin/mynah_dsp_bench --benchmark_min_time=0.2   (docs/BENCHMARKS.md has the full recipe)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <ctime>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "mynah/dsp/features.h"
#include "mynah/dsp/fft.h"
#include "mynah/dsp/hn_synth.h"
#include "mynah/dsp/pitch_yin.h"
#include "mynah/dsp/resynthesis.h"
#include "mynah/dsp/stft.h"

namespace {

using mynah::dsp::FftBackend;

constexpr int kBlockSamples = 256;      // host block size used to feed streaming processors
constexpr double kSynthRateHz = 48000.0;
constexpr int kSynthHarmonics = 100;
constexpr int kSynthBands = 32;

FftBackend backendArg(std::int64_t v) { return v == 0 ? FftBackend::Fftw : FftBackend::Kiss; }

// CPU time of the calling thread (what Google Benchmark's "CPU" column measures too).
double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Percent-of-one-core and times-real-time counters from the CPU time the timed loop took (measured
// around it with threadCpuSeconds()) and the audio it processed (audioSecondsPerIteration each).
// Computed here rather than with Counter::kIsRate | kInvert so that the console shows plain numbers.
void setRealtimeCounters(benchmark::State& state, double loopCpuSeconds, double audioSecondsPerIteration) {
    const double audioSeconds = audioSecondsPerIteration * static_cast<double>(state.iterations());
    state.counters["cpu_share_pct"] = 100.0 * loopCpuSeconds / audioSeconds;
    state.counters["x_realtime"] = audioSeconds / loopCpuSeconds;
}

// One second of a 150 Hz harmonic tone (10 harmonics, amplitude 0.3/k, no aliasing) plus white noise
// 40 dB below the fundamental.
std::vector<float> harmonicTone(double rateHz) {
    const int n = static_cast<int>(rateHz);
    std::vector<float> x(static_cast<size_t>(n));
    std::mt19937 rng(1234);
    std::normal_distribution<float> noise(0.0f, 0.003f);
    const double f0 = 150.0;
    for (int i = 0; i < n; ++i) {
        double v = 0.0;
        for (int k = 1; k <= 10 && k * f0 < rateHz / 2; ++k)
            v += 0.3 / k * std::sin(2.0 * std::numbers::pi * k * f0 * i / rateHz);
        x[static_cast<size_t>(i)] = static_cast<float>(v) + noise(rng);
    }
    return x;
}

std::vector<float> whiteNoise(int n) {
    std::vector<float> x(static_cast<size_t>(n));
    std::mt19937 rng(99);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (auto& v : x) v = u(rng);
    return x;
}

// ---------------------------------------------------------------------------------------------------
// Feature extraction (STFT + log-mel + loudness + YIN F0), streaming, one second of audio per iteration.

mynah::dsp::FeatureConfig featureConfig(double rateHz, int fftSize, FftBackend backend) {
    auto config = mynah::dsp::FeatureConfig::forSampleRate(rateHz);  // 5 ms hop
    config.fftSize = fftSize;
    config.backend = backend;
    if (rateHz == 48000.0) config.melMaxHz = 8000.0;  // as forSampleRate does; explicit for the record
    return config;
}

// Feeds one second of `x` through the extractor; returns the number of frames produced and adds the
// voiced frames' F0 to f0Sum / voicedCount.
int pushSecond(mynah::dsp::FeatureExtractor& extractor, const std::vector<float>& x, double& f0Sum,
               int& voicedCount) {
    int frames = 0;
    float sink = 0.0f;
    const int n = static_cast<int>(x.size());
    for (int start = 0; start < n; start += kBlockSamples) {
        extractor.push(x.data() + start, std::min(kBlockSamples, n - start),
                       [&](const mynah::dsp::FeatureFrame& f) {
                           ++frames;
                           sink += f.logMel[0] + f.loudnessDb;
                           if (f.voiced) {
                               f0Sum += f.f0Hz;
                               ++voicedCount;
                           }
                       });
    }
    benchmark::DoNotOptimize(sink);
    return frames;
}

// Args: sample rate (Hz), FFT size, backend (0 = FFTW, 1 = KissFFT).
void BM_Features(benchmark::State& state) {
    const double rate = static_cast<double>(state.range(0));
    const auto backend = backendArg(state.range(2));
    mynah::dsp::FeatureExtractor extractor(featureConfig(rate, static_cast<int>(state.range(1)), backend));
    const auto x = harmonicTone(rate);
    double f0Sum = 0.0;
    int voiced = 0;
    int frames = 0;
    const double t0 = threadCpuSeconds();
    for (auto _ : state) frames = pushSecond(extractor, x, f0Sum, voiced);
    setRealtimeCounters(state, threadCpuSeconds() - t0, 1.0);
    state.counters["frames_per_s"] = frames;
    state.counters["mean_f0_hz"] = voiced > 0 ? f0Sum / voiced : 0.0;  // sanity: the tone is 150 Hz
    state.SetLabel(std::string(mynah::dsp::toString(backend)) + " hop " +
                   std::to_string(extractor.config().hopSamples) + " history " +
                   std::to_string(extractor.historySamples()));
}

// YIN alone, once per 5 ms hop for one second (the per-frame share of BM_Features that does not depend
// on the STFT size). Args: sample rate, backend.
void BM_YinOnly(benchmark::State& state) {
    const double rate = static_cast<double>(state.range(0));
    const auto backend = backendArg(state.range(1));
    mynah::dsp::PitchConfig pc;
    pc.sampleRateHz = rate;
    pc.f0MaxHz = std::min(pc.f0MaxHz, rate / 2 - 1.0);
    pc.backend = backend;
    mynah::dsp::YinPitchTracker yin(pc);
    const auto x = harmonicTone(rate);
    const int hop = static_cast<int>(std::lround(rate * 0.005));
    const int seg = yin.segmentSamples();
    float sink = 0.0f;
    const int hopsPerSecond = static_cast<int>(std::lround(rate / hop));
    const int span = static_cast<int>(x.size()) - seg;  // segment starts wrap around inside the second
    const double t0 = threadCpuSeconds();
    for (auto _ : state) {
        for (int i = 0; i < hopsPerSecond; ++i) sink += yin.analyze(x.data() + (i * hop) % span).f0Hz;
        benchmark::DoNotOptimize(sink);
    }
    setRealtimeCounters(state, threadCpuSeconds() - t0, 1.0);
    state.SetLabel(std::string(mynah::dsp::toString(backend)) + " segment " + std::to_string(seg));
}

// Times `processor.process(in, out, n)` over 1 s of the harmonic tone at `rate`, in host-sized blocks.
template <class Processor>
void timeBlockProcessor(benchmark::State& state, Processor& processor, double rate) {
    const auto x = harmonicTone(rate);
    std::vector<float> y(x.size());
    const int n = static_cast<int>(x.size());
    const double t0 = threadCpuSeconds();
    for (auto _ : state) {
        for (int start = 0; start < n; start += kBlockSamples)
            processor.process(x.data() + start, y.data() + start, std::min(kBlockSamples, n - start));
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    setRealtimeCounters(state, threadCpuSeconds() - t0, 1.0);
}

// ---------------------------------------------------------------------------------------------------
// STFT -> ISTFT round trip (StftProcessor, no spectral change), hop = fftSize / 4.
// Args: sample rate (Hz), FFT size, backend.
void BM_StftRoundTrip(benchmark::State& state) {
    const double rate = static_cast<double>(state.range(0));
    const int fftSize = static_cast<int>(state.range(1));
    const auto backend = backendArg(state.range(2));
    mynah::dsp::StftProcessor stft(mynah::dsp::StftConfig{fftSize, fftSize / 4, backend});
    timeBlockProcessor(state, stft, rate);
    state.SetLabel(std::string(mynah::dsp::toString(backend)) + " hop " + std::to_string(fftSize / 4));
}

// ---------------------------------------------------------------------------------------------------
// Harmonic-plus-noise synthesiser: one second of 48 kHz output per iteration.

// Control frames for one second: F0 gliding 110 -> 220 -> 110 Hz (triangle), every harmonic amplitude
// non-zero (~1/k with a slow per-frame wobble), every noise band gain non-zero.
struct SynthControls {
    int framesPerSecond = 0;
    std::vector<float> f0;          // per frame
    std::vector<float> amplitudes;  // frames x harmonics
    std::vector<float> gains;       // frames x bands
};

SynthControls makeSynthControls(int framesPerSecond, int harmonics, int bands) {
    SynthControls c;
    c.framesPerSecond = framesPerSecond;
    c.f0.resize(static_cast<size_t>(framesPerSecond));
    c.amplitudes.resize(static_cast<size_t>(framesPerSecond * harmonics));
    c.gains.resize(static_cast<size_t>(framesPerSecond * bands));
    for (int f = 0; f < framesPerSecond; ++f) {
        const double t = static_cast<double>(f) / framesPerSecond;  // 0 .. 1
        const double tri = t < 0.5 ? 2.0 * t : 2.0 - 2.0 * t;       // 0 -> 1 -> 0
        c.f0[static_cast<size_t>(f)] = static_cast<float>(110.0 + 110.0 * tri);
        for (int k = 1; k <= harmonics; ++k)
            c.amplitudes[static_cast<size_t>(f * harmonics + k - 1)] =
                static_cast<float>(0.2 / k * (1.0 + 0.2 * std::sin(2.0 * std::numbers::pi * (3.0 * t + 0.01 * k))));
        for (int b = 0; b < bands; ++b)
            c.gains[static_cast<size_t>(f * bands + b)] =
                static_cast<float>(0.01 * (1.0 + 0.5 * std::sin(2.0 * std::numbers::pi * (2.0 * t + 0.1 * b))));
    }
    return c;
}

mynah::dsp::HnSynthConfig synthConfig(double controlRateHz, int hop, int harmonics) {
    mynah::dsp::HnSynthConfig config;
    config.numHarmonics = harmonics;
    config.noise.numBands = kSynthBands;
    config.controlRateHz = controlRateHz;
    config.hopSamples = hop;
    config.outputRateHz = kSynthRateHz;
    return config;
}

// Renders one second (all of `controls`' frames); returns output samples rendered.
int renderSecond(mynah::dsp::HarmonicNoiseSynth& synth, const SynthControls& controls, int harmonics, int bands,
                 std::vector<float>& out) {
    int total = 0;
    for (int f = 0; f < controls.framesPerSecond; ++f) {
        mynah::dsp::HnControls c;
        c.f0Hz = controls.f0[static_cast<size_t>(f)];
        c.harmonicAmplitudes = controls.amplitudes.data() + static_cast<size_t>(f) * static_cast<size_t>(harmonics);
        c.noiseBandGains = controls.gains.data() + static_cast<size_t>(f) * static_cast<size_t>(bands);
        total += synth.renderNextFrame(c, out.data());
        benchmark::DoNotOptimize(out.data());
    }
    return total;
}

// Args: control rate (Hz), control hop (samples), number of harmonics.
void BM_HnSynth(benchmark::State& state) {
    const double controlRate = static_cast<double>(state.range(0));
    const int hop = static_cast<int>(state.range(1));
    const int harmonics = static_cast<int>(state.range(2));
    mynah::dsp::HarmonicNoiseSynth synth(synthConfig(controlRate, hop, harmonics));
    const int framesPerSecond = static_cast<int>(std::lround(controlRate / hop));
    const auto controls = makeSynthControls(framesPerSecond, harmonics, kSynthBands);
    std::vector<float> out(static_cast<size_t>(synth.maxFrameSamples()));
    int samples = 0;
    const double t0 = threadCpuSeconds();
    for (auto _ : state) {
        samples = renderSecond(synth, controls, harmonics, kSynthBands, out);
        benchmark::ClobberMemory();
    }
    // samples is exactly one second's worth: the frame clock never drifts.
    setRealtimeCounters(state, threadCpuSeconds() - t0, samples / kSynthRateHz);
    state.counters["out_samples"] = samples;
}

// ---------------------------------------------------------------------------------------------------
// Analysis + synthesis at 48 kHz in one loop: features (FFTW, 5 ms hop) on one second of input and the
// synthesiser (100 harmonics, 32 bands, controls at 16 kHz hop 80) rendering one second of output.
// Args: FFT size.
void BM_AnalysisPlusSynthesis48k(benchmark::State& state) {
    const int fftSize = static_cast<int>(state.range(0));
    mynah::dsp::FeatureExtractor extractor(featureConfig(48000.0, fftSize, FftBackend::Fftw));
    mynah::dsp::HarmonicNoiseSynth synth(synthConfig(16000.0, 80, kSynthHarmonics));
    const auto x = harmonicTone(48000.0);
    const auto controls = makeSynthControls(200, kSynthHarmonics, kSynthBands);
    std::vector<float> out(static_cast<size_t>(synth.maxFrameSamples()));
    double f0Sum = 0.0;
    int voiced = 0;
    const double t0 = threadCpuSeconds();
    for (auto _ : state) {
        pushSecond(extractor, x, f0Sum, voiced);
        renderSecond(synth, controls, kSynthHarmonics, kSynthBands, out);
        benchmark::ClobberMemory();
    }
    setRealtimeCounters(state, threadCpuSeconds() - t0, 1.0);
}

// ---------------------------------------------------------------------------------------------------
// `mynah resynth`'s whole path: DspResynthesizer (features + short-window level + 150-harmonic,
// 32-band synthesis) on 1 s of a harmonic tone, default config for the rate. Arg: sample rate.
void BM_DspResynthesis(benchmark::State& state) {
    const double rate = static_cast<double>(state.range(0));
    mynah::dsp::DspResynthesizer resynth(mynah::dsp::FeatureConfig::forSampleRate(rate));
    timeBlockProcessor(state, resynth, rate);
}

// ---------------------------------------------------------------------------------------------------
// Raw real FFT, forward only, one transform per iteration. Args: size, backend.
void BM_FftForward(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    const auto backend = backendArg(state.range(1));
    auto fft = mynah::dsp::makeRealFft(backend, n);
    const auto x = whiteNoise(n);
    std::vector<std::complex<float>> spectrum(static_cast<size_t>(fft->numBins()));
    const double t0 = threadCpuSeconds();
    for (auto _ : state) {
        fft->forward(x.data(), spectrum.data());
        benchmark::DoNotOptimize(spectrum.data());
        benchmark::ClobberMemory();
    }
    const double cpuSeconds = threadCpuSeconds() - t0;
    state.SetItemsProcessed(state.iterations());  // transforms per second
    // Cost of one transform per 5 ms hop (200 per second), as a share of one core.
    state.counters["cpu_pct_at_200_per_s"] = 100.0 * 200.0 * cpuSeconds / static_cast<double>(state.iterations());
    state.SetLabel(std::string(mynah::dsp::toString(backend)));
}

void featureArgs(benchmark::internal::Benchmark* b) {
    b->ArgNames({"rate", "fft", "kiss"});
    for (int rate : {16000, 48000})
        for (int fft : {512, 1024, 2048})
            for (int backend : {0, 1}) b->Args({rate, fft, backend});
}

}  // namespace

BENCHMARK(BM_Features)->Apply(featureArgs)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_YinOnly)
    ->ArgNames({"rate", "kiss"})
    ->Args({16000, 0})
    ->Args({16000, 1})
    ->Args({48000, 0})
    ->Args({48000, 1})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StftRoundTrip)->Apply(featureArgs)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HnSynth)
    ->ArgNames({"ctl_rate", "hop", "harmonics"})
    ->Args({16000, 80, kSynthHarmonics})
    ->Args({48000, 240, kSynthHarmonics})
    ->Args({16000, 80, 1})  // breakdown: noise bank + per-sample phase, almost no harmonic work
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnalysisPlusSynthesis48k)->ArgName("fft")->Arg(1024)->Arg(2048)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DspResynthesis)->ArgName("rate")->Arg(16000)->Arg(48000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FftForward)
    ->ArgNames({"n", "kiss"})
    ->ArgsProduct({{512, 1024, 2048}, {0, 1}})
    ->Unit(benchmark::kNanosecond);

BENCHMARK_MAIN();
