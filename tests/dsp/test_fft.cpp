// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "mynah/dsp/fft.h"
#include "test_signals.h"

using namespace mynah::dsp;

namespace {
std::vector<std::complex<double>> naiveDft(const std::vector<float>& x) {
    const size_t n = x.size();
    std::vector<std::complex<double>> out(n / 2 + 1);
    for (size_t k = 0; k <= n / 2; ++k) {
        std::complex<double> sum = 0.0;
        for (size_t t = 0; t < n; ++t) {
            // Reduce k*t mod n first so the angle stays exact for large sizes.
            const double angle = -2.0 * std::numbers::pi * static_cast<double>((k * t) % n) / static_cast<double>(n);
            sum += static_cast<double>(x[t]) * std::complex<double>(std::cos(angle), std::sin(angle));
        }
        out[k] = sum;
    }
    return out;
}
}  // namespace

TEST_CASE("both FFT backends match a naive DFT for sizes 64 to 8192, powers of two or not", "[fft]") {
    const auto backend = GENERATE(FftBackend::Fftw, FftBackend::Kiss);
    const int size = GENERATE(64, 100, 127, 256, 480, 1000, 1024, 1536, 2047, 4096, 6000, 8192);
    INFO("backend " << toString(backend) << ", size " << size);
    const std::vector<float> x = mynah::test::whiteNoise(static_cast<size_t>(size), 0.5, static_cast<unsigned>(size));
    auto fft = makeRealFft(backend, size);
    REQUIRE(fft->numBins() == size / 2 + 1);
    std::vector<std::complex<float>> spectrum(static_cast<size_t>(fft->numBins()));
    fft->forward(x.data(), spectrum.data());

    const auto reference = naiveDft(x);
    double errorNorm = 0.0, referenceNorm = 0.0;
    for (size_t k = 0; k < reference.size(); ++k) {
        errorNorm += std::norm(std::complex<double>(spectrum[k]) - reference[k]);
        referenceNorm += std::norm(reference[k]);
    }
    CHECK(std::sqrt(errorNorm / referenceNorm) <= 1e-4);

    std::vector<float> back(static_cast<size_t>(size));
    fft->inverse(spectrum.data(), back.data());
    double maxError = 0.0;
    for (int i = 0; i < size; ++i) maxError = std::max(maxError, static_cast<double>(std::abs(back[i] - x[i])));
    CHECK(maxError <= 1e-5);
}

TEST_CASE("FFT backends are chosen by name at run time and reject bad input", "[fft]") {
    CHECK(parseFftBackend("fftw") == FftBackend::Fftw);
    CHECK(parseFftBackend("kiss") == FftBackend::Kiss);
    CHECK(makeRealFft(parseFftBackend("kiss"), 64)->backend() == FftBackend::Kiss);
    CHECK_THROWS_WITH(parseFftBackend("mkl"), Catch::Contains("mkl"));
    CHECK_THROWS_AS(makeRealFft(FftBackend::Fftw, 1), std::invalid_argument);
    CHECK_THROWS_AS(makeRealFft(FftBackend::Kiss, 0), std::invalid_argument);
}
