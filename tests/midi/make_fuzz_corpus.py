#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the generated seed files of tests/fuzz/corpus/midi/ (run from anywhere, no arguments):

  format1_tempo_map.mid   tempo track with two tempo changes, two instrument tracks using running
                          status, pitch bend, controllers, program changes, sysex and assorted meta events
  format0_channels.mid    one track, four channels, note-on velocity 0 as note-off, channel and poly
                          pressure, a delta time of 1 written in 4 bytes (the longest form)
  lenient_structure.mid   what the reader tolerates: an 8-byte header, an unknown chunk, a track
                          without End-of-Track, garbage after the last track

The Nottingham melodies next to them are copies from ../shared (see the corpus README).
"""
import struct
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "midi"


def vlq(value: int) -> bytes:
    groups = [value & 0x7F]
    value >>= 7
    while value:
        groups.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(groups))


def track(*events) -> bytes:
    """events: (delta, data) pairs; delta in ticks, or already encoded (bytes)."""
    return b"".join((delta if isinstance(delta, bytes) else vlq(delta)) + bytes(data) for delta, data in events)


def chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack(">I", len(body)) + body


def header(fmt: int, tracks: int, ticks_per_quarter: int, extra: bytes = b"") -> bytes:
    return chunk(b"MThd", struct.pack(">HHH", fmt, tracks, ticks_per_quarter) + extra)


def tempo(us_per_quarter: int):
    return [0xFF, 0x51, 0x03] + list(us_per_quarter.to_bytes(3, "big"))


END = [0xFF, 0x2F, 0x00]


def format1_tempo_map() -> bytes:
    conductor = track((0, [0xFF, 0x03, 5] + list(b"tempo")), (0, [0xFF, 0x58, 4, 4, 2, 24, 8]),
                      (0, tempo(500000)), (960, tempo(300000)), (960, tempo(750000)), (960, END))
    lead = track((0, [0xF0, 5, 0x7E, 0x7F, 0x09, 0x01, 0xF7]), (0, [0xC0, 73]), (0, [0xB0, 7, 100]),
                 (0, [0x90, 72, 96]), (240, [74, 90]), (240, [72, 0]), (0, [0xE0, 0, 0x50]),
                 (120, [0x7F, 0x7F]), (120, [0, 0x40]), (0, [0x80, 74, 64]), (0, [0xFF, 0x01, 3] + list(b"end")),
                 (480, [0x90, 76, 80]), (960, [76, 0]), (0, END))
    bass = track((0, [0xC1, 33]), (0, [0x91, 36, 110]), (960, [36, 0]), (0, [38, 100]), (960, [0x81, 38, 0]),
                 (0, [0xF7, 2, 0x43, 0x10]), (0, [0x91, 40, 100]), (960, [40, 0]), (0, END))
    return header(1, 3, 480) + chunk(b"MTrk", conductor) + chunk(b"MTrk", lead) + chunk(b"MTrk", bass)


def format0_channels() -> bytes:
    events = []
    for step, note in enumerate([60, 64, 67, 72]):
        channel = step
        events += [(0 if step == 0 else 96, [0x90 | channel, note, 100]), (0, [0xD0 | channel, 40 + step]),
                   (48, [0xA0 | channel, note, 20]), (48, [0x90 | channel, note, 0])]
    events += [(b"\x80\x80\x80\x01", [0xFF, 0x06, 4] + list(b"mark")), (0, [0x99, 42, 127]), (10, [42, 0]), (0, END)]
    return header(0, 1, 96) + chunk(b"MTrk", track(*events))


def lenient_structure() -> bytes:
    no_end = track((0, [0x90, 62, 70]), (192, [0x80, 62, 0]), (0, [0x90, 65, 70]), (192, [65, 0]))
    return (header(1, 1, 192, extra=b"\x00\x00") + chunk(b"XFIH", b"\x01\x02\x03") + chunk(b"MTrk", no_end)
            + b"\xde\xad\xbe\xefMTrk\xff\xff\xff\xff")


def main() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    for name, make in [("format1_tempo_map", format1_tempo_map), ("format0_channels", format0_channels),
                       ("lenient_structure", lenient_structure)]:
        data = make()
        assert len(data) < 2048, name
        (CORPUS / f"{name}.mid").write_bytes(data)
        print(f"{name}.mid: {len(data)} bytes")


if __name__ == "__main__":
    main()
