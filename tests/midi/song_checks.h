// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Test helpers: what every parsed song must satisfy, and "parses or throws MidiError, nothing else".
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "mynah/midi/midi_file.h"

namespace mynah::midi::test {

// Empty when the song is well formed; otherwise what is wrong with it.
inline std::string songProblem(const MidiSong& song) {
    double previousSeconds = 0.0;
    for (const MidiEvent& event : song.events) {
        if (event.timeSeconds < previousSeconds) return "events out of time order";
        if (event.channel < 0 || event.channel > 15) return "channel out of range";
        const bool isBend = event.type == MidiEvent::Type::PitchBend;
        if (isBend && (event.data1 < -8192 || event.data1 > 8191)) return "pitch bend out of range";
        if (!isBend && (event.data1 < 0 || event.data1 > 127)) return "data1 out of range";
        if (event.data2 < 0 || event.data2 > 127) return "data2 out of range";
        previousSeconds = event.timeSeconds;
    }
    if (song.durationSeconds < previousSeconds) return "duration before the last event";
    return {};
}

enum class Outcome { Parsed, MidiError, OtherException };

// Parses `bytes`; a MidiError must be one line starting with "<name>: "; a parsed song must be well formed.
inline Outcome parseOutcome(const std::vector<unsigned char>& bytes, std::string& problem) {
    const std::string name = "fuzz.mid";
    try {
        problem = songProblem(parseMidi(bytes, name));
        return Outcome::Parsed;
    } catch (const MidiError& error) {
        const std::string message = error.what();
        if (message.rfind(name + ": ", 0) != 0 || message.find('\n') != std::string::npos)
            problem = "badly formed message: " + message;
        return Outcome::MidiError;
    } catch (const std::exception& error) {
        problem = std::string("unexpected exception: ") + error.what();
        return Outcome::OtherException;
    }
}

// True when `bytes` parse into a well-formed song or throw a well-formed MidiError; reports the case otherwise.
inline bool parsesOrThrowsMidiError(const std::vector<unsigned char>& bytes, const std::string& caseName) {
    std::string problem;
    const Outcome outcome = parseOutcome(bytes, problem);
    if (outcome != Outcome::OtherException && problem.empty()) return true;
    FAIL_CHECK(caseName << ": " << problem);
    return false;
}

}  // namespace mynah::midi::test
