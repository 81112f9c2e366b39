// SPDX-License-Identifier: GPL-3.0-or-later
#include <fftw3.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>

#include "fft_backends.h"

namespace mynah::dsp::detail {
namespace {

// FFTW's planner is not thread-safe; plans are made (and destroyed) under this lock, outside any
// real-time path. Executing an existing plan needs no lock.
std::mutex& plannerMutex() {
    static std::mutex mutex;
    return mutex;
}

class FftwRealFft final : public RealFft {
public:
    explicit FftwRealFft(int n) : RealFft(n), invN_(1.0f / static_cast<float>(n)) {
        real_ = fftwf_alloc_real(static_cast<size_t>(n));
        spectrum_ = fftwf_alloc_complex(static_cast<size_t>(numBins()));
        if (!real_ || !spectrum_) {
            release();
            throw std::bad_alloc();
        }
        std::lock_guard<std::mutex> lock(plannerMutex());
        forwardPlan_ = fftwf_plan_dft_r2c_1d(n, real_, spectrum_, FFTW_ESTIMATE);
        inversePlan_ = fftwf_plan_dft_c2r_1d(n, spectrum_, real_, FFTW_ESTIMATE);
    }
    ~FftwRealFft() override { release(); }

    FftBackend backend() const override { return FftBackend::Fftw; }

    void forward(const float* in, std::complex<float>* out) override {
        std::memcpy(real_, in, sizeof(float) * static_cast<size_t>(size()));
        fftwf_execute(forwardPlan_);
        std::memcpy(static_cast<void*>(out), spectrum_, sizeof(fftwf_complex) * static_cast<size_t>(numBins()));
    }

    void inverse(const std::complex<float>* in, float* out) override {
        // c2r overwrites its input, so it always works on our private copy.
        std::memcpy(spectrum_, static_cast<const void*>(in), sizeof(fftwf_complex) * static_cast<size_t>(numBins()));
        spectrum_[0][1] = 0.0f;
        if (size() % 2 == 0) spectrum_[numBins() - 1][1] = 0.0f;
        fftwf_execute(inversePlan_);
        for (int i = 0; i < size(); ++i) out[i] = real_[i] * invN_;
    }

private:
    void release() {
        std::lock_guard<std::mutex> lock(plannerMutex());
        if (forwardPlan_) fftwf_destroy_plan(forwardPlan_);
        if (inversePlan_) fftwf_destroy_plan(inversePlan_);
        if (real_) fftwf_free(real_);
        if (spectrum_) fftwf_free(spectrum_);
        forwardPlan_ = inversePlan_ = nullptr;
        real_ = nullptr;
        spectrum_ = nullptr;
    }

    float invN_;
    float* real_ = nullptr;
    fftwf_complex* spectrum_ = nullptr;
    fftwf_plan forwardPlan_ = nullptr;
    fftwf_plan inversePlan_ = nullptr;
};

}  // namespace

std::unique_ptr<RealFft> makeFftwRealFft(int sizeSamples) { return std::make_unique<FftwRealFft>(sizeSamples); }

}  // namespace mynah::dsp::detail
