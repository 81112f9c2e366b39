// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One frame of a network's output made safe for the synthesiser: non-finite or negative amplitudes
// and gains become 0, larger than kMaxControlAmplitude are capped there (a network far outside its
// training range can emit huge finite values, whose sum over the harmonics would overflow to Inf),
// everything is scaled by a gate (0 or 1), and an F0 that is not finite and positive holds the previous
// one. Shared by the voice pipeline and the MIDI instrument.
//
// Threads: any; no allocation.
#include <algorithm>
#include <cmath>

#include "mynah/dsp/hn_synth.h"
#include "mynah/runtime/model_metadata.h"

namespace mynah::engine {

// +60 dB re full scale for one harmonic or noise band: far above what a trained model emits (the
// shipped ones' whole output stays below 5), low enough that any sum of them stays finite.
inline constexpr float kMaxControlAmplitude = 1000.0f;

// controls: 1 + numHarmonics + noiseBands values of one frame. heldF0Hz: in, the previous F0; out, this
// frame's. Returns the synthesiser's controls pointing into amplitudes / gains.
inline dsp::HnControls synthControls(const float* controls, const runtime::ModelMetadata& m, float gate,
                                     float* heldF0Hz, float* amplitudes, float* gains) {
    if (std::isfinite(controls[0]) && controls[0] > 0.0f) *heldF0Hz = controls[0];
    for (int k = 0; k < m.numHarmonics; ++k) {
        const float a = controls[1 + k];
        amplitudes[k] = std::isfinite(a) ? gate * std::clamp(a, 0.0f, kMaxControlAmplitude) : 0.0f;
    }
    for (int b = 0; b < m.noiseBands; ++b) {
        const float g = controls[1 + m.numHarmonics + b];
        gains[b] = std::isfinite(g) ? gate * std::clamp(g, 0.0f, kMaxControlAmplitude) : 0.0f;
    }
    return {*heldF0Hz, amplitudes, gains};
}

}  // namespace mynah::engine
