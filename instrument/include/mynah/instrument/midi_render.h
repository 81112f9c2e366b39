// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Renders a MIDI song offline through an InstrumentPipeline in offline mode: the same code, and the same
// output, as the synth plugin playing the song in real time. Every event is applied at the model frame
// nearest its time (5 ms frames for the shipped instruments, so within 2.5 ms), all tracks and channels
// together, until the song has ended and the last release has died away. The pipeline's latency is
// compensated: a note that starts at t seconds starts sounding at t.
//
// Threads: the caller's thread.
#include <functional>
#include <vector>

#include "mynah/instrument/instrument_pipeline.h"
#include "mynah/midi/midi_file.h"

namespace mynah::instrument {

struct MidiRenderResult {
    std::vector<float> samples;  // mono, at the player's output rate
    double songSeconds = 0.0;
    double processingSeconds = 0.0;
    int maxSoundingVoices = 0;
    int latencySamples = 0;  // the pipeline's (compensated in samples)
};

// progress(fraction of the song) may return false to cancel (the result then holds what was rendered).
// pipeline: built with realTime = false and this outputRateHz; blockSamples <= its maxBlockSamples.
MidiRenderResult renderMidi(const midi::MidiSong& song, InstrumentPipeline& pipeline, double outputRateHz,
                            int blockSamples = 512, const std::function<bool(double)>& progress = {});

}  // namespace mynah::instrument
