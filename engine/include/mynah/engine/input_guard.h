// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the engine takes from a host: every input sample passes through safeInputSample() before the
// dry path or a model sees it. A NaN or an infinity (a broken host, plugin or driver upstream) becomes
// silence, so it can neither reach the output nor poison a model's recurrent state for good; a
// subnormal becomes 0 (it is far below audibility and slow to compute with); anything beyond
// +-kMaxInputAmplitude (+36 dBFS, far past any real signal in a floating-point host) is clamped, so
// the features stay finite. Every other sample passes unchanged, bit for bit.
//
// Threads: any, the audio thread included; no allocation.
#include <algorithm>
#include <cmath>
#include <limits>

namespace mynah::engine {

inline constexpr float kMaxInputAmplitude = 64.0f;

inline float safeInputSample(float x) {
    const float magnitude = std::fabs(x);
    // NaN fails every comparison: it lands here with zeros and subnormals.
    if (!(magnitude >= std::numeric_limits<float>::min())) return 0.0f;
    if (magnitude == std::numeric_limits<float>::infinity()) return 0.0f;
    return std::clamp(x, -kMaxInputAmplitude, kMaxInputAmplitude);
}

// out[i] = safeInputSample(in[i]); in and out may alias.
inline void sanitizeInput(const float* in, float* out, int n) {
    for (int i = 0; i < n; ++i) out[i] = safeInputSample(in[i]);
}

}  // namespace mynah::engine
