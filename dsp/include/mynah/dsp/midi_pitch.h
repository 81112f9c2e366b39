// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// MIDI note numbers (fractional: cents are hundredths) <-> frequency in Hz, A4 = note 69 = 440 Hz.
// Shared by effect mode's pitch mapping (engine) and the MIDI instrument's note curves (instrument).
// Threads: any; no allocation.
#include <cmath>

namespace mynah::dsp {

inline double midiToHz(double midiNote) { return 440.0 * std::exp2((midiNote - 69.0) / 12.0); }
inline double hzToMidi(double hz) { return 69.0 + 12.0 * std::log2(hz / 440.0); }

}  // namespace mynah::dsp
