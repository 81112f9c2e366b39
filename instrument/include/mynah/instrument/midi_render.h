// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Renders a MIDI song with an InstrumentPlayer, offline: every event is applied at the model frame
// nearest its time (5 ms frames for the shipped instruments, so within 2.5 ms), all tracks and channels
// together, until the song has ended and the last release has died away. The output is aligned with
// the song: a note that starts at t seconds starts sounding at t.
//
// Threads: the caller's thread.
#include <functional>
#include <vector>

#include "mynah/instrument/instrument_player.h"
#include "mynah/midi/midi_file.h"

namespace mynah::instrument {

struct MidiRenderResult {
    std::vector<float> samples;  // mono, at the player's output rate
    double songSeconds = 0.0;
    double processingSeconds = 0.0;
    int maxSoundingVoices = 0;
};

// progress(fraction of the song) may return false to cancel (the result then holds what was rendered).
MidiRenderResult renderMidi(const midi::MidiSong& song, InstrumentPlayer& player, double outputRateHz,
                            const std::function<bool(double)>& progress = {});

}  // namespace mynah::instrument
