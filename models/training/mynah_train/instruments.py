# SPDX-License-Identifier: GPL-3.0-or-later
"""The instruments Mynah's neural-instrument data is rendered for: General MIDI program, ranges, vibrato habits.

Why a registry: instrument_data.py transposes real melodies into each instrument's comfortable range and
plays them with that instrument's kind of expression; this is the one place that knows the numbers.

- ``program``: the General MIDI program, 0-based as sent in a MIDI program change (GM's "Violin" is
  program 41 in 1-based tables, 40 here). Both installed SoundFonts have these presets in bank 0
  (fluid-soundfont-gm's FluidR3_GM.sf2 and musescore-general-soundfont's MuseScore_General_Full.sf3).
- ``lowest`` ... ``highest``: the playable range, sounding (concert) pitch as MIDI notes, from the usual
  orchestration tables (violin G3-E7, flute C4-C7, trumpet F#3-C6, cello C2-E5, alto sax Db3-Ab5, ...).
- ``comfortable_low`` ... ``comfortable_high``: where a melody is transposed to (by octaves and a few
  semitones), leaving out the extremes that players avoid and SoundFonts sample worst.
- ``vibrato_*``: how a player of the instrument uses vibrato on long notes, as instrument_data.py plays it:
  the share of long notes with vibrato, the CC1 (modulation wheel) depth range and the vibrato rate range.
  The SoundFont 2 default modulator maps CC1 to the vibrato LFO's pitch depth, 50 cents at 127 (measured
  with FluidSynth 2.3.1: CC1 64 on the trumpet, whose samples have no vibrato of their own, swings the pitch
  by +-18 cents); the string and saxophone samples of both SoundFonts already carry a vibrato of about
  +-10 to +-15 cents, which CC1 deepens. Strings vibrate most, the trumpet least.
"""
from __future__ import annotations

import dataclasses
from typing import Dict, List, Tuple


@dataclasses.dataclass(frozen=True)
class Instrument:
    name: str                              # registry name, used in file names and on the command line
    program: int                           # General MIDI program, 0-based
    lowest: int                            # playable range, MIDI notes (sounding pitch)
    highest: int
    comfortable_low: int                   # range melodies are transposed into
    comfortable_high: int
    vibrato_share: float                   # share of long notes played with vibrato
    vibrato_depth: Tuple[int, int]         # CC1 range at full vibrato
    vibrato_rate_hz: Tuple[float, float]   # vibrato LFO rate range (one draw per phrase)
    description: str

    def __post_init__(self) -> None:
        assert 0 <= self.program < 128, self
        assert self.lowest <= self.comfortable_low < self.comfortable_high <= self.highest, self


INSTRUMENTS: Dict[str, Instrument] = {i.name: i for i in [
    Instrument("violin", 40, 55, 100, 60, 88, 0.85, (20, 60), (5.0, 6.5), "violin, G3-E7 (comfortable C4-E6)"),
    Instrument("viola", 41, 48, 88, 52, 79, 0.85, (20, 60), (4.8, 6.2), "viola, C3-E6 (comfortable E3-G5)"),
    Instrument("cello", 42, 36, 76, 40, 69, 0.85, (20, 60), (4.5, 6.0), "cello, C2-E5 (comfortable E2-A4)"),
    Instrument("flute", 73, 60, 96, 64, 91, 0.6, (15, 45), (4.5, 6.0), "flute, C4-C7 (comfortable E4-G6)"),
    Instrument("oboe", 68, 58, 91, 60, 86, 0.5, (15, 40), (4.8, 6.0), "oboe, Bb3-G6 (comfortable C4-D6)"),
    Instrument("clarinet", 71, 50, 91, 52, 84, 0.1, (10, 25), (5.0, 6.0),
               "clarinet in Bb, sounding D3-G6 (comfortable E3-C6); clarinettists rarely use vibrato"),
    Instrument("alto_sax", 65, 49, 80, 51, 76, 0.5, (15, 45), (5.0, 6.0),
               "alto saxophone, sounding Db3-Ab5 (comfortable Eb3-E5)"),
    Instrument("trumpet", 56, 54, 84, 58, 79, 0.25, (10, 35), (5.0, 6.5),
               "trumpet in Bb, sounding F#3-C6 (comfortable Bb3-G5)"),
]}


def instrument(name: str) -> Instrument:
    """The registry entry ``name`` (ValueError listing the known names otherwise)."""
    if name not in INSTRUMENTS:
        raise ValueError(f"unknown instrument {name!r} (known: {', '.join(INSTRUMENTS)})")
    return INSTRUMENTS[name]


def instrument_names() -> List[str]:
    return list(INSTRUMENTS)
