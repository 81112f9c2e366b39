// SPDX-License-Identifier: GPL-3.0-or-later
#include <kissfft/kiss_fft.h>
#include <kissfft/kiss_fftr.h>

#include <new>
#include <vector>

#include "fft_backends.h"

namespace mynah::dsp::detail {
namespace {

static_assert(sizeof(kiss_fft_cpx) == sizeof(std::complex<float>), "kiss_fft must be the float build");

// kiss_fftr only handles even sizes; odd sizes go through the complex transform with a zero
// imaginary part, so every size >= 2 works.
class KissRealFft final : public RealFft {
public:
    explicit KissRealFft(int n) : RealFft(n), invN_(1.0f / static_cast<float>(n)), even_(n % 2 == 0) {
        if (even_) {
            forwardCfg_ = kiss_fftr_alloc(n, 0, nullptr, nullptr);
            inverseCfg_ = kiss_fftr_alloc(n, 1, nullptr, nullptr);
            realBuffer_.resize(static_cast<size_t>(n));
            binBuffer_.resize(static_cast<size_t>(numBins()));
        } else {
            complexForwardCfg_ = kiss_fft_alloc(n, 0, nullptr, nullptr);
            complexInverseCfg_ = kiss_fft_alloc(n, 1, nullptr, nullptr);
            timeBuffer_.resize(static_cast<size_t>(n));
            freqBuffer_.resize(static_cast<size_t>(n));
        }
        if (even_ ? (!forwardCfg_ || !inverseCfg_) : (!complexForwardCfg_ || !complexInverseCfg_)) {
            release();
            throw std::bad_alloc();
        }
    }
    ~KissRealFft() override { release(); }

    FftBackend backend() const override { return FftBackend::Kiss; }

    void forward(const float* in, std::complex<float>* out) override {
        if (even_) {
            kiss_fftr(forwardCfg_, in, reinterpret_cast<kiss_fft_cpx*>(out));
            return;
        }
        for (int i = 0; i < size(); ++i) timeBuffer_[i] = {in[i], 0.0f};
        kiss_fft(complexForwardCfg_, timeBuffer_.data(), freqBuffer_.data());
        for (int k = 0; k < numBins(); ++k) out[k] = {freqBuffer_[k].r, freqBuffer_[k].i};
    }

    void inverse(const std::complex<float>* in, float* out) override {
        const int n = size();
        if (even_) {
            for (int k = 0; k < numBins(); ++k) binBuffer_[k] = {in[k].real(), in[k].imag()};
            binBuffer_[0].i = 0.0f;
            binBuffer_[numBins() - 1].i = 0.0f;
            kiss_fftri(inverseCfg_, binBuffer_.data(), realBuffer_.data());
            for (int i = 0; i < n; ++i) out[i] = realBuffer_[i] * invN_;
            return;
        }
        // Rebuild the Hermitian-symmetric full spectrum.
        freqBuffer_[0] = {in[0].real(), 0.0f};
        for (int k = 1; k < numBins(); ++k) {
            freqBuffer_[k] = {in[k].real(), in[k].imag()};
            freqBuffer_[n - k] = {in[k].real(), -in[k].imag()};
        }
        kiss_fft(complexInverseCfg_, freqBuffer_.data(), timeBuffer_.data());
        for (int i = 0; i < n; ++i) out[i] = timeBuffer_[i].r * invN_;
    }

private:
    void release() {
        kiss_fftr_free(forwardCfg_);
        kiss_fftr_free(inverseCfg_);
        kiss_fft_free(complexForwardCfg_);
        kiss_fft_free(complexInverseCfg_);
        forwardCfg_ = inverseCfg_ = nullptr;
        complexForwardCfg_ = complexInverseCfg_ = nullptr;
    }

    float invN_;
    bool even_;
    kiss_fftr_cfg forwardCfg_ = nullptr;
    kiss_fftr_cfg inverseCfg_ = nullptr;
    kiss_fft_cfg complexForwardCfg_ = nullptr;
    kiss_fft_cfg complexInverseCfg_ = nullptr;
    std::vector<float> realBuffer_;
    std::vector<kiss_fft_cpx> binBuffer_;
    std::vector<kiss_fft_cpx> timeBuffer_;
    std::vector<kiss_fft_cpx> freqBuffer_;
};

}  // namespace

std::unique_ptr<RealFft> makeKissRealFft(int sizeSamples) { return std::make_unique<KissRealFft>(sizeSamples); }

}  // namespace mynah::dsp::detail
