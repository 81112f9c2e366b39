// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Smallest power of two >= n (1 for n <= 1). Threads: any.
#include <cstddef>

namespace mynah::dsp {

constexpr std::size_t nextPowerOfTwo(std::size_t n) {
    std::size_t p = 1;
    while (p < n) p *= 2;
    return p;
}

}  // namespace mynah::dsp
