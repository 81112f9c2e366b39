// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/dsp/resampler.h"

#include <soxr.h>

#include <stdexcept>
#include <string>

namespace mynah::dsp {
namespace {
soxr_t create(double inRate, double outRate) {
    if (!(inRate > 0.0) || !(outRate > 0.0))
        throw std::invalid_argument("resampler rates must be positive");
    soxr_error_t error = nullptr;
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
    soxr_t handle = soxr_create(inRate, outRate, 1, &error, &io, &quality, &runtime);
    if (error) throw std::runtime_error(std::string("libsoxr: ") + error);
    return handle;
}
}  // namespace

Resampler::Resampler(double inputRateHz, double outputRateHz)
    : inputRateHz_(inputRateHz), outputRateHz_(outputRateHz), handle_(create(inputRateHz, outputRateHz)) {}

Resampler::~Resampler() { soxr_delete(handle_); }

size_t Resampler::process(const float* in, size_t n, float* out, size_t outCapacity) {
    size_t consumed = 0, produced = 0;
    const soxr_error_t error = soxr_process(handle_, in, n, &consumed, out, outCapacity, &produced);
    if (error) throw std::runtime_error(std::string("libsoxr: ") + error);
    if (consumed != n) throw std::logic_error("Resampler::process: output buffer too small for the input block");
    return produced;
}

size_t Resampler::flush(float* out, size_t outCapacity) {
    size_t produced = 0;
    const soxr_error_t error = soxr_process(handle_, nullptr, 0, nullptr, out, outCapacity, &produced);
    if (error) throw std::runtime_error(std::string("libsoxr: ") + error);
    return produced;
}

double Resampler::delayOutputSamples() const { return soxr_delay(handle_); }

void Resampler::reset() {
    const soxr_error_t error = soxr_clear(handle_);
    if (error) throw std::runtime_error(std::string("libsoxr: ") + error);
}

}  // namespace mynah::dsp
