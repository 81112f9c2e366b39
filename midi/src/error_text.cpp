// SPDX-License-Identifier: GPL-3.0-or-later
#include "error_text.h"

#include <cstdio>

#include "mynah/midi/midi_file.h"

namespace mynah::midi {

void throwMidiError(const std::string& fileName, const std::string& problem) {
    throw MidiError(fileName + ": " + problem);
}

std::string atByte(std::size_t offset) {
    return " at byte " + std::to_string(offset);
}

std::string hexByte(unsigned value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", value & 0xFFu);
    return text;
}

std::string trackName(std::size_t trackIndex) {
    return "track " + std::to_string(trackIndex + 1);
}

}  // namespace mynah::midi
