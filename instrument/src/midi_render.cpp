// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/instrument/midi_render.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace mynah::instrument {

MidiRenderResult renderMidi(const midi::MidiSong& song, InstrumentPipeline& pipeline, double outputRateHz,
                            int blockSamples, const std::function<bool(double)>& progress) {
    MidiRenderResult result;
    result.songSeconds = song.durationSeconds;
    result.latencySamples = pipeline.latencySamples();
    const auto start = std::chrono::steady_clock::now();
    const auto sampleOf = [outputRateHz](double seconds) { return static_cast<std::int64_t>(std::llround(seconds * outputRateHz)); };
    // After the last event: the release, then a frame of slack; a note still held after that (no
    // note-off) is cut at the end.
    const std::int64_t songEnd = sampleOf(song.durationSeconds);
    const std::int64_t hardEnd = songEnd + sampleOf(pipeline.releaseSeconds()) + pipeline.latencySamples() + blockSamples;
    std::vector<float> block(static_cast<size_t>(blockSamples));
    std::vector<BlockMidiEvent> events;
    std::vector<float> out;
    out.reserve(static_cast<size_t>(hardEnd) + static_cast<size_t>(blockSamples));
    size_t next = 0;
    for (std::int64_t t = 0; t < hardEnd; t += blockSamples) {
        events.clear();
        while (next < song.events.size() && sampleOf(song.events[next].timeSeconds) < t + blockSamples) {
            events.push_back({static_cast<int>(std::max<std::int64_t>(0, sampleOf(song.events[next].timeSeconds) - t)), song.events[next]});
            ++next;
        }
        pipeline.process(events.data(), static_cast<int>(events.size()), block.data(), blockSamples);
        out.insert(out.end(), block.begin(), block.end());
        result.maxSoundingVoices = std::max(result.maxSoundingVoices, pipeline.soundingVoices());
        if (t >= songEnd + pipeline.latencySamples() && pipeline.soundingVoices() == 0) break;
        if (progress && !progress(std::min(1.0, static_cast<double>(t) / static_cast<double>(hardEnd)))) break;
    }
    // Compensate the pipeline's latency, as a DAW would: sample 0 is the song's start.
    const size_t latency = std::min(out.size(), static_cast<size_t>(pipeline.latencySamples()));
    result.samples.assign(out.begin() + static_cast<std::ptrdiff_t>(latency), out.end());
    // Trim the silent tail after the last sound (never before the song's end).
    size_t end = result.samples.size();
    while (end > static_cast<size_t>(songEnd) && result.samples[end - 1] == 0.0f) --end;
    result.samples.resize(end);
    result.processingSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace mynah::instrument
