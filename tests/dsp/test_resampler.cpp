// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <vector>

#include "mynah/dsp/resampler.h"
#include "test_signals.h"

using mynah::dsp::Resampler;

namespace {
// Least-squares fit of a sinusoid at a known frequency; returns {amplitude, residual RMS}.
std::pair<double, double> fitSine(const std::vector<float>& y, size_t begin, size_t end, double hz, double rate) {
    double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
    for (size_t i = begin; i < end; ++i) {
        const double s = std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / rate);
        const double c = std::cos(2 * std::numbers::pi * hz * static_cast<double>(i) / rate);
        ss += s * s; sc += s * c; cc += c * c; ys += y[i] * s; yc += y[i] * c;
    }
    const double det = ss * cc - sc * sc;
    const double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
    double residual = 0.0;
    for (size_t i = begin; i < end; ++i) {
        const double t = 2 * std::numbers::pi * hz * static_cast<double>(i) / rate;
        const double r = y[i] - a * std::sin(t) - b * std::cos(t);
        residual += r * r;
    }
    return {std::hypot(a, b), std::sqrt(residual / static_cast<double>(end - begin))};
}
}  // namespace

TEST_CASE("resampler converts between 44.1, 48, 88.2 and 96 kHz keeping frequency and level", "[resampler]") {
    const double from = GENERATE(44100.0, 48000.0, 88200.0, 96000.0);
    const double to = GENERATE(44100.0, 48000.0, 88200.0, 96000.0);
    INFO(from << " Hz -> " << to << " Hz");
    Resampler resampler(from, to);
    const double hz = 997.0;
    const auto x = mynah::test::sine(from, static_cast<size_t>(from), hz, 0.5);
    std::vector<float> y;
    std::vector<float> block(16384);
    size_t pos = 0;
    for (int b : mynah::test::randomBlocks(x.size(), 4096, 3)) {
        const size_t n = resampler.process(x.data() + pos, static_cast<size_t>(b), block.data(), block.size());
        y.insert(y.end(), block.begin(), block.begin() + static_cast<long>(n));
        pos += static_cast<size_t>(b);
    }
    for (size_t n; (n = resampler.flush(block.data(), block.size())) > 0;) y.insert(y.end(), block.begin(), block.begin() + static_cast<long>(n));
    // Output length matches the rate ratio (within the filter's edge samples).
    CHECK(std::abs(static_cast<double>(y.size()) - x.size() * to / from) <= 2.0);
    // The middle of the output is the same sine at the new rate: level within 0.01 dB, residual < -90 dB.
    const auto [amplitude, residual] = fitSine(y, y.size() / 4, 3 * y.size() / 4, hz, to);
    CHECK(20 * std::log10(amplitude / 0.5) == Approx(0.0).margin(0.01));
    CHECK(20 * std::log10(residual / amplitude) < -90.0);
}

TEST_CASE("resampler rejects bad rates", "[resampler]") {
    CHECK_THROWS_AS(Resampler(0.0, 48000.0), std::invalid_argument);
    CHECK_THROWS_AS(Resampler(48000.0, -1.0), std::invalid_argument);
}
