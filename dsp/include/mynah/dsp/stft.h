// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Streaming short-time Fourier transform and its overlap-add inverse.
//
// Frame convention (see sliding_frame.h): frame k covers input samples
// [(k+1)*hop - fftSize, (k+1)*hop), windowed by a periodic Hann window.
//
// StftProcessor chains analysis -> (optional spectral change) -> overlap-add synthesis for blocks of
// any size, varying from call to call. With no change it reproduces its input delayed by exactly
// latencySamples() = fftSize - 1: output sample t equals input sample t - (fftSize - 1).
// The synthesis window is w[n] / sum_m w[n + m*hop]^2 (least-squares ISTFT), so reconstruction is
// exact for every hop at which that sum is non-zero (any hop <= fftSize/2 for Hann).
//
// Threads: constructors allocate and plan FFTs: never on the audio thread. process()/push() run on one
// thread at a time (audio or worker) without allocating or locking.
#include <complex>
#include <memory>
#include <vector>

#include "mynah/dsp/fft.h"
#include "mynah/dsp/sliding_frame.h"

namespace mynah::dsp {

struct StftConfig {
    int fftSize = 1024;
    int hopSamples = 256;
    FftBackend backend = FftBackend::Fftw;
};

// Windowed forward transform of one frame. Threads: as above.
class StftAnalyzer {
public:
    explicit StftAnalyzer(const StftConfig& config);

    const StftConfig& config() const { return config_; }
    int numBins() const { return fft_->numBins(); }
    const std::vector<float>& window() const { return window_; }

    // Windows `frame` (fftSize samples) and writes numBins() bins to `spectrum`.
    void analyze(const float* frame, std::complex<float>* spectrum);

private:
    StftConfig config_;
    std::unique_ptr<RealFft> fft_;
    std::vector<float> window_;
    std::vector<float> windowed_;
};

// Inverse FFT + synthesis window + overlap-add; each added frame completes `hopSamples` samples.
class OverlapAdd {
public:
    explicit OverlapAdd(const StftConfig& config);

    // Adds one frame's spectrum; returns a pointer to hopSamples finished output samples, valid until
    // the next call.
    const float* addFrame(const std::complex<float>* spectrum);
    void reset();

private:
    StftConfig config_;
    std::unique_ptr<RealFft> fft_;
    std::vector<float> synthesisWindow_;
    std::vector<float> frame_;
    std::vector<float> accumulator_;
    std::vector<float> finished_;
};

class StftProcessor {
public:
    explicit StftProcessor(const StftConfig& config);

    int latencySamples() const { return config_.fftSize - 1; }
    int numBins() const { return analyzer_.numBins(); }

    // out[i] is the output for in[i]; `in` and `out` may alias. modify(std::complex<float>* bins, int
    // numBins) may change each frame's spectrum before resynthesis.
    template <class Modify>
    void process(const float* in, float* out, int numSamples, Modify&& modify) {
        const int hop = config_.hopSamples;
        int done = 0;
        while (done < numSamples) {
            const int filledBefore = framer_.pendingSamples();
            const int m = framer_.pushUntilFrame(in + done, numSamples - done);
            // Outputs for all but a frame-completing sample come from the current finished block.
            const int fromOld = framer_.frameReady() ? m - 1 : m;
            for (int i = 0; i < fromOld; ++i) out[done + i] = finished_[filledBefore + 1 + i];
            if (framer_.frameReady()) {
                analyzer_.analyze(framer_.frame(), spectrum_.data());
                modify(spectrum_.data(), numBins());
                const float* block = overlapAdd_.addFrame(spectrum_.data());
                std::copy(block, block + hop, finished_.begin());
                framer_.advance();
                out[done + m - 1] = finished_[0];
            }
            done += m;
        }
    }
    void process(const float* in, float* out, int numSamples) {
        process(in, out, numSamples, [](std::complex<float>*, int) {});
    }
    void reset();

private:
    StftConfig config_;
    SlidingFrame framer_;
    StftAnalyzer analyzer_;
    OverlapAdd overlapAdd_;
    std::vector<std::complex<float>> spectrum_;
    std::vector<float> finished_;
};

}  // namespace mynah::dsp
