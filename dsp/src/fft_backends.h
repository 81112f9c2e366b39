// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private factory functions of the two FFT backends (see fft.h for threading rules).
#include <memory>

#include "mynah/dsp/fft.h"

namespace mynah::dsp::detail {
std::unique_ptr<RealFft> makeFftwRealFft(int sizeSamples);
std::unique_ptr<RealFft> makeKissRealFft(int sizeSamples);
}  // namespace mynah::dsp::detail
