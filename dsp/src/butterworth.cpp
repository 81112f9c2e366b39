// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/butterworth.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace mynah::dsp {

std::complex<double> cascadeResponse(const std::vector<Biquad>& sections, double omega) {
    const std::complex<double> z1 = std::polar(1.0, -omega), z2 = z1 * z1;
    std::complex<double> h = 1.0;
    for (const Biquad& s : sections) h *= (s.b0 + s.b1 * z1 + s.b2 * z2) / (1.0 + s.a1 * z1 + s.a2 * z2);
    return h;
}

std::vector<Biquad> butterworthBandPass(int order, double lowHz, double highHz, double rate) {
    if (order < 1 || !(lowHz > 0.0) || !(highHz > lowHz) || !(highHz < rate / 2))
        throw std::invalid_argument("Butterworth band-pass needs order >= 1 and 0 < low < high < Nyquist");
    using C = std::complex<double>;
    const double fs2 = 2.0 * rate;
    // Pre-warped analogue edges, so the digital edges land where asked.
    const double wl = fs2 * std::tan(std::numbers::pi * lowHz / rate);
    const double wh = fs2 * std::tan(std::numbers::pi * highHz / rate);
    const double w0 = std::sqrt(wl * wh), bw = wh - wl;

    // Low-pass prototype poles -> band-pass poles (s^2 - p bw s + w0^2 = 0) -> z by the bilinear map.
    std::vector<C> upper, real;
    for (int k = 0; k < order; ++k) {
        const C p = std::polar(1.0, std::numbers::pi * (2.0 * k + order + 1) / (2.0 * order));
        const C root = std::sqrt(p * bw * p * bw - 4.0 * w0 * w0);
        for (const C s : {(p * bw + root) / 2.0, (p * bw - root) / 2.0}) {
            const C z = (fs2 + s) / (fs2 - s);
            if (z.imag() > 1e-12) upper.push_back(z);
            else if (std::abs(z.imag()) <= 1e-12) real.push_back(z);
        }
    }
    std::vector<Biquad> sections;
    // Each section: zeros at z = 1 and z = -1 (numerator 1 - z^-2), one conjugate pole pair.
    for (const C z : upper) sections.push_back({1.0, 0.0, -1.0, -2.0 * z.real(), std::norm(z)});
    for (size_t i = 0; i + 1 < real.size(); i += 2)
        sections.push_back({1.0, 0.0, -1.0, -(real[i] + real[i + 1]).real(), (real[i] * real[i + 1]).real()});
    // Unit gain at the centre.
    const double centre = 2.0 * std::atan(w0 / fs2);
    const double gain = std::abs(cascadeResponse(sections, centre));
    const double perSection = std::pow(gain, -1.0 / static_cast<double>(sections.size()));
    for (Biquad& s : sections) {
        s.b0 *= perSection;
        s.b2 *= perSection;
    }
    return sections;
}

}  // namespace mynah::dsp
