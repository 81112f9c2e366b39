// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Digital Butterworth band-pass design (bilinear transform with pre-warped edges) as biquad sections.
// Threads: any; design allocates, so not on the audio thread.
#include <complex>
#include <vector>

namespace mynah::dsp {

// y = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)
struct Biquad {
    double b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0;
};

// Band-pass of order 2 * prototypeOrder (prototypeOrder biquads; skirts fall 6 x prototypeOrder dB per
// octave), -3 dB at lowHz and highHz, 0 dB at the peak (the pre-warped centre). Requires
// 0 < lowHz < highHz < sampleRate / 2; throws std::invalid_argument otherwise.
std::vector<Biquad> butterworthBandPass(int prototypeOrder, double lowHz, double highHz, double sampleRateHz);

// Complex response of a cascade at normalised angular frequency omega (radians per sample).
std::complex<double> cascadeResponse(const std::vector<Biquad>& sections, double omega);

}  // namespace mynah::dsp
