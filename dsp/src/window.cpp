// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/window.h"

#include <cmath>
#include <numbers>

namespace mynah::dsp {

std::vector<float> periodicHann(int sizeSamples) {
    std::vector<float> w(static_cast<size_t>(sizeSamples));
    for (int n = 0; n < sizeSamples; ++n)
        w[n] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * n / sizeSamples));
    return w;
}

double sumOf(const std::vector<float>& values) {
    double s = 0.0;
    for (float v : values) s += v;
    return s;
}

double sumOfSquares(const std::vector<float>& values) {
    double s = 0.0;
    for (float v : values) s += static_cast<double>(v) * v;
    return s;
}

}  // namespace mynah::dsp
