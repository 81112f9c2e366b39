// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Builds and throws the one-line MidiError messages. Threads: any except a real-time audio thread.
#include <cstddef>
#include <string>

namespace mynah::midi {

// Throws MidiError("<fileName>: <problem>").
[[noreturn]] void throwMidiError(const std::string& fileName, const std::string& problem);

std::string atByte(std::size_t offset);  // " at byte <offset>"
std::string hexByte(unsigned value);     // "0xF4"
std::string trackName(std::size_t trackIndex);  // "track <index + 1>": messages count tracks from 1

}  // namespace mynah::midi
