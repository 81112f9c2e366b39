// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The engine's latency arithmetic (docs/ARCHITECTURE.md, "Latency"). All values in host samples.
//
//   L = margin + contentDelay
//   contentDelay = ceil(historySamples / 2 * r)     feature frames are centred historySamples/2 before
//                                                   their last sample; the synthesiser reaches a frame's
//                                                   controls at the end of that frame (r = host / model rate)
//   margin = maxBlock                               real-time: the worker gets one host block to respond
//          + resamplerLookahead                     windowed-sinc look-ahead (0 when the rates match)
//          + ceil((chunkFrames + lookaheadFrames) * hop * r) + 2   frames wait for a full chunk and the
//                                                   model's look-ahead; +2 for position rounding
//          + fadeSamples                            output kept ahead so an underrun can still crossfade
//          + safetySamples                          scheduling jitter allowance
//
// The worker's output stream is prefilled with `margin` zeros, so wet output index o carries the
// synthesiser sample o - margin; the dry path is delayed by L. Offline mode uses the same L, which is
// why it is bit-identical to real time.
// Threads: any.
namespace mynah::engine {

struct LatencyBreakdown {
    int maxBlock = 0;
    int resamplerLookahead = 0;
    int framesWait = 0;
    int fadeSamples = 0;
    int safetySamples = 0;
    int contentDelay = 0;

    int margin() const { return maxBlock + resamplerLookahead + framesWait + fadeSamples + safetySamples; }
    int total() const { return margin() + contentDelay; }
};

}  // namespace mynah::engine
