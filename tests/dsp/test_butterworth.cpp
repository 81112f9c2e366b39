// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "mynah/dsp/butterworth.h"

using namespace mynah::dsp;

namespace {
double gainDb(const std::vector<Biquad>& s, double hz, double rate) {
    return 20.0 * std::log10(std::abs(cascadeResponse(s, 2.0 * std::numbers::pi * hz / rate)));
}
}  // namespace

TEST_CASE("Butterworth band-pass: 0 dB at the centre, -3 dB at the edges, 6 x order dB/octave skirts", "[butterworth]") {
    const double rate = GENERATE(16000.0, 48000.0);
    const int order = GENERATE(1, 2, 3, 4);
    struct Band { double lo, hi; };
    const Band band = GENERATE(Band{40.0, 100.0}, Band{1000.0, 1300.0}, Band{5000.0, 7000.0});
    INFO(rate << " Hz, order " << order << ", band " << band.lo << " - " << band.hi);
    const auto sections = butterworthBandPass(order, band.lo, band.hi, rate);
    REQUIRE(sections.size() == static_cast<size_t>(order));
    // The peak (at the pre-warped centre) is 0 dB; nothing in the band is above it.
    double peakDb = -300.0;
    for (int i = 0; i <= 200; ++i) peakDb = std::max(peakDb, gainDb(sections, band.lo + (band.hi - band.lo) * i / 200.0, rate));
    CHECK(peakDb == Approx(0.0).margin(0.01));
    CHECK(gainDb(sections, band.lo, rate) == Approx(-3.01).margin(0.05));
    CHECK(gainDb(sections, band.hi, rate) == Approx(-3.01).margin(0.05));
    // Well outside the band the response falls by about 6 x order dB per octave.
    const double farLow = band.lo / 4.0;
    CHECK(gainDb(sections, farLow, rate) < -6.0 * order * 1.5);
    for (const Biquad& s : sections) CHECK(s.a2 < 1.0);  // stable: poles inside the unit circle
}

TEST_CASE("Butterworth design rejects impossible bands", "[butterworth]") {
    CHECK_THROWS_AS(butterworthBandPass(2, 100.0, 50.0, 16000.0), std::invalid_argument);
    CHECK_THROWS_AS(butterworthBandPass(2, 100.0, 8000.0, 16000.0), std::invalid_argument);
    CHECK_THROWS_AS(butterworthBandPass(0, 100.0, 200.0, 16000.0), std::invalid_argument);
}
