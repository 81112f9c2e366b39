# SPDX-License-Identifier: GPL-3.0-or-later
"""A minimal Standard MIDI File (SMF) reader and writer: just what the instrument data needs.

Why our own: the training side may use only the standard library, numpy and scipy (no PyPI ``mido``), and
the neural-instrument data (instrument_data.py) needs to read the Nottingham melody files and to write the
expressive phrases that fluidsynth renders.

Reading (``read_midi``, ``read_notes``): formats 0 and 1 (format 2 is read as if it were 1), running status,
meta events (the tempo map is merged from every track), sysex skipped, note-on with velocity 0 taken as a
note-off, metrical division only (SMPTE division raises ValueError). Notes come back as
``Note(start_s, end_s, pitch, velocity)`` (a NamedTuple, so also a plain tuple), in seconds through the
tempo map; ``read_notes(..., in_beats=True)`` gives quarter notes (beats) instead. A note-on of a pitch that
is already sounding on its channel ends the sounding one (monophonic melody files never rely on stacking).

Writing (``write_midi``): format 0, one track, ``TICKS_PER_QUARTER`` = 480 by default, from a list of
``Event`` (note on/off, control change, pitch bend, program change, tempo) stamped in ticks. Events at the
same tick are written in a fixed order (tempo, program, control, pitch bend, note-off, note-on), so a
note-off never cuts a note-on of the same pitch and tick. ``seconds_to_ticks`` converts at a constant tempo.

    events = [Event(0, "tempo", value=us_per_quarter(120)), Event(0, "program", data1=40),
              Event(0, "note_on", data1=69, data2=90), Event(480, "note_off", data1=69)]
    write_midi(Path("a.mid"), events)
    read_notes(Path("a.mid"))   # [Note(start_s=0.0, end_s=0.5, pitch=69, velocity=90)]
"""
from __future__ import annotations

import dataclasses
import struct
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

TICKS_PER_QUARTER = 480
DEFAULT_US_PER_QUARTER = 500_000  # 120 bpm, the SMF default before any tempo event
EVENT_KINDS = ("tempo", "program", "control", "pitch_bend", "note_off", "note_on")
# Status nibble of each channel event kind; the order of EVENT_KINDS is the write order within a tick.
_STATUS = {"note_off": 0x80, "note_on": 0x90, "control": 0xB0, "program": 0xC0, "pitch_bend": 0xE0}
_KIND_OF_STATUS = {0x80: "note_off", 0x90: "note_on", 0xA0: "aftertouch", 0xB0: "control", 0xC0: "program",
                   0xD0: "channel_pressure", 0xE0: "pitch_bend"}


class Note(NamedTuple):
    start_s: float   # seconds (or beats with read_notes(..., in_beats=True))
    end_s: float
    pitch: int       # MIDI note number
    velocity: int    # 1 ... 127


@dataclasses.dataclass(frozen=True)
class Event:
    """One MIDI event at ``tick``. ``data1``: note, controller or program number; ``data2``: velocity or
    controller value; ``value``: pitch bend (-8192 ... 8191) or tempo (microseconds per quarter note)."""
    tick: int
    kind: str           # one of EVENT_KINDS (read_midi also yields "aftertouch" and "channel_pressure")
    channel: int = 0
    data1: int = 0
    data2: int = 0
    value: int = 0


@dataclasses.dataclass
class MidiFile:
    """A parsed file: its format, metrical division and each track's events (absolute ticks, file order)."""
    format: int
    ticks_per_quarter: int
    tracks: List[List[Event]]

    def tempo_map(self) -> List[Tuple[int, int]]:
        """(tick, microseconds per quarter) of every tempo change of all tracks, sorted, starting at tick 0."""
        changes = sorted((e.tick, e.value) for track in self.tracks for e in track if e.kind == "tempo")
        if not changes or changes[0][0] > 0:
            changes.insert(0, (0, DEFAULT_US_PER_QUARTER))
        return changes

    def seconds_at(self, tick: int) -> float:
        """Time in seconds of ``tick`` through the tempo map."""
        seconds, last_tick, tempo = 0.0, 0, DEFAULT_US_PER_QUARTER
        for change_tick, change_tempo in self.tempo_map():
            if change_tick >= tick:
                break
            seconds += (change_tick - last_tick) * tempo / (1e6 * self.ticks_per_quarter)
            last_tick, tempo = change_tick, change_tempo
        return seconds + (tick - last_tick) * tempo / (1e6 * self.ticks_per_quarter)


def us_per_quarter(bpm: float) -> int:
    """The tempo meta value for ``bpm`` quarter notes per minute."""
    return int(round(60e6 / bpm))


def seconds_to_ticks(seconds: float, bpm: float, ticks_per_quarter: int = TICKS_PER_QUARTER) -> int:
    """Ticks at a constant tempo of ``bpm``, rounded to the nearest tick."""
    return int(round(seconds * bpm / 60.0 * ticks_per_quarter))


# ---------------------------------------------------------------------------------------------- reading

def _read_varlen(data: bytes, pos: int) -> Tuple[int, int]:
    value = 0
    for _ in range(4):
        if pos >= len(data):
            raise ValueError("truncated variable-length quantity")
        byte = data[pos]
        pos += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos
    raise ValueError("variable-length quantity longer than 4 bytes")


def _parse_track(data: bytes) -> List[Event]:
    events: List[Event] = []
    pos, tick, running = 0, 0, 0   # running: the last channel status (running status)
    while pos < len(data):
        delta, pos = _read_varlen(data, pos)
        tick += delta
        if data[pos] & 0x80:
            status = data[pos]
            pos += 1
        elif running:
            status = running
        else:
            raise ValueError(f"running status without a previous channel status at byte {pos}")
        if status == 0xFF:                                   # meta event
            meta_type = data[pos]
            length, pos = _read_varlen(data, pos + 1)
            payload = data[pos:pos + length]
            pos += length
            if meta_type == 0x51 and length == 3:
                events.append(Event(tick, "tempo", value=int.from_bytes(payload, "big")))
            elif meta_type == 0x2F:
                break
        elif status in (0xF0, 0xF7):                         # sysex: skipped
            length, pos = _read_varlen(data, pos)
            pos += length
        elif status > 0xF0:
            raise ValueError(f"system message 0x{status:02X} in a track at byte {pos}")
        else:
            running = status   # kept across meta and sysex events too, as lenient readers do
            kind, channel = _KIND_OF_STATUS[status & 0xF0], status & 0x0F
            if kind in ("program", "channel_pressure"):
                events.append(Event(tick, kind, channel, data1=data[pos]))
                pos += 1
            else:
                a, b = data[pos], data[pos + 1]
                pos += 2
                if kind == "pitch_bend":
                    events.append(Event(tick, kind, channel, value=((b << 7) | a) - 8192))
                elif kind == "note_on" and b == 0:
                    events.append(Event(tick, "note_off", channel, data1=a, data2=64))
                else:
                    events.append(Event(tick, kind, channel, data1=a, data2=b))
    return events


def read_midi(path: Path) -> MidiFile:
    """Parse a Standard MIDI File (chunks other than MThd / MTrk are skipped)."""
    data = Path(path).read_bytes()
    if data[:4] != b"MThd":
        raise ValueError(f"{path}: not a Standard MIDI File")
    header_length = struct.unpack(">I", data[4:8])[0]
    fmt, n_tracks, division = struct.unpack(">HHh", data[8:14])
    if division <= 0:
        raise ValueError(f"{path}: SMPTE time division is not supported")
    tracks: List[List[Event]] = []
    pos = 8 + header_length
    while pos + 8 <= len(data) and len(tracks) < n_tracks:
        chunk_type, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        if chunk_type == b"MTrk":
            tracks.append(_parse_track(data[pos + 8:pos + 8 + length]))
        pos += 8 + length
    return MidiFile(fmt, division, tracks)


def read_notes(path: Path, channel: Optional[int] = None, in_beats: bool = False) -> List[Note]:
    """Notes of all tracks (of one ``channel`` if given), sorted by start, in seconds (or quarter notes)."""
    midi = read_midi(path)
    events = sorted((e for track in midi.tracks for e in track if e.kind in ("note_on", "note_off")
                     and (channel is None or e.channel == channel)),
                    key=lambda e: (e.tick, e.kind == "note_on"))   # note-offs first within a tick
    sounding: Dict[Tuple[int, int], Event] = {}
    spans: List[Tuple[int, int, int, int]] = []
    for event in events:
        key = (event.channel, event.data1)
        started = sounding.pop(key, None)
        if started is not None:
            spans.append((started.tick, event.tick, started.data1, started.data2))
        if event.kind == "note_on":
            sounding[key] = event
    last_tick = max((e.tick for track in midi.tracks for e in track), default=0)
    spans += [(e.tick, last_tick, e.data1, e.data2) for e in sounding.values()]   # never switched off
    if in_beats:
        time = lambda tick: tick / midi.ticks_per_quarter  # noqa: E731
    else:
        time = midi.seconds_at
    return [Note(time(a), time(b), pitch, velocity) for a, b, pitch, velocity in sorted(spans)]


# ---------------------------------------------------------------------------------------------- writing

def _varlen(value: int) -> bytes:
    if value < 0:
        raise ValueError("negative delta time")
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def _event_bytes(event: Event) -> bytes:
    if event.kind == "tempo":
        if not 0 < event.value < 1 << 24:
            raise ValueError(f"tempo {event.value} us per quarter out of range")
        return b"\xFF\x51\x03" + event.value.to_bytes(3, "big")
    if event.kind not in _STATUS:
        raise ValueError(f"cannot write a {event.kind!r} event")
    if not 0 <= event.channel < 16:
        raise ValueError(f"MIDI channel {event.channel} out of range")
    status = _STATUS[event.kind] | event.channel
    if event.kind == "pitch_bend":
        bend = event.value + 8192
        if not 0 <= bend < 16384:
            raise ValueError(f"pitch bend {event.value} out of range")
        return bytes([status, bend & 0x7F, bend >> 7])
    for data in (event.data1, event.data2):
        if not 0 <= data < 128:
            raise ValueError(f"data byte {data} out of range in {event}")
    if event.kind == "program":
        return bytes([status, event.data1])
    return bytes([status, event.data1, event.data2])


def write_midi(path: Path, events: Sequence[Event], ticks_per_quarter: int = TICKS_PER_QUARTER,
               end_tick: Optional[int] = None) -> None:
    """Write a format 0 file with one track holding ``events``, sorted by tick (and EVENT_KINDS within a
    tick). The end-of-track event goes at ``end_tick`` (default: the last event), which lets a renderer play
    on past the last note-off (fluidsynth stops rendering at the end of the track)."""
    order = {kind: i for i, kind in enumerate(EVENT_KINDS)}
    track = bytearray()
    tick = 0
    for event in sorted(events, key=lambda e: (e.tick, order[e.kind])):
        if event.tick < 0:
            raise ValueError(f"event before tick 0: {event}")
        track += _varlen(event.tick - tick) + _event_bytes(event)
        tick = event.tick
    track += _varlen(max(0, (end_tick if end_tick is not None else tick) - tick)) + b"\xFF\x2F\x00"
    header = b"MThd" + struct.pack(">IHHH", 6, 0, 1, ticks_per_quarter)
    Path(path).write_bytes(header + b"MTrk" + struct.pack(">I", len(track)) + bytes(track))
