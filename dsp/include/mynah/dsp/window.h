// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Analysis windows. Threads: any (allocates; call outside the audio thread).
#include <vector>

namespace mynah::dsp {

// Periodic Hann window: w[n] = 0.5 - 0.5 cos(2 pi n / N), n = 0 .. N-1 (the DFT-even form, which
// sums to a constant at hops of N/2, N/4, ...).
std::vector<float> periodicHann(int sizeSamples);

double sumOf(const std::vector<float>& values);
double sumOfSquares(const std::vector<float>& values);

}  // namespace mynah::dsp
