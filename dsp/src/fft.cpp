// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/fft.h"

#include <stdexcept>

#include "fft_backends.h"

namespace mynah::dsp {

std::string_view toString(FftBackend backend) {
    return backend == FftBackend::Fftw ? "fftw" : "kiss";
}

FftBackend parseFftBackend(std::string_view name) {
    if (name == "fftw") return FftBackend::Fftw;
    if (name == "kiss" || name == "kissfft") return FftBackend::Kiss;
    throw std::invalid_argument("unknown FFT backend '" + std::string(name) + "' (use fftw or kiss)");
}

std::unique_ptr<RealFft> makeRealFft(FftBackend backend, int sizeSamples) {
    if (sizeSamples < 2 || sizeSamples > (1 << 24))
        throw std::invalid_argument("FFT size " + std::to_string(sizeSamples) + " is out of range 2 .. 2^24");
    return backend == FftBackend::Fftw ? detail::makeFftwRealFft(sizeSamples)
                                       : detail::makeKissRealFft(sizeSamples);
}

}  // namespace mynah::dsp
