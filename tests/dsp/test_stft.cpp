// SPDX-License-Identifier: GPL-3.0-or-later
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "mynah/dsp/stft.h"
#include "test_signals.h"

using namespace mynah::dsp;

namespace {
// Streams x through a fresh processor in the given blocks and returns the output.
std::vector<float> streamThrough(const StftConfig& config, const std::vector<float>& x, const std::vector<int>& blocks) {
    StftProcessor processor(config);
    std::vector<float> y(x.size());
    size_t pos = 0;
    for (int b : blocks) {
        processor.process(x.data() + pos, y.data() + pos, b);
        pos += static_cast<size_t>(b);
    }
    return y;
}

// Max |y[t] - x[t - delay]| over the whole output (x is zero before t = 0).
double maxErrorAtDelay(const std::vector<float>& x, const std::vector<float>& y, int delay) {
    double e = 0.0;
    for (size_t t = 0; t < y.size(); ++t) {
        const long src = static_cast<long>(t) - delay;
        const float expected = src >= 0 ? x[static_cast<size_t>(src)] : 0.0f;
        e = std::max(e, static_cast<double>(std::abs(y[t] - expected)));
    }
    return e;
}
}  // namespace

TEST_CASE("streaming STFT -> ISTFT reconstructs perfectly with exactly the documented latency", "[stft]") {
    struct Case { int fft, hop; FftBackend backend; };
    const Case c = GENERATE(Case{512, 128, FftBackend::Fftw}, Case{1024, 256, FftBackend::Fftw},
                            Case{2048, 512, FftBackend::Kiss}, Case{1024, 512, FftBackend::Fftw},
                            Case{1000, 250, FftBackend::Kiss}, Case{480, 120, FftBackend::Fftw});
    const int blockSize = GENERATE(1, 7, 64, 480, 8192, 0 /* random sizes 1..8192 */);
    const StftConfig config{c.fft, c.hop, c.backend};
    INFO("fft " << c.fft << " hop " << c.hop << " " << toString(c.backend) << " block " << blockSize);

    const size_t n = 30000;
    std::vector<float> x = mynah::test::whiteNoise(n, 0.3, 7);
    std::vector<int> blocks;
    if (blockSize == 0) {
        blocks = mynah::test::randomBlocks(n, 8192, 11);
    } else {
        for (size_t done = 0; done < n; done += static_cast<size_t>(blockSize))
            blocks.push_back(static_cast<int>(std::min<size_t>(static_cast<size_t>(blockSize), n - done)));
    }
    const std::vector<float> y = streamThrough(config, x, blocks);

    const int latency = StftProcessor(config).latencySamples();
    CHECK(latency == c.fft - 1);
    CHECK(maxErrorAtDelay(x, y, latency) <= 1e-5);
    // Being off by one sample is a gross error: the latency is exact, not approximate.
    CHECK(maxErrorAtDelay(x, y, latency - 1) > 1e-2);
    CHECK(maxErrorAtDelay(x, y, latency + 1) > 1e-2);
}

TEST_CASE("STFT output does not depend on the block sequence", "[stft]") {
    const StftConfig config{1024, 256, FftBackend::Fftw};
    const std::vector<float> x = mynah::test::whiteNoise(20000, 0.3, 3);
    const auto a = streamThrough(config, x, mynah::test::randomBlocks(x.size(), 8192, 5));
    const auto b = streamThrough(config, x, mynah::test::randomBlocks(x.size(), 3, 6));
    CHECK(a == b);
}

TEST_CASE("spectral changes apply: zeroing every bin gives silence", "[stft]") {
    StftProcessor processor({512, 128, FftBackend::Fftw});
    std::vector<float> x = mynah::test::whiteNoise(4096, 0.3, 9), y(x.size());
    processor.process(x.data(), y.data(), static_cast<int>(x.size()),
                      [](std::complex<float>* bins, int n) { std::fill(bins, bins + n, std::complex<float>{}); });
    for (float v : y) REQUIRE(v == 0.0f);
}

TEST_CASE("STFT rejects configurations that cannot reconstruct", "[stft]") {
    CHECK_THROWS_AS(StftProcessor({512, 0, FftBackend::Fftw}), std::invalid_argument);
    CHECK_THROWS_AS(StftProcessor({512, 600, FftBackend::Fftw}), std::invalid_argument);
    CHECK_THROWS_AS(StftProcessor({512, 512, FftBackend::Fftw}), std::invalid_argument);  // Hann has zeros
}
