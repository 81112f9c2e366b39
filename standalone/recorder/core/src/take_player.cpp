// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/recorder/take_player.h"

#include <algorithm>
#include <cmath>

#include "mynah/audio_io/audio_file.h"
#include "mynah/dsp/resampler.h"

namespace mynah::recorder {
namespace {
std::vector<float> resampled(const std::vector<float>& in, double fromHz, double toHz) {
    dsp::Resampler resampler(fromHz, toHz);
    std::vector<float> out(static_cast<size_t>(std::ceil(static_cast<double>(in.size()) * toHz / fromHz)) + 4096);
    size_t n = resampler.process(in.data(), in.size(), out.data(), out.size());
    n += resampler.flush(out.data() + n, out.size() - n);
    out.resize(n);
    return out;
}
}  // namespace

TakePlayer::~TakePlayer() { slot_.clearAndWait(); }

void TakePlayer::load(const std::string& path, double deviceRateHz) {
    audio_io::MonoAudio audio = audio_io::readMonoAudio(path);
    auto clip = std::make_unique<Clip>();
    clip->rateHz = deviceRateHz > 0.0 ? deviceRateHz : audio.sampleRateHz;
    clip->samples = clip->rateHz == audio.sampleRateHz ? std::move(audio.samples)
                                                       : resampled(audio.samples, audio.sampleRateHz, clip->rateHz);
    playing_.store(false);
    slot_.clearAndWait();
    clip_ = std::move(clip);
    path_ = path;
    position_.store(0);
    length_.store(static_cast<std::int64_t>(clip_->samples.size()));
    rateHz_.store(clip_->rateHz);
    slot_.set(clip_.get());
}

void TakePlayer::play() {
    if (!clip_) return;
    if (position_.load() >= length_.load()) position_.store(0);
    playing_.store(true);
}

void TakePlayer::stop() { playing_.store(false); }

void TakePlayer::renderAdd(float* out, int n) {
    const Clip* clip = slot_.acquire();
    if (clip && playing_.load(std::memory_order_relaxed)) {
        const std::int64_t pos = position_.load(std::memory_order_relaxed);
        const std::int64_t size = static_cast<std::int64_t>(clip->samples.size());
        const std::int64_t count = std::clamp<std::int64_t>(size - pos, 0, n);
        for (std::int64_t i = 0; i < count; ++i) out[i] += clip->samples[static_cast<size_t>(pos + i)];
        position_.store(pos + count, std::memory_order_relaxed);
        if (pos + count >= size) playing_.store(false, std::memory_order_relaxed);
    }
    slot_.release();
}

double TakePlayer::positionSeconds() const {
    const double rate = rateHz_.load();
    return rate > 0.0 ? static_cast<double>(position_.load()) / rate : 0.0;
}

double TakePlayer::lengthSeconds() const {
    const double rate = rateHz_.load();
    return rate > 0.0 ? static_cast<double>(length_.load()) / rate : 0.0;
}

}  // namespace mynah::recorder
