// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Decodes channel voice messages (status 0x80..0xEF) into MidiEvents. Threads: any.
#include "mynah/midi/midi_file.h"

namespace mynah::midi {

constexpr unsigned kFirstChannelStatus = 0x80;
constexpr unsigned kFirstSystemStatus = 0xF0;

inline bool isChannelStatus(unsigned status) {
    return status >= kFirstChannelStatus && status < kFirstSystemStatus;
}

// 1 for program change and channel pressure, 2 for the others.
int dataByteCount(unsigned channelStatus);

// The event's type, channel, data1 and data2 (time, tick and track are left for the caller);
// `secondDataByte` is ignored for one-byte messages.
MidiEvent decodeChannelMessage(unsigned channelStatus, int firstDataByte, int secondDataByte);

}  // namespace mynah::midi
