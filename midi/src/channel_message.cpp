// SPDX-License-Identifier: GPL-3.0-or-later
#include "channel_message.h"

namespace mynah::midi {

namespace {

enum MessageKind : unsigned {
    kNoteOff = 0x8,
    kNoteOn = 0x9,
    kPolyPressure = 0xA,
    kController = 0xB,
    kProgramChange = 0xC,
    kChannelPressure = 0xD,
    kPitchBend = 0xE,
};

constexpr int kPitchBendCentre = 8192;

unsigned kindOf(unsigned channelStatus) {
    return channelStatus >> 4;
}

MidiEvent::Type typeOf(unsigned kind, int secondDataByte) {
    using Type = MidiEvent::Type;
    switch (kind) {
        case kNoteOn: return secondDataByte == 0 ? Type::NoteOff : Type::NoteOn;
        case kPolyPressure: return Type::PolyPressure;
        case kController: return Type::Controller;
        case kProgramChange: return Type::ProgramChange;
        case kChannelPressure: return Type::ChannelPressure;
        case kPitchBend: return Type::PitchBend;
        case kNoteOff:
        default: return Type::NoteOff;  // only kNoteOff reaches here: callers pass channel statuses
    }
}

}  // namespace

int dataByteCount(unsigned channelStatus) {
    const unsigned kind = kindOf(channelStatus);
    return kind == kProgramChange || kind == kChannelPressure ? 1 : 2;
}

bool decodeChannelMessageBytes(const unsigned char* bytes, int numBytes, MidiEvent* event) {
    if (bytes == nullptr || numBytes < 2 || !isChannelStatus(bytes[0])) return false;
    const int count = dataByteCount(bytes[0]);
    if (numBytes < 1 + count || bytes[1] > 0x7F || (count == 2 && bytes[2] > 0x7F)) return false;
    const MidiEvent decoded = decodeChannelMessage(bytes[0], bytes[1], count == 2 ? bytes[2] : 0);
    event->type = decoded.type;
    event->channel = decoded.channel;
    event->data1 = decoded.data1;
    event->data2 = decoded.data2;
    return true;
}

MidiEvent decodeChannelMessage(unsigned channelStatus, int firstDataByte, int secondDataByte) {
    const unsigned kind = kindOf(channelStatus);
    MidiEvent event;
    event.channel = static_cast<int>(channelStatus & 0x0Fu);
    event.type = typeOf(kind, secondDataByte);
    if (kind == kPitchBend) {
        event.data1 = ((secondDataByte << 7) | firstDataByte) - kPitchBendCentre;  // LSB first, then MSB
    } else {
        event.data1 = firstDataByte;
        event.data2 = dataByteCount(channelStatus) == 2 ? secondDataByte : 0;
    }
    return event;
}

}  // namespace mynah::midi
