// SPDX-License-Identifier: GPL-3.0-or-later
// Channel events: running status, note-off forms, pitch bend, controllers, sysex/meta skipping, ordering.
#include <catch2/catch.hpp>

#include "mynah/midi/midi_file.h"
#include "smf_bytes.h"

using namespace mynah::midi;
using namespace mynah::midi::test;
using Type = MidiEvent::Type;

namespace {

MidiSong parseOneTrack(const TrackWriter& track) {
    return parseMidi(smfFile(0, 96, {track}), "song.mid");
}

void checkEvent(const MidiEvent& event, Type type, int channel, int data1, int data2) {
    CHECK(event.type == type);
    CHECK(event.channel == channel);
    CHECK(event.data1 == data1);
    CHECK(event.data2 == data2);
}

}  // namespace

TEST_CASE("running status repeats the last channel status, velocity 0 note-on is a note-off") {
    const MidiSong song = parseOneTrack(TrackWriter()
                                            .event(0, {0x92, 60, 100})
                                            .event(10, {62, 90})  // running status: note-on
                                            .event(10, {60, 0})   // note-on, velocity 0
                                            .event(0, {62, 0})
                                            .endOfTrack());
    REQUIRE(song.events.size() == 4);
    checkEvent(song.events[0], Type::NoteOn, 2, 60, 100);
    checkEvent(song.events[1], Type::NoteOn, 2, 62, 90);
    checkEvent(song.events[2], Type::NoteOff, 2, 60, 0);
    checkEvent(song.events[3], Type::NoteOff, 2, 62, 0);
    CHECK(song.events[1].tick == 10);
    CHECK(song.events[3].tick == 20);
}

TEST_CASE("pitch bend is decoded LSB first into -8192..8191") {
    const MidiSong song = parseOneTrack(TrackWriter()
                                            .noteOn(0, 3, 60, 100)
                                            .event(0, {0xE3, 0x00, 0x40})  // centre
                                            .event(0, {0x00, 0x00})        // running status: lowest
                                            .event(0, {0x7F, 0x7F})        // highest
                                            .event(0, {0x01, 0x00})
                                            .event(0, {0x00, 0x20})
                                            .endOfTrack());
    REQUIRE(song.events.size() == 6);
    const int expected[] = {0, -8192, 8191, -8191, -4096};
    for (int i = 0; i < 5; ++i) checkEvent(song.events[1 + i], Type::PitchBend, 3, expected[i], 0);
}

TEST_CASE("controllers, programs and pressure keep their data bytes") {
    const MidiSong song = parseOneTrack(TrackWriter()
                                            .event(0, {0xB1, 7, 99})    // controller 7 (volume) = 99
                                            .event(0, {0xC1, 5})        // program 5
                                            .event(0, {6})              // running status, one data byte
                                            .event(0, {0xD1, 70})       // channel pressure
                                            .event(0, {0xA1, 60, 33})   // poly pressure
                                            .event(0, {0x8F, 61, 12})   // note-off, release velocity 12
                                            .noteOn(0, 1, 60, 1)
                                            .endOfTrack());
    REQUIRE(song.events.size() == 7);
    checkEvent(song.events[0], Type::Controller, 1, 7, 99);
    checkEvent(song.events[1], Type::ProgramChange, 1, 5, 0);
    checkEvent(song.events[2], Type::ProgramChange, 1, 6, 0);
    checkEvent(song.events[3], Type::ChannelPressure, 1, 70, 0);
    checkEvent(song.events[4], Type::PolyPressure, 1, 60, 33);
    checkEvent(song.events[5], Type::NoteOff, 15, 61, 12);
}

TEST_CASE("sysex and meta events other than tempo are skipped, their delta times still count") {
    const MidiSong song = parseOneTrack(TrackWriter()
                                            .event(0, {0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7})  // GM on
                                            .event(0, {0xFF, 0x03, 0x04, 'l', 'e', 'a', 'd'})      // track name
                                            .event(0, {0xFF, 0x58, 0x04, 0x04, 0x02, 0x18, 0x08})  // time signature
                                            .noteOn(24, 0, 60, 100)
                                            .event(24, {0xF7, 0x02, 0x43, 0x10})                   // sysex escape
                                            .event(24, {0xFF, 0x7F, 0x03, 0x00, 0x00, 0x41})       // sequencer-specific
                                            .event(0, {0xFF, 0x21, 0x01, 0x00})                    // MIDI port
                                            .event(24, {60, 0})  // running status survives meta and sysex
                                            .endOfTrack());
    REQUIRE(song.events.size() == 2);
    checkEvent(song.events[0], Type::NoteOn, 0, 60, 100);
    checkEvent(song.events[1], Type::NoteOff, 0, 60, 0);
    CHECK(song.events[0].tick == 24);
    CHECK(song.events[1].tick == 96);
    CHECK(song.events[1].timeSeconds == 0.5);
}

TEST_CASE("merged events are stable: same tick keeps track order, then file order") {
    const TrackWriter first = TrackWriter().noteOn(0, 0, 60, 100).noteOff(96, 0, 60).noteOn(0, 0, 60, 90).endOfTrack();
    const TrackWriter second = TrackWriter().noteOn(0, 1, 40, 80).noteOff(96, 1, 40).noteOn(0, 1, 41, 70).endOfTrack();
    const MidiSong song = parseMidi(smfFile(1, 96, {first, second}), "song.mid");
    REQUIRE(song.events.size() == 6);
    const int expectedTracks[] = {0, 1, 0, 0, 1, 1};
    const Type expectedTypes[] = {Type::NoteOn, Type::NoteOn, Type::NoteOff, Type::NoteOn, Type::NoteOff, Type::NoteOn};
    for (std::size_t i = 0; i < song.events.size(); ++i) {
        CHECK(song.events[i].track == expectedTracks[i]);
        CHECK(song.events[i].type == expectedTypes[i]);
    }
    CHECK(song.events[3].data2 == 90);
    CHECK(song.events[5].data1 == 41);
}

TEST_CASE("live channel messages decode like the file's, and anything else is refused", "[midi]") {
    using mynah::midi::MidiEvent;
    MidiEvent e;
    const unsigned char noteOn[] = {0x93, 60, 100};
    REQUIRE(mynah::midi::decodeChannelMessageBytes(noteOn, 3, &e));
    CHECK((e.type == MidiEvent::Type::NoteOn && e.channel == 3 && e.data1 == 60 && e.data2 == 100));
    const unsigned char silentOn[] = {0x90, 60, 0};
    REQUIRE(mynah::midi::decodeChannelMessageBytes(silentOn, 3, &e));
    CHECK(e.type == MidiEvent::Type::NoteOff);
    const unsigned char bend[] = {0xE0, 0x7F, 0x7F};
    REQUIRE(mynah::midi::decodeChannelMessageBytes(bend, 3, &e));
    CHECK((e.type == MidiEvent::Type::PitchBend && e.data1 == 8191));
    const unsigned char program[] = {0xC1, 5};
    REQUIRE(mynah::midi::decodeChannelMessageBytes(program, 2, &e));
    CHECK((e.type == MidiEvent::Type::ProgramChange && e.data1 == 5 && e.data2 == 0));
    const unsigned char sysex[] = {0xF0, 0x7E, 0x7F, 0xF7};
    const unsigned char shortNote[] = {0x90, 60};
    const unsigned char badData[] = {0x90, 0x90, 60};
    CHECK_FALSE(mynah::midi::decodeChannelMessageBytes(sysex, 4, &e));
    CHECK_FALSE(mynah::midi::decodeChannelMessageBytes(shortNote, 2, &e));
    CHECK_FALSE(mynah::midi::decodeChannelMessageBytes(badData, 3, &e));
    CHECK_FALSE(mynah::midi::decodeChannelMessageBytes(nullptr, 0, &e));
}
