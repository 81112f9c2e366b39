// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/pitch_yin.h"

#include "mynah/dsp/power_of_two.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mynah::dsp {
namespace {
// Sums in double over four interleaved partial sums: a single running sum is one long chain of
// dependent additions (add latency per sample); four chains run side by side.
template <class Term>
double sumOver(int n, Term term) {
    double partial[4] = {0.0, 0.0, 0.0, 0.0};
    int j = 0;
    for (; j + 4 <= n; j += 4)
        for (int p = 0; p < 4; ++p) partial[p] += term(j + p);
    for (; j < n; ++j) partial[0] += term(j);
    return (partial[0] + partial[1]) + (partial[2] + partial[3]);
}

double sumOfSquares(const float* x, int n) {
    return sumOver(n, [x](int j) { return static_cast<double>(x[j]) * x[j]; });
}
}  // namespace

namespace {
int maxLagFor(const PitchConfig& config) { return static_cast<int>(std::ceil(config.sampleRateHz / config.f0MinHz)) + 1; }
int windowFor(const PitchConfig& config) {
    return std::max(1, static_cast<int>(std::lround(config.windowFraction * maxLagFor(config))));
}
}  // namespace

int YinPitchTracker::segmentSamplesFor(const PitchConfig& config) { return maxLagFor(config) + windowFor(config) + 2; }

YinPitchTracker::YinPitchTracker(const PitchConfig& config) : config_(config) {
    if (!(config.f0MinHz > 0.0) || !(config.f0MaxHz > config.f0MinHz) || config.f0MaxHz >= config.sampleRateHz / 2)
        throw std::invalid_argument("pitch range needs 0 < f0Min < f0Max < sampleRate/2");
    if (!(config.windowFraction > 0.0) || config.windowFraction > 1.0)
        throw std::invalid_argument("pitch window fraction needs 0 < fraction <= 1");
    minLag_ = std::max(2, static_cast<int>(std::floor(config.sampleRateHz / config.f0MaxHz)) - 1);
    maxLag_ = maxLagFor(config);
    window_ = windowFor(config);
    const int fftSize = static_cast<int>(nextPowerOfTwo(static_cast<size_t>(window_ + maxLag_)));
    fft_ = makeRealFft(config.backend, fftSize);
    head_.assign(static_cast<size_t>(fftSize), 0.0f);
    whole_.assign(static_cast<size_t>(fftSize), 0.0f);
    headSpectrum_.resize(static_cast<size_t>(fft_->numBins()));
    wholeSpectrum_.resize(static_cast<size_t>(fft_->numBins()));
    correlation_.resize(static_cast<size_t>(fftSize));
    difference_.resize(static_cast<size_t>(maxLag_ + 1));
    normalised_.resize(static_cast<size_t>(maxLag_ + 1));
}

PitchEstimate YinPitchTracker::analyze(const float* x) {
    const int w = window_;
    const int length = segmentSamples();

    // Silence gate on the segment's mean square (a full-scale sine has 1/2).
    const double e0 = sumOfSquares(x, w);  // E(0..W), used again below
    const double energyAll = e0 + sumOfSquares(x + w, length - w);
    const double levelDb = 10.0 * std::log10(std::max(2.0 * energyAll / length, 1e-20));
    if (levelDb < config_.silenceGateDb) return {};

    // r(tau) = sum_{j<W} x[j] x[j+tau], as IFFT(conj(FFT(head)) * FFT(whole)); no wrap-around because
    // the FFT is at least W + maxLag long.
    std::copy(x, x + w, head_.begin());
    std::copy(x, x + w + maxLag_, whole_.begin());
    fft_->forward(head_.data(), headSpectrum_.data());
    fft_->forward(whole_.data(), wholeSpectrum_.data());
    // whole * conj(head), written out: std::complex's operator*= guards against NaN (a branch and a
    // library call path per bin) and does not vectorise.
    for (size_t k = 0; k < headSpectrum_.size(); ++k) {
        const float a = wholeSpectrum_[k].real(), b = wholeSpectrum_[k].imag();
        const float c = headSpectrum_[k].real(), d = headSpectrum_[k].imag();
        wholeSpectrum_[k] = {a * c + b * d, b * c - a * d};
    }
    fft_->inverse(wholeSpectrum_.data(), correlation_.data());

    // d(tau) = E(0..W) + E(tau..tau+W) - 2 r(tau), with running sums of squares in double. The
    // running sum of d goes to normalised_ first; the divisions run in a second, independent pass.
    double eTau = e0;
    difference_[0] = 0.0;
    normalised_[0] = 1.0;
    double runningSum = 0.0;
    for (int tau = 1; tau <= maxLag_; ++tau) {
        eTau += static_cast<double>(x[tau + w - 1]) * x[tau + w - 1] - static_cast<double>(x[tau - 1]) * x[tau - 1];
        const double d = std::max(0.0, e0 + eTau - 2.0 * correlation_[tau]);
        difference_[tau] = d;
        runningSum += d;
        normalised_[tau] = runningSum;
    }
    for (int tau = 1; tau <= maxLag_; ++tau)
        normalised_[tau] = normalised_[tau] > 0.0 ? difference_[tau] * tau / normalised_[tau] : 1.0;

    // First dip below the threshold, followed down to its local minimum; else the global minimum.
    int best = -1;
    for (int tau = minLag_; tau < maxLag_; ++tau) {
        if (normalised_[tau] < config_.threshold) {
            while (tau + 1 < maxLag_ && normalised_[tau + 1] < normalised_[tau]) ++tau;
            best = tau;
            break;
        }
    }
    // With a window shorter than the longest lag, a stretch of a long period with little in it (between
    // glottal pulses, say) can match itself shifted by a little less than the period: a dip under the
    // threshold at ~0.9 of the period. The true period's dip is deeper and lies within a quarter above
    // it (and the next multiple, twice as far, does not), so take the deepest dip there. Classic YIN
    // (W = maxLag) is left as published.
    if (best >= 0 && window_ < maxLag_) {
        const int last = std::min(maxLag_ - 1, best + best / 4);
        for (int tau = best + 1; tau <= last; ++tau)
            if (normalised_[tau] < normalised_[best]) best = tau;
    }
    if (best < 0) {
        best = minLag_;
        for (int tau = minLag_; tau < maxLag_; ++tau)
            if (normalised_[tau] < normalised_[best]) best = tau;
    }

    // Parabolic interpolation of the centred raw difference function around the chosen lag.
    double lag = best;
    if (best > 1 && best < maxLag_) {
        const double a = centredDifference(x, best - 1), b = centredDifference(x, best),
                     c = centredDifference(x, best + 1);
        const double denom = a - 2.0 * b + c;
        if (denom > 0.0) lag = best + 0.5 * (a - c) / denom;
    }
    PitchEstimate estimate;
    estimate.confidence = static_cast<float>(std::clamp(1.0 - normalised_[best], 0.0, 1.0));
    const double f0 = config_.sampleRateHz / lag;
    estimate.voiced = normalised_[best] < config_.threshold && f0 >= config_.f0MinHz && f0 <= config_.f0MaxHz;
    estimate.f0Hz = estimate.voiced ? static_cast<float>(f0) : 0.0f;
    return estimate;
}

double YinPitchTracker::centredDifference(const float* x, int tau) const {
    const int w = window_;
    // Pair midpoints are s + j + tau/2, j < W; centre them on segmentSamples()/2.
    const int start = std::clamp(segmentSamples() / 2 - (w - 1 + tau) / 2, 0, segmentSamples() - w - tau);
    const float* a = x + start;
    const float* b = x + start + tau;
    return sumOver(w, [a, b](int j) {
        const double diff = static_cast<double>(a[j]) - b[j];
        return diff * diff;
    });
}

}  // namespace mynah::dsp
