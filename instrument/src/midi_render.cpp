// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/instrument/midi_render.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace mynah::instrument {

MidiRenderResult renderMidi(const midi::MidiSong& song, InstrumentPlayer& player, double outputRateHz,
                            const std::function<bool(double)>& progress) {
    MidiRenderResult result;
    result.songSeconds = song.durationSeconds;
    const auto start = std::chrono::steady_clock::now();
    const double frameSeconds = player.frameSeconds();
    // Longest tail after the last event: the release, plus a frame of slack; a voice still sounding
    // after that (a held note with no note-off) is cut at the end.
    const double tailSeconds = player.settings().shape.releaseMs / 1000.0 + 2 * frameSeconds;
    const double endSeconds = song.durationSeconds + tailSeconds;
    result.samples.reserve(static_cast<size_t>(endSeconds * outputRateHz) + 4096);
    std::vector<float> chunk(static_cast<size_t>(player.maxRenderSamples()));
    size_t next = 0;
    long long frame = 0;
    while (true) {
        const double frameTime = static_cast<double>(frame) * frameSeconds;
        if (frameTime >= song.durationSeconds && (player.soundingVoices() == 0 || frameTime >= endSeconds)) break;
        // The events nearest this frame: those before its midpoint with the next.
        while (next < song.events.size() && song.events[next].timeSeconds < frameTime + 0.5 * frameSeconds)
            player.handle(song.events[next++]);
        result.maxSoundingVoices = std::max(result.maxSoundingVoices, player.soundingVoices());
        player.advanceFrame();
        ++frame;
        if (frame % InstrumentPlayer::kChunkFrames == 0) {
            const int n = player.render(chunk.data());
            result.samples.insert(result.samples.end(), chunk.begin(), chunk.begin() + n);
            if (progress && !progress(std::min(1.0, frameTime / std::max(endSeconds, 1e-9)))) break;
        }
    }
    if (frame % InstrumentPlayer::kChunkFrames != 0) {
        const int n = player.render(chunk.data());
        result.samples.insert(result.samples.end(), chunk.begin(), chunk.begin() + n);
    }
    result.processingSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace mynah::instrument
