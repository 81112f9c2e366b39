// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Plays one take file (or any audio file) into the live output, at the device rate.
//
// Threads: load(), play(), stop(), destructor: message thread. renderAdd(): audio thread, never
// allocates, locks or blocks. playing(), positionSeconds(), lengthSeconds(), path(): any thread
// (path(): message thread).
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mynah/recorder/audio_slot.h"

namespace mynah::recorder {

class TakePlayer {
public:
    TakePlayer() = default;
    ~TakePlayer();
    TakePlayer(const TakePlayer&) = delete;
    TakePlayer& operator=(const TakePlayer&) = delete;

    // Reads the file (mixed to mono, resampled to deviceRateHz when its rate differs) and makes it the
    // one to play, stopped at its start. Throws audio_io::AudioFileError naming the file.
    void load(const std::string& path, double deviceRateHz);
    void play();  // from the start when at the end
    void stop();

    // Audio thread: adds the next n samples of the playing file to out (nothing when stopped).
    void renderAdd(float* out, int n);

    bool playing() const { return playing_.load(std::memory_order_relaxed); }
    double positionSeconds() const;
    double lengthSeconds() const;
    const std::string& path() const { return path_; }

private:
    struct Clip {
        std::vector<float> samples;
        double rateHz = 0.0;
    };
    AudioSlot<Clip> slot_;
    std::unique_ptr<Clip> clip_;
    std::string path_;
    std::atomic<bool> playing_{false};
    std::atomic<std::int64_t> position_{0};
    std::atomic<std::int64_t> length_{0};
    std::atomic<double> rateHz_{0.0};
};

}  // namespace mynah::recorder
