// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "mynah/dsp/fft.h"
#include "mynah/dsp/hn_synth.h"
#include "mynah/dsp/window.h"
#include "test_signals.h"

using namespace mynah::dsp;

namespace {
HnSynthConfig configAt(double outputRateHz, int harmonics = 1, int bands = 8) {
    HnSynthConfig c;
    c.numHarmonics = harmonics;
    c.noise = NoiseBandLayout{bands, 40.0, 8000.0, 16000.0};
    c.controlRateHz = 16000.0;
    c.hopSamples = 80;
    c.outputRateHz = outputRateHz;
    return c;
}

// Renders `frames` control frames; controlsFor(k, amplitudes, gains) returns frame k's F0.
template <class ControlsFor>
std::vector<float> render(HarmonicNoiseSynth& synth, int frames, ControlsFor&& controlsFor) {
    std::vector<float> amplitudes(static_cast<size_t>(synth.config().numHarmonics), 0.0f);
    std::vector<float> gains(static_cast<size_t>(synth.config().noise.numBands), 0.0f);
    std::vector<float> out, block(static_cast<size_t>(synth.maxFrameSamples()));
    for (int k = 0; k < frames; ++k) {
        const float f0 = controlsFor(k, amplitudes, gains);
        const int n = synth.renderNextFrame({f0, amplitudes.data(), gains.data()}, block.data());
        out.insert(out.end(), block.begin(), block.begin() + n);
    }
    return out;
}

// Magnitude spectrum (Hann, zero-padded) of x, in dB re its peak, with the bin width.
std::vector<double> spectrumDb(const std::vector<float>& x, int fftSize) {
    auto fft = makeRealFft(FftBackend::Fftw, fftSize);
    const auto w = periodicHann(static_cast<int>(x.size()));
    std::vector<float> padded(static_cast<size_t>(fftSize), 0.0f);
    for (size_t i = 0; i < x.size(); ++i) padded[i] = x[i] * w[i];
    std::vector<std::complex<float>> bins(static_cast<size_t>(fft->numBins()));
    fft->forward(padded.data(), bins.data());
    double peak = 1e-30;
    for (const auto& b : bins) peak = std::max(peak, static_cast<double>(std::abs(b)));
    std::vector<double> db;
    for (const auto& b : bins) db.push_back(20.0 * std::log10(std::abs(b) / peak + 1e-12));
    return db;
}
// Mean power spectral density (per Hz) of x between lo and hi Hz: Welch average of Hann periodograms
// of 8192-sample segments with 50 % overlap.
double bandDensity(const std::vector<float>& x, double rate, double lo, double hi) {
    const int n = 8192;
    auto fft = makeRealFft(FftBackend::Fftw, n);
    const auto w = periodicHann(n);
    const double scale = 2.0 / (rate * sumOfSquares(w));
    std::vector<float> windowed(static_cast<size_t>(n));
    std::vector<std::complex<float>> bins(static_cast<size_t>(fft->numBins()));
    double sum = 0.0;
    int count = 0;
    for (size_t start = 0; start + n <= x.size(); start += n / 2) {
        for (int i = 0; i < n; ++i) windowed[i] = x[start + i] * w[i];
        fft->forward(windowed.data(), bins.data());
        for (int k = static_cast<int>(std::ceil(lo * n / rate)); k <= static_cast<int>(hi * n / rate); ++k, ++count)
            sum += std::norm(bins[k]) * scale;
    }
    return sum / count;
}
}  // namespace

TEST_CASE("one harmonic at a known F0 comes out within 0.1 % in frequency at any output rate", "[synth]") {
    const double rate = GENERATE(16000.0, 22050.0, 44100.0, 48000.0, 96000.0);
    const float f0 = GENERATE(110.0f, 440.0f, 1234.5f);
    INFO(rate << " Hz output, F0 " << f0);
    HarmonicNoiseSynth synth(configAt(rate));
    const auto y = render(synth, 400, [&](int, std::vector<float>& a, std::vector<float>&) {
        a[0] = 0.5f;
        return f0;
    });
    REQUIRE(y.size() == static_cast<size_t>(std::llround(400 * 80 * rate / 16000.0)));
    // Frequency from the count of upward zero crossings between the first and last (skip the fade-in).
    long first = -1, last = -1;
    int crossings = 0;
    for (size_t i = y.size() / 10; i + 1 < y.size(); ++i)
        if (y[i] <= 0.0f && y[i + 1] > 0.0f) {
            const double t = static_cast<double>(i) + y[i] / (y[i] - y[i + 1]);
            if (first < 0) first = static_cast<long>(t * 1000);
            last = static_cast<long>(t * 1000);
            ++crossings;
        }
    const double measuredHz = (crossings - 1) / ((last - first) / 1000.0 / rate);
    CHECK(std::abs(measuredHz / f0 - 1.0) < 0.001);
    // Amplitude as requested.
    float peak = 0.0f;
    for (size_t i = y.size() / 2; i < y.size(); ++i) peak = std::max(peak, std::abs(y[i]));
    CHECK(peak == Approx(0.5f).epsilon(0.01));
}

TEST_CASE("phase-continuous across frame boundaries and F0 changes", "[synth]") {
    const double rate = GENERATE(16000.0, 44100.0, 48000.0);
    HarmonicNoiseSynth synth(configAt(rate, 10));
    // F0 jumps between 150 and 300 Hz every frame, amplitudes change every frame.
    const auto y = render(synth, 300, [&](int k, std::vector<float>& a, std::vector<float>&) {
        for (size_t h = 0; h < a.size(); ++h) a[h] = (k % 3 == 0 ? 0.1f : 0.05f) / static_cast<float>(h + 1);
        return k % 2 ? 300.0f : 150.0f;
    });
    // A sum of sinusoids with total amplitude A below f_max moves at most 2 pi f_max A / rate per
    // sample; a phase jump would break that bound at frame boundaries.
    const double amplitudeSum = 0.1 * (1.0 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4 + 1.0 / 5 + 1.0 / 6 + 1.0 / 7 + 1.0 / 8 + 1.0 / 9 + 1.0 / 10);
    double maxStepPerHarmonicBound = 0.0;
    for (int h = 1; h <= 10; ++h) maxStepPerHarmonicBound += 2.0 * std::numbers::pi * 300.0 * h * 0.1 / h / rate;
    double maxStep = 0.0;
    for (size_t i = 1; i < y.size(); ++i) maxStep = std::max(maxStep, static_cast<double>(std::abs(y[i] - y[i - 1])));
    CHECK(maxStep <= maxStepPerHarmonicBound * 1.05 + 1e-6);
    CHECK(maxStep > 0.0);
    CHECK(amplitudeSum > 0.0);
}

TEST_CASE("no energy above Nyquist: harmonics above the limit are muted, nothing aliases", "[synth]") {
    const double rate = GENERATE(16000.0, 48000.0);
    HnSynthConfig config = configAt(rate, 100);
    const float f0 = 1130.0f;  // 100 harmonics reach 113 kHz; aliases would fall between harmonics
    HarmonicNoiseSynth synth(config);
    const auto y = render(synth, 600, [&](int, std::vector<float>& a, std::vector<float>&) {
        std::fill(a.begin(), a.end(), 0.1f);
        return f0;
    });
    const int fftSize = 1 << 17;
    const std::vector<float> tail(y.end() - static_cast<long>(rate), y.end());  // last second
    const auto db = spectrumDb(tail, fftSize);
    const double binHz = rate / fftSize;
    double worstAliasDb = -300.0;
    for (size_t k = 0; k < db.size(); ++k) {
        const double f = k * binHz;
        const double nearestHarmonic = std::round(f / f0) * f0;
        if (std::abs(f - nearestHarmonic) > 30.0) worstAliasDb = std::max(worstAliasDb, db[k]);
    }
    INFO("worst non-harmonic component: " << worstAliasDb << " dB re peak");
    CHECK(worstAliasDb < -90.0);

    SECTION("a lower harmonic limit (the model's Nyquist) mutes everything above it") {
        config.harmonicLimitHz = 4000.0;
        HarmonicNoiseSynth limited(config);
        const auto z = render(limited, 600, [&](int, std::vector<float>& a, std::vector<float>&) {
            std::fill(a.begin(), a.end(), 0.1f);
            return f0;
        });
        const auto zdb = spectrumDb(std::vector<float>(z.end() - static_cast<long>(rate), z.end()), fftSize);
        double above = -300.0;
        for (size_t k = static_cast<size_t>(4050.0 / binHz); k < zdb.size(); ++k) above = std::max(above, zdb[k]);
        CHECK(above < -90.0);
    }
}

TEST_CASE("filtered noise follows the band gains", "[synth]") {
    const int band = 4;
    const double rate = GENERATE(16000.0, 48000.0);
    HarmonicNoiseSynth synth(configAt(rate, 1, 8));
    const auto y = render(synth, 800, [&](int, std::vector<float>& a, std::vector<float>& g) {
        a[0] = 0.0f;
        std::fill(g.begin(), g.end(), 0.0f);
        g[band] = 0.2f;
        return 100.0f;
    });
    const int fftSize = 1 << 15;
    const auto db = spectrumDb(std::vector<float>(y.end() - fftSize, y.end()), fftSize);
    const auto [lo, hi] = noiseBandEdges(synth.config().noise, band);
    size_t peakBin = 0;
    for (size_t k = 0; k < db.size(); ++k)
        if (db[k] > db[peakBin]) peakBin = k;
    const double peakHz = peakBin * rate / fftSize;
    INFO(rate << " Hz: spectral peak at " << peakHz << " Hz, band " << lo << " - " << hi);
    CHECK(peakHz > lo * 0.8);
    CHECK(peakHz < hi * 1.25);
}

TEST_CASE("equal band gains g give the density of white noise of RMS g at the reference rate, at any output rate", "[synth]") {
    const double rate = GENERATE(16000.0, 44100.0, 48000.0);
    const float gain = 0.1f;
    HarmonicNoiseSynth synth(configAt(rate, 1, 16));
    const auto y = render(synth, 1600, [&](int, std::vector<float>& a, std::vector<float>& g) {
        a[0] = 0.0f;
        std::fill(g.begin(), g.end(), gain);
        return 100.0f;
    });
    const double expected = 2.0 * gain * gain / 16000.0;  // one-sided density of that white noise
    const std::vector<float> tail(y.begin() + static_cast<long>(y.size() / 8), y.end());
    for (int band : {2, 6, 10, 13}) {
        const auto [lo, hi] = noiseBandEdges(synth.config().noise, band);
        const double db = 10.0 * std::log10(bandDensity(tail, rate, lo, hi) / expected);
        INFO(rate << " Hz, band " << band << " (" << lo << " - " << hi << " Hz): " << db << " dB off");
        CHECK(std::abs(db) < 0.5);
    }
}

TEST_CASE("a steep spectral tilt keeps every band at its own level: loud bands do not leak into quiet ones", "[synth]") {
    // Speech spectra fall 30-60 dB from low to high bands; with 2nd-order bands the skirts of the loud
    // low bands used to swamp the quiet high ones by 10-40 dB.
    const double rate = GENERATE(16000.0, 48000.0);
    const double tiltDbPerBand = 3.0;  // 93 dB from the first to the last of 32 bands
    HnSynthConfig config = configAt(rate, 1, 32);
    HarmonicNoiseSynth synth(config);
    auto gainOf = [&](int b) { return static_cast<float>(0.3 * std::pow(10.0, -tiltDbPerBand * b / 20.0)); };
    const auto y = render(synth, 1600, [&](int, std::vector<float>& a, std::vector<float>& g) {
        a[0] = 0.0f;
        for (int b = 0; b < 32; ++b) g[b] = gainOf(b);
        return 100.0f;
    });
    const std::vector<float> tail(y.begin() + static_cast<long>(y.size() / 8), y.end());
    for (int band : {4, 12, 20, 28}) {
        const auto [lo, hi] = noiseBandEdges(config.noise, band);
        const double expected = 2.0 * gainOf(band) * gainOf(band) / 16000.0;
        const double db = 10.0 * std::log10(bandDensity(tail, rate, lo, hi) / expected);
        INFO(rate << " Hz, band " << band << " (" << lo << " - " << hi << " Hz): " << db << " dB off");
        CHECK(std::abs(db) < 1.5);
    }
}

TEST_CASE("the first frame fades in, reset() restarts identically", "[synth]") {
    HarmonicNoiseSynth synth(configAt(48000.0, 4, 8));
    auto controls = [](int, std::vector<float>& a, std::vector<float>& g) {
        std::fill(a.begin(), a.end(), 0.2f);
        std::fill(g.begin(), g.end(), 0.01f);
        return 220.0f;
    };
    const auto first = render(synth, 50, controls);
    CHECK(std::abs(first[0]) < 0.01f);
    synth.reset();
    const auto second = render(synth, 50, controls);
    CHECK(first == second);
}

TEST_CASE("over a minute, one harmonic stays on sin(2 pi phase) of the running double-precision phase", "[synth]") {
    // The definition (hn_synth.h): phase += f0(j) / rate per sample, in double, wrapped to [0, 1).
    const double rate = GENERATE(44100.0, 48000.0);
    const float f0 = GENERATE(97.3f, 1234.5f);
    INFO(rate << " Hz output, F0 " << f0);
    HarmonicNoiseSynth synth(configAt(rate));
    std::vector<float> amplitudes{1.0f}, gains(8, 0.0f), block(static_cast<size_t>(synth.maxFrameSamples()));
    double phase = 0.0, worst = 0.0;
    const double invRate = 1.0 / rate;
    const int frames = 60 * 200;  // 60 s of 5 ms frames
    for (int k = 0; k < frames; ++k) {
        const int n = synth.renderNextFrame({f0, amplitudes.data(), gains.data()}, block.data());
        for (int j = 0; j < n; ++j) {
            phase += f0 * invRate;
            phase -= std::floor(phase);
            if (k > 0) worst = std::max(worst, std::abs(block[j] - std::sin(2.0 * std::numbers::pi * phase)));
        }
    }
    INFO("worst |output - sin(2 pi phase)| " << worst);
    CHECK(worst < 1e-6);  // ~1.6e-7 cycles of phase
}

TEST_CASE("noise bank: next(), render() and mixInto() give the same band signals in any block sizes", "[synth]") {
    const NoiseBandLayout layout{13, 40.0, 8000.0, 16000.0};  // not a whole number of SIMD groups
    const int bands = layout.numBands, total = 1000;
    NoiseBank perSample(layout, 48000.0, 5), blocks(layout, 48000.0, 5), mixed(layout, 48000.0, 5);
    std::vector<float> one(static_cast<size_t>(bands)), bySample(static_cast<size_t>(bands) * total);
    for (int j = 0; j < total; ++j) {
        perSample.next(one.data());
        for (int b = 0; b < bands; ++b) bySample[static_cast<size_t>(b) * total + j] = one[b];
    }
    std::vector<float> byBlock(bySample.size());
    for (int start = 0, size = 1; start < total; start += size, size = size * 3 % 151 + 1)
        blocks.render(byBlock.data() + start, total, std::min(size, total - start));
    CHECK(byBlock == bySample);

    // mixInto() with gains ramping over frames of odd lengths: the weighted sum of the same bands.
    std::vector<float> from(static_cast<size_t>(bands)), to(from.size()), ramp(300), out(total, 0.0f);
    double worst = 0.0, peak = 0.0;
    for (int start = 0, n = 7; start < total; start += n, n = n * 5 % 293 + 1) {
        n = std::min(n, total - start);
        for (int b = 0; b < bands; ++b) {
            from[b] = to[b];
            to[b] = 0.01f * static_cast<float>((b * 7 + start) % 11);
        }
        for (int j = 0; j < n; ++j) ramp[j] = static_cast<float>(j + 1) / static_cast<float>(n);
        mixed.mixInto(from.data(), to.data(), ramp.data(), out.data() + start, n);
        for (int j = 0; j < n; ++j) {
            double expected = 0.0;
            for (int b = 0; b < bands; ++b) {
                const double band = bySample[static_cast<size_t>(b) * total + start + j];
                expected += (from[b] + (to[b] - from[b]) * ramp[j]) * band;
            }
            worst = std::max(worst, std::abs(out[start + j] - expected));
            peak = std::max(peak, std::abs(expected));
        }
    }
    INFO("worst |mixInto - sum of gains x bands| " << worst << ", peak " << peak);
    CHECK(peak > 0.01);
    CHECK(worst < 1e-5 * peak);
}
