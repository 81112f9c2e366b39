// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Real-input FFT behind one interface, with two backends (FFTW3 single precision, KissFFT).
//
// Threads: makeRealFft() plans and allocates: call it from a non-real-time thread (message/worker),
// never from the audio thread. forward()/inverse() never allocate or lock and may be called from any
// single thread at a time per instance (audio or worker).
#include <complex>
#include <memory>
#include <string>
#include <string_view>

namespace mynah::dsp {

enum class FftBackend { Fftw, Kiss };

std::string_view toString(FftBackend backend);
// Parses "fftw" or "kiss"; throws std::invalid_argument naming the text otherwise.
FftBackend parseFftBackend(std::string_view name);

class RealFft {
public:
    virtual ~RealFft() = default;

    // Number of real samples per transform; forward() yields size()/2 + 1 bins.
    int size() const { return size_; }
    int numBins() const { return size_ / 2 + 1; }
    virtual FftBackend backend() const = 0;

    // Unnormalised forward DFT: out[k] = sum_n in[n] exp(-2 pi i k n / N), k = 0 .. N/2.
    virtual void forward(const float* in, std::complex<float>* out) = 0;
    // Inverse of forward(), normalised by 1/N so that inverse(forward(x)) == x.
    // The imaginary parts of bin 0 (and bin N/2 for even N) are ignored.
    virtual void inverse(const std::complex<float>* in, float* out) = 0;

protected:
    explicit RealFft(int sizeSamples) : size_(sizeSamples) {}

private:
    int size_;
};

// Any size >= 2 (powers of two are fastest). Throws std::invalid_argument for a bad size.
std::unique_ptr<RealFft> makeRealFft(FftBackend backend, int sizeSamples);

}  // namespace mynah::dsp
