// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Calls processBlock(in, out, m) over consecutive pieces of at most maxBlock samples, so callers
// accept any host block size. Threads: whichever thread calls it (no allocation).
namespace mynah::engine {

template <class ProcessBlock>
void forEachBlock(const float* in, float* out, int n, int maxBlock, ProcessBlock&& processBlock) {
    while (n > 0) {
        const int m = n < maxBlock ? n : maxBlock;
        processBlock(in, out, m);
        in += m;
        out += m;
        n -= m;
    }
}

}  // namespace mynah::engine
