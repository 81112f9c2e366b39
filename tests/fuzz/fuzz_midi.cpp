// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the Standard MIDI File reader. Any bytes either parse into a well-formed song
// (sorted times, channel data in range) or throw MidiError; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "mynah/midi/midi_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto song = mynah::midi::parseMidi(std::vector<unsigned char>(data, data + size), "fuzz.mid");
        double last = 0.0;
        for (const auto& e : song.events) {
            if (!(e.timeSeconds >= last) || e.channel < 0 || e.channel > 15) std::abort();
            last = e.timeSeconds;
        }
    } catch (const mynah::midi::MidiError&) {
    }
    return 0;
}
