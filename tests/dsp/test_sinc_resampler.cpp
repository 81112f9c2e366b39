// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <vector>

#include "mynah/dsp/sinc_resampler.h"
#include "test_signals.h"

using mynah::dsp::SincResampler;

namespace {
std::vector<float> resample(double from, double to, const std::vector<float>& x, const std::vector<int>& blocks) {
    SincResampler r(from, to, 8192);
    std::vector<float> y, buffer(static_cast<size_t>(r.maxOutputFor(8192)));
    size_t pos = 0;
    for (int b : blocks) {
        const int n = r.process(x.data() + pos, b, buffer.data());
        y.insert(y.end(), buffer.begin(), buffer.begin() + n);
        pos += static_cast<size_t>(b);
    }
    return y;
}
}  // namespace

TEST_CASE("sinc resampler: content is not delayed, availability is exactly its look-ahead", "[sinc]") {
    const double from = GENERATE(44100.0, 48000.0, 96000.0, 22050.0, 44100.5 /* no small period: interpolated kernel */);
    const double to = GENERATE(16000.0, 48000.0);
    INFO(from << " -> " << to);
    SincResampler r(from, to, 8192);
    // A band-limited pulse (a Hann-windowed sinc at the lower rate's band) centred on input sample 4000:
    // the output peak sits at 4000 * to / from.
    const size_t n = 12000;
    std::vector<float> x(n, 0.0f);
    const double fc = 0.4 * std::min(from, to) / from;
    for (int i = -200; i <= 200; ++i) {
        const double arg = 2.0 * fc * i;
        const double s = i == 0 ? 1.0 : std::sin(std::numbers::pi * arg) / (std::numbers::pi * arg);
        x[static_cast<size_t>(4000 + i)] = static_cast<float>(s * (0.5 + 0.5 * std::cos(std::numbers::pi * i / 201.0)));
    }
    const auto y = resample(from, to, x, mynah::test::randomBlocks(n, 500, 2));
    // Centre of the pulse: its first moment, exact for a band-limited signal.
    double moment = 0.0, area = 0.0;
    for (size_t i = 0; i < y.size(); ++i) {
        moment += static_cast<double>(i) * y[i];
        area += y[i];
    }
    CHECK(moment / area == Approx(4000.0 * to / from).margin(0.01));
    // Everything computable was produced: output j exists iff floor(j * from / to) + lookahead < n.
    size_t expected = 0;
    while (static_cast<long>(std::floor(static_cast<double>(expected) * from / to)) + r.lookaheadInputSamples() <
           static_cast<long>(n))
        ++expected;
    CHECK(y.size() == expected);
}

TEST_CASE("sinc resampler: passband flat, stopband attenuated, block-size independent", "[sinc]") {
    const double from = 48000.0, to = 16000.0;
    const size_t n = 48000;
    auto level = [&](double hz) {
        const auto x = mynah::test::sine(from, n, hz, 0.5);
        const auto y = resample(from, to, x, mynah::test::randomBlocks(n, 1024, 3));
        double s = 0, c = 0;
        for (size_t i = y.size() / 4; i < 3 * y.size() / 4; ++i) {
            s += y[i] * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / to);
            c += y[i] * std::cos(2 * std::numbers::pi * hz * static_cast<double>(i) / to);
        }
        return 20.0 * std::log10(2.0 * std::hypot(s, c) / static_cast<double>(y.size() / 2) / 0.5 + 1e-12);
    };
    for (double hz : {100.0, 1000.0, 4000.0, 6500.0}) CHECK(level(hz) == Approx(0.0).margin(0.05));
    // A tone above the output Nyquist folds down; it must be strongly attenuated (measured where it folds).
    const auto x = mynah::test::sine(from, n, 9500.0, 0.5);
    const auto y = resample(from, to, x, mynah::test::randomBlocks(n, 1024, 3));
    double rms = 0;
    for (size_t i = y.size() / 4; i < 3 * y.size() / 4; ++i) rms += static_cast<double>(y[i]) * y[i];
    rms = std::sqrt(rms / static_cast<double>(y.size() / 2));
    CHECK(20.0 * std::log10(rms / (0.5 / std::sqrt(2.0))) < -60.0);

    const auto noise = mynah::test::whiteNoise(20000, 0.3, 4);
    CHECK(resample(from, to, noise, mynah::test::randomBlocks(noise.size(), 1, 1)) ==
          resample(from, to, noise, mynah::test::randomBlocks(noise.size(), 8192, 9)));
}
