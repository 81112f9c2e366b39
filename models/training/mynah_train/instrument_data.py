# SPDX-License-Identifier: GPL-3.0-or-later
"""Training and evaluation data for neural instruments: real melodies, played expressively, rendered by FluidSynth.

Why: a neural instrument learns to turn notes and controls into the sound of an instrument, so it needs
audio together with exactly the notes, dynamics and vibrato that made it, in the styles it will be played
with. Recordings with such labels are not available; SoundFont renderings of real tunes are, from Debian
packages only (scripts/install-deps.sh: fluidsynth, fluid-soundfont-gm, musescore-general-soundfont).

One phrase (``make_phrase``, then ``render_phrase``), for an instrument of instruments.py, a split and an index:

1. a melody of that split (melodies.py: half the draws from the Nottingham folk tunes, half from the Bach
   chorale lines) and a window of it starting on a beat, about 6-12 s long at the tempo drawn (60-160
   quarter notes per minute); rests longer than 2 beats are shortened to 1 beat;
2. transposed by a few semitones (-3 ... +3) and whole octaves into the instrument's comfortable range
   (its playable range when no transposition fits; another window when neither does);
3. played with expression: a phrase dynamic (base velocity 55-100) with per-note accents (on the beat,
   detached notes, the top of the line) and random variation; a phrase-level hairpin through CC11
   (expression): crescendo, diminuendo, swell, dip or two hairpins, plus a swell inside some long notes;
   vibrato on long notes through CC1 (the SoundFont 2 default modulator maps CC1 to vibrato depth): it
   starts 0.12-0.3 s into the note and grows over 0.15-0.4 s, with a rate set once per phrase through
   FluidSynth's SoundFont NRPN (generator 24, freqVibLFO, 4 cents per step, measured); legato
   (touching or overlapping the next note by up to 30 ms), normal (a 30-90 ms gap) and detached
   (35-65 % of the written length) articulations mixed in slurred runs; an optional ritardando over the
   last beats, onset jitter (sd 8 ms), an occasional dropped note (rest) or breath;
4. written as MIDI (midi_io: format 0, 480 ticks per quarter, one tempo) and rendered with
   ``fluidsynth -ni -q -R 0 -C 0 -g GAIN -r RATE -O float -T wav -F out.wav SOUNDFONT file.mid`` (no
   reverb, no chorus, float output so nothing clips inside FluidSynth), mixed to mono, checked (peak below
   -1 dBFS, not silent), trailing silence trimmed (below -60 dB re the peak, 50 ms kept, 10 ms fade) and
   written as 16-bit PCM.

GAIN is fixed per (SoundFont, instrument) in ``RENDER_GAINS`` (``python3 -m mynah_train.instrument_data
--calibrate`` re-measures it): the gain at which the loudest playing (velocity 127, CC11 127, vibrato,
two notes overlapping, across the comfortable range) peaks at -3 dBFS at 16 kHz. One gain for all phrases
keeps velocity and CC11 meaningful as loudness; typical phrases peak well below. A phrase that would
still peak above -1 dBFS is scaled down to -1 dBFS (``gain`` in its json says by how much).

Files, for phrase ``<instrument>_<split>_s<seed>_<index>`` in the output folder: ``.mid`` (what was
rendered), ``.wav`` (mono, 16-bit, ``rate_hz``) and ``.json`` (written last: a phrase is complete when
its json exists), holding: ``instrument``, ``program``, ``split``, ``index``, ``seed``, ``melody``,
``corpus``, ``source_beats`` [first, last], ``transpose_semitones``, ``tempo_bpm``, ``ritardando`` (share
by which the tempo slows at the very end), ``dynamics`` (the hairpin shape), ``vibrato_rate_hz``,
``soundfont`` (file name), ``gain`` (FluidSynth gain times any safety scaling), ``rate_hz``,
``duration_s``, ``peak_dbfs``, ``rms_dbfs`` and the events as read back from the .mid file, in seconds:
``notes`` (list of {start_s, end_s, pitch, velocity, articulation}; articulation is legato, normal,
detached or breath: shortened for a breath before the next note), ``cc11`` and ``cc1`` (lists of
[time_s, value], the first at 0 s), ``generator_version``. Times are those of the MIDI ticks (480 per
quarter: 0.8-2.1 ms steps); audio time 0 is MIDI time 0, the first note starts 0.15-0.4 s in.

Determinism: every draw comes from a random.Random seeded by SHA-256 of (instrument, split, index, seed),
so the same arguments give the same files (FluidSynth renders float output without dither). SoundFonts:
FluidR3_GM.sf2 (default, all splits); in the train split, odd indices use MuseScore_General_Full.sf3 when
it is installed, for a second timbre (val and test stay on FluidR3, so they do not change with the
variety of training data). Some MuseScore_General presets derive from FluidR3: rendering the same phrase,
its alto sax, trumpet and flute differ from FluidR3's by a residual 17, 9 and 7 dB down (after the best
gain), while its strings, oboe and clarinet are other samples (residual within 4 dB of the signal).

    /usr/bin/python3 -m mynah_train.instrument_data --instrument violin --split train --count 40 --out DIR
"""
from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import functools
import hashlib
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from .instruments import INSTRUMENTS, Instrument, instrument as get_instrument
from .melodies import SPLITS, Melody, MelodyNote, load_melodies
from .midi_io import Event, read_midi, read_notes, seconds_to_ticks, us_per_quarter, write_midi
from .wav import read_wav, write_wav

GENERATOR_VERSION = 1
FLUIDR3 = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
MUSESCORE = Path("/usr/share/sounds/sf3/MuseScore_General_Full.sf3")
DEFAULT_RATE_HZ = 16000
TEMPO_BPM = (60.0, 160.0)
PHRASE_SECONDS = (6.0, 12.0)
LEAD_IN_SECONDS = (0.15, 0.4)      # first note onset: lets program and controllers settle
TAIL_SECONDS = 1.5                 # rendered after the last note-off (release), then trimmed
PEAK_LIMIT_DBFS = -1.0
CALIBRATION_PEAK_DBFS = -3.0
TRIM_BELOW_PEAK_DB = 60.0
CONTROL_STEP_SECONDS = 0.03        # time step of the CC11 and CC1 curves
VIBRATO_MIN_SECONDS = 0.45         # notes shorter than this get no vibrato
DEFAULT_VIBRATO_LFO_HZ = 8.176     # SoundFont 2 default vibrato LFO rate (0 absolute cents)
NRPN_CENTS_PER_STEP = 4            # FluidSynth's NRPN scale of freqVibLFO (measured: -171 steps -> 5.52 Hz)
ARTICULATIONS = ("legato", "normal", "detached")

# FluidSynth -g per (SoundFont file name, instrument), measured by calibrate_gain at 16 kHz.
RENDER_GAINS: Dict[Tuple[str, str], float] = {
    ("FluidR3_GM.sf2", "violin"): 1.6,
    ("FluidR3_GM.sf2", "viola"): 1.6,
    ("FluidR3_GM.sf2", "cello"): 1.65,
    ("FluidR3_GM.sf2", "flute"): 1.37,
    ("FluidR3_GM.sf2", "oboe"): 1.19,
    ("FluidR3_GM.sf2", "clarinet"): 0.892,
    ("FluidR3_GM.sf2", "alto_sax"): 1.0,
    ("FluidR3_GM.sf2", "trumpet"): 0.921,
    ("MuseScore_General_Full.sf3", "violin"): 2.32,
    ("MuseScore_General_Full.sf3", "viola"): 1.91,
    ("MuseScore_General_Full.sf3", "cello"): 1.8,
    ("MuseScore_General_Full.sf3", "flute"): 1.83,
    ("MuseScore_General_Full.sf3", "oboe"): 1.62,
    ("MuseScore_General_Full.sf3", "clarinet"): 2.09,
    ("MuseScore_General_Full.sf3", "alto_sax"): 1.56,
    ("MuseScore_General_Full.sf3", "trumpet"): 1.03,
}


# ---------------------------------------------------------------------------------------------- the phrase

@dataclasses.dataclass
class Phrase:
    """One expressive phrase, ready to write as MIDI: its events and how they were drawn."""
    instrument: Instrument
    split: str
    index: int
    seed: int
    melody: Melody
    source_beats: Tuple[float, float]
    transpose_semitones: int
    tempo_bpm: float
    ritardando: float
    dynamics: str
    vibrato_rate_hz: float
    soundfont: Path
    events: List[Event]
    end_tick: int
    articulations: List[str]      # one per played note, in order of onset

    @property
    def name(self) -> str:
        return phrase_name(self.instrument.name, self.split, self.index, self.seed)


def phrase_name(instrument: str, split: str, index: int, seed: int) -> str:
    return f"{instrument}_{split}_s{seed}_{index:05d}"


def _rng(*key: object) -> random.Random:
    digest = hashlib.sha256("|".join(str(k) for k in key).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


@functools.lru_cache(maxsize=None)
def _melodies(split: str, corpus: str) -> Tuple[Melody, ...]:
    return tuple(m for m in load_melodies(split, (corpus,)) if len(m.notes) >= 4)


def default_soundfont(split: str, index: int) -> Path:
    """FluidR3 for val and test; in train, MuseScore_General for odd indices when it is installed."""
    if split == "train" and index % 2 == 1 and MUSESCORE.exists():
        return MUSESCORE
    return FLUIDR3


def _window(melody: Melody, target_beats: float, rng: random.Random) -> Tuple[Tuple[float, float], List[MelodyNote]]:
    """About ``target_beats`` of the melody from a note on a beat, rests over 2 beats cut to 1, from beat 0;
    and the span it came from (beats of the melody)."""
    notes = melody.notes
    end = notes[-1].end_beat
    starts = [i for i, n in enumerate(notes)
              if abs(n.start_beat - round(n.start_beat)) < 1e-6 and end - n.start_beat >= target_beats]
    first = rng.choice(starts) if starts else 0
    window: List[MelodyNote] = []
    shift = notes[first].start_beat
    for note in notes[first:]:
        if window:
            rest = note.start_beat - shift - window[-1].end_beat
            if rest > 2.0:
                shift += rest - 1.0
        if note.start_beat - shift >= target_beats:
            break
        window.append(MelodyNote(note.start_beat - shift, note.end_beat - shift, note.pitch))
    last = notes[first + len(window) - 1]
    return (notes[first].start_beat, last.end_beat), window


def _transposition(notes: Sequence[MelodyNote], inst: Instrument, rng: random.Random) -> Optional[int]:
    """Semitones moving the notes into the comfortable (else playable) range: a few semitones plus octaves."""
    low, high = min(n.pitch for n in notes), max(n.pitch for n in notes)
    few = rng.randint(-3, 3)
    for range_low, range_high in ((inst.comfortable_low, inst.comfortable_high), (inst.lowest, inst.highest)):
        octaves = [k for k in range(-6, 7) if range_low <= low + few + 12 * k and high + few + 12 * k <= range_high]
        if octaves:
            return few + 12 * rng.choice(octaves)
        anything = [t for t in range(-72, 73) if range_low <= low + t and high + t <= range_high]
        if anything:
            return rng.choice(anything)
    return None


def _beat_times(beats: np.ndarray, bpm: float, total_beats: float, ritardando: float,
                ritardando_beats: float) -> np.ndarray:
    """Seconds of each beat position: constant tempo, slowing linearly by ``ritardando`` at the end."""
    spb = 60.0 / bpm
    start = total_beats - ritardando_beats
    late = np.maximum(0.0, beats - start)
    return spb * (beats + ritardando * late ** 2 / (2.0 * max(ritardando_beats, 1e-9)))


def _dynamics_curve(duration: float, rng: random.Random) -> Tuple[str, List[Tuple[float, float]]]:
    """A phrase hairpin as (time, CC11) breakpoints."""
    low = rng.uniform(45.0, 85.0)
    high = rng.uniform(max(low + 15.0, 90.0), 127.0)
    shape = rng.choice(["crescendo", "diminuendo", "swell", "dip", "two_hairpins"])
    p = rng.uniform(0.3, 0.7) * duration
    if shape == "crescendo":
        points = [(0.0, low), (duration, high)]
    elif shape == "diminuendo":
        points = [(0.0, high), (duration, low)]
    elif shape == "swell":
        points = [(0.0, low), (p, high), (duration, rng.uniform(low - 10.0, low + 10.0))]
    elif shape == "dip":
        points = [(0.0, high), (p, low), (duration, high)]
    else:
        middle = (low + high) / 2
        points = [(0.0, low), (0.25 * duration, high), (0.5 * duration, low), (0.75 * duration, high),
                  (duration, middle)]
    return shape, points


def _control_events(controller: int, times: np.ndarray, values: np.ndarray, bpm: float) -> List[Event]:
    """CC events for a sampled curve, one per change of the integer value (the first always)."""
    events: List[Event] = []
    last = None
    for t, v in zip(times, np.clip(np.round(values), 0, 127).astype(int)):
        if v != last:
            events.append(Event(seconds_to_ticks(float(t), bpm), "control", data1=controller, data2=int(v)))
            last = v
    return events


def _nrpn_vibrato_rate(rate_hz: float) -> List[Event]:
    """SoundFont NRPN (MSB 120, generator 24 freqVibLFO) offsetting the vibrato LFO to ``rate_hz``
    (data LSB before MSB: FluidSynth applies the value on the MSB)."""
    steps = round(1200.0 * math.log2(rate_hz / DEFAULT_VIBRATO_LFO_HZ) / NRPN_CENTS_PER_STEP)
    value = 8192 + steps
    return [Event(0, "control", data1=99, data2=120), Event(0, "control", data1=98, data2=24),
            Event(0, "control", data1=38, data2=value & 0x7F), Event(0, "control", data1=6, data2=value >> 7)]


def _articulate(starts: np.ndarray, ends: np.ndarray, pitches: Sequence[int], rng: random.Random
                ) -> Tuple[np.ndarray, List[str]]:
    """Sounding note ends and articulation names: slurred runs of legato, normal and detached notes."""
    weights = {"legato": rng.uniform(0.2, 0.7), "normal": rng.uniform(0.2, 0.5), "detached": rng.uniform(0.05, 0.35)}
    names: List[str] = []
    out = ends.copy()
    current = rng.choices(ARTICULATIONS, [weights[a] for a in ARTICULATIONS])[0]
    n = len(starts)
    for i in range(n):
        if i and rng.random() > 0.6:
            current = rng.choices(ARTICULATIONS, [weights[a] for a in ARTICULATIONS])[0]
        written = ends[i] - starts[i]
        followed = i + 1 < n and starts[i + 1] - ends[i] < 0.01   # the next note follows without a rest
        articulation = current
        if i == n - 1:
            articulation = "legato" if current == "legato" else "normal"
            out[i] = ends[i] + written * rng.uniform(0.0, 0.4)   # a last note held a little longer
        elif articulation == "legato" and followed:
            if pitches[i + 1] == pitches[i]:
                out[i] = starts[i + 1] - 0.015                    # repeated note: re-articulated
            else:
                out[i] = starts[i + 1] + (0.0 if rng.random() < 0.4 else rng.uniform(0.005, 0.03))
        elif articulation == "detached":
            out[i] = starts[i] + max(0.07, written * rng.uniform(0.35, 0.65))
        else:
            if articulation == "legato":
                articulation = "normal"                           # a rest follows: nothing to tie to
            out[i] = ends[i] - min(0.25 * written, rng.uniform(0.03, 0.09))
        out[i] = max(out[i], starts[i] + 0.05)
        names.append(articulation)
    return out, names


def make_phrase(instrument: Union[str, Instrument], split: str, index: int, seed: int = 0,
                soundfont: Optional[Path] = None) -> Phrase:
    """Draw phrase ``index`` of ``split`` for ``instrument`` (deterministic in its arguments)."""
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (expected one of {', '.join(SPLITS)})")
    rng = _rng(inst.name, split, index, seed)
    bpm = 60e6 / us_per_quarter(round(rng.uniform(*TEMPO_BPM), 1))   # exactly the tempo the MIDI file holds
    seconds = rng.uniform(*PHRASE_SECONDS)
    for _ in range(50):
        corpus = rng.choice(["nottingham", "jsb"])
        # the repository's sample (melodies.SAMPLE_DIR) has no chorales: the other corpus then
        melody = rng.choice(_melodies(split, corpus) or _melodies(split, "jsb" if corpus == "nottingham" else "nottingham"))
        source_beats, window = _window(melody, seconds * bpm / 60.0, rng)
        transpose = _transposition(window, inst, rng) if len(window) >= 4 else None
        if transpose is not None:
            break
    else:
        raise RuntimeError(f"no melody of {split} fits {inst.name} ({inst.lowest}-{inst.highest})")
    return _perform(inst, split, index, seed, rng, melody, source_beats, window, transpose, bpm,
                    soundfont if soundfont is not None else default_soundfont(split, index))


def _perform(inst: Instrument, split: str, index: int, seed: int, rng: random.Random, melody: Melody,
             source_beats: Tuple[float, float], window: List[MelodyNote], transpose: int, bpm: float,
             soundfont: Path) -> Phrase:
    """Timing, articulation, dynamics and vibrato of a transposed melody window, as MIDI events."""
    # which notes sound: an occasional dropped note (a rest) inside the phrase
    keep = [True] * len(window)
    if len(window) >= 6 and rng.random() < 0.35:
        keep[rng.randrange(2, len(window) - 2)] = False
    total_beats = window[-1].end_beat
    ritardando = rng.uniform(0.1, 0.35) if rng.random() < 0.6 else 0.0
    lead = rng.uniform(*LEAD_IN_SECONDS)
    beats = lambda b: lead + _beat_times(np.asarray(b, dtype=float), bpm, total_beats, ritardando,  # noqa: E731
                                         min(4.0, total_beats / 3))
    played = [n for n, k in zip(window, keep) if k]
    starts = beats([n.start_beat for n in played])
    ends = beats([n.end_beat for n in played])
    jitter = np.clip(np.array([rng.gauss(0.0, 0.008) for _ in played]), -0.02, 0.02)
    jitter[0] = 0.0
    starts = starts + jitter
    for i in range(1, len(starts)):                  # keep onsets in order, 30 ms apart at least
        starts[i] = max(starts[i], starts[i - 1] + 0.03)
    ends = np.maximum(ends, starts + 0.05)
    pitches = [n.pitch + transpose for n in played]
    ends, articulations = _articulate(starts, ends, pitches, rng)
    if len(played) >= 4 and rng.random() < 0.3:      # a breath: a gap carved out before a note
        i = rng.randrange(1, len(played) - 1)
        gap = rng.uniform(0.1, 0.25)
        ends[i - 1] = max(starts[i - 1] + 0.5 * (ends[i - 1] - starts[i - 1]), min(ends[i - 1], starts[i] - gap))
        articulations[i - 1] = "breath"

    # velocities: phrase dynamic, accents, line, random
    base = rng.uniform(55.0, 100.0)
    mean_pitch = float(np.mean(pitches))
    velocities = []
    for note, pitch, articulation in zip(played, pitches, articulations):
        on_beat = abs(note.start_beat - round(note.start_beat)) < 1e-6
        v = base + (6.0 if on_beat else -3.0) + 0.4 * (pitch - mean_pitch) + rng.gauss(0.0, 6.0)
        v += 4.0 if articulation == "detached" else 0.0
        velocities.append(int(np.clip(round(v), 20, 127)))

    duration = float(ends.max())
    grid = np.arange(0.0, duration + CONTROL_STEP_SECONDS, CONTROL_STEP_SECONDS)
    # CC11: phrase hairpin plus a swell inside some long notes
    dynamics, points = _dynamics_curve(duration, rng)
    cc11 = np.interp(grid, [p[0] for p in points], [p[1] for p in points])
    for s, e in zip(starts, ends):
        if e - s >= 1.0 and rng.random() < 0.3:
            inside = (grid >= s) & (grid <= e)
            cc11[inside] += rng.uniform(6.0, 14.0) * np.sin(np.pi * (grid[inside] - s) / (e - s))
    cc11 = np.clip(cc11, 10.0, 127.0)
    # CC1: 0 at every onset; delayed, growing vibrato on some long notes
    vibrato_rate = rng.uniform(*inst.vibrato_rate_hz)
    phrase_depth = rng.uniform(*inst.vibrato_depth)
    cc1 = np.zeros_like(grid)
    for i, (s, e) in enumerate(zip(starts, ends)):
        stop = starts[i + 1] if i + 1 < len(starts) else e
        if e - s < VIBRATO_MIN_SECONDS or rng.random() >= inst.vibrato_share:
            continue
        depth = phrase_depth * rng.uniform(0.8, 1.2)
        delay = min(rng.uniform(0.12, 0.3), 0.4 * (e - s))
        ramp = min(rng.uniform(0.15, 0.4), 0.4 * (e - s))
        inside = (grid >= s) & (grid < stop)
        cc1[inside] = depth * np.clip((grid[inside] - s - delay) / ramp, 0.0, 1.0)

    events = [Event(0, "tempo", value=us_per_quarter(bpm)),
              Event(0, "control", data1=0, data2=0),           # bank 0 (GM)
              Event(0, "program", data1=inst.program),
              Event(0, "control", data1=7, data2=100),         # channel volume: the GM default
              Event(0, "control", data1=10, data2=64),         # pan: centre
              Event(0, "control", data1=91, data2=0),          # no reverb send
              Event(0, "control", data1=93, data2=0),          # no chorus send
              Event(0, "pitch_bend", value=0)]
    events += _nrpn_vibrato_rate(vibrato_rate)
    events += _control_events(11, grid, cc11, bpm)
    events += _control_events(1, grid, cc1, bpm)
    for s, e, pitch, velocity in zip(starts, ends, pitches, velocities):
        on, off = seconds_to_ticks(float(s), bpm), seconds_to_ticks(float(e), bpm)
        events += [Event(on, "note_on", data1=pitch, data2=velocity), Event(max(off, on + 1), "note_off", data1=pitch)]
    end_tick = seconds_to_ticks(duration + TAIL_SECONDS, bpm)
    return Phrase(inst, split, index, seed, melody, source_beats, transpose,
                  round(bpm, 3), round(ritardando, 4), dynamics, round(vibrato_rate, 3), Path(soundfont), events,
                  end_tick, articulations)


# ---------------------------------------------------------------------------------------------- rendering

def _fluidsynth() -> str:
    exe = shutil.which("fluidsynth")
    if exe is None:
        raise RuntimeError("fluidsynth is not installed (scripts/install-deps.sh installs it)")
    return exe


def render_midi(midi_path: Path, soundfont: Path, rate_hz: int = DEFAULT_RATE_HZ, gain: float = 1.0) -> np.ndarray:
    """FluidSynth's rendering of a MIDI file, mixed to mono float32 (no reverb, no chorus; float output,
    so nothing is clipped here: the caller checks the peak)."""
    if not Path(soundfont).is_file():
        raise FileNotFoundError(f"SoundFont {soundfont} not found (scripts/install-deps.sh installs "
                                "fluid-soundfont-gm and musescore-general-soundfont)")
    if not 0.0 < gain < 10.0:
        raise ValueError(f"FluidSynth gain {gain} outside (0, 10)")
    with tempfile.TemporaryDirectory(prefix="mynah-fluidsynth-") as tmp:
        out = Path(tmp) / "out.wav"
        command = [_fluidsynth(), "-ni", "-q", "-R", "0", "-C", "0", "-g", f"{gain:.6g}", "-r", str(int(rate_hz)),
                   "-O", "float", "-T", "wav", "-o", "synth.dynamic-sample-loading=1", "-F", str(out),
                   str(soundfont), str(midi_path)]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0 or not out.exists():
            raise RuntimeError(f"fluidsynth failed (exit {result.returncode}): {result.stderr.strip()[-500:]}")
        rate, audio = read_wav(out)
    if rate != int(rate_hz):
        raise RuntimeError(f"fluidsynth wrote {rate} Hz instead of {rate_hz} Hz")
    return audio


def calibrate_gain(instrument: Union[str, Instrument], soundfont: Path, rate_hz: int = DEFAULT_RATE_HZ) -> float:
    """FluidSynth gain at which the loudest playing peaks at CALIBRATION_PEAK_DBFS: velocity 127, CC11 127,
    the deepest vibrato, notes every 2 semitones over the comfortable range, each overlapping the next by
    30 ms (legato)."""
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    bpm = 120.0
    events = [Event(0, "tempo", value=us_per_quarter(bpm)), Event(0, "program", data1=inst.program),
              Event(0, "control", data1=11, data2=127), Event(0, "control", data1=1, data2=inst.vibrato_depth[1])]
    t = 0.1
    for pitch in range(inst.comfortable_low, inst.comfortable_high + 1, 2):
        events += [Event(seconds_to_ticks(t, bpm), "note_on", data1=pitch, data2=127),
                   Event(seconds_to_ticks(t + 0.63, bpm), "note_off", data1=pitch)]
        t += 0.6
    with tempfile.TemporaryDirectory(prefix="mynah-calibrate-") as tmp:
        midi = Path(tmp) / "loud.mid"
        write_midi(midi, events, end_tick=seconds_to_ticks(t + 1.0, bpm))
        peak = float(np.abs(render_midi(midi, soundfont, rate_hz, 1.0)).max())
    return float(f"{10 ** (CALIBRATION_PEAK_DBFS / 20) / peak:.3g}")


@functools.lru_cache(maxsize=None)
def render_gain(instrument: str, soundfont: Path) -> float:
    """The gain of RENDER_GAINS, else measured now (calibrate_gain at 16 kHz)."""
    known = RENDER_GAINS.get((Path(soundfont).name, instrument))
    return known if known is not None else calibrate_gain(instrument, soundfont)


def trim_trailing_silence(audio: np.ndarray, rate_hz: int, keep_until_s: float = 0.0) -> np.ndarray:
    """Cut after the last 10 ms block louder than TRIM_BELOW_PEAK_DB under the peak (keeping 50 ms, never
    before ``keep_until_s``), with a 10 ms fade-out."""
    block = max(1, int(0.01 * rate_hz))
    n_blocks = len(audio) // block
    if n_blocks == 0:
        return audio.copy()
    envelope = np.abs(audio[:n_blocks * block]).reshape(n_blocks, block).max(axis=1)
    loud = np.nonzero(envelope > envelope.max() * 10 ** (-TRIM_BELOW_PEAK_DB / 20))[0]
    end = (int(loud[-1]) + 1) * block if len(loud) else 0
    end = min(len(audio), max(end, int(keep_until_s * rate_hz)) + int(0.05 * rate_hz))
    out = audio[:end].astype(np.float32, copy=True)
    fade = min(block, len(out))
    out[len(out) - fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    return out


def phrase_paths(out_dir: Path, instrument: str, split: str, index: int, seed: int = 0) -> Tuple[Path, Path, Path]:
    """(.wav, .json, .mid) of a phrase in ``out_dir``."""
    stem = Path(out_dir) / phrase_name(instrument, split, index, seed)
    return stem.with_suffix(".wav"), stem.with_suffix(".json"), stem.with_suffix(".mid")


def _db(x: float) -> float:
    return round(20.0 * math.log10(max(x, 1e-10)), 2)


def render_phrase(phrase: Phrase, out_dir: Path, rate_hz: int = DEFAULT_RATE_HZ) -> Path:
    """Write the phrase's .mid, render it, check and write its .wav, then its .json; the .wav path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wav_path, json_path, midi_path = phrase_paths(out_dir, phrase.instrument.name, phrase.split, phrase.index,
                                                  phrase.seed)
    write_midi(midi_path, phrase.events, end_tick=phrase.end_tick)
    notes = read_notes(midi_path)
    if len(notes) != len(phrase.articulations):
        raise RuntimeError(f"{midi_path}: {len(notes)} notes read back, {len(phrase.articulations)} written")
    gain = render_gain(phrase.instrument.name, phrase.soundfont)
    audio = render_midi(midi_path, phrase.soundfont, rate_hz, gain)
    limit = 10 ** (PEAK_LIMIT_DBFS / 20)
    peak = float(np.abs(audio).max())
    if peak > limit:                                  # safety: the calibrated gain keeps this rare
        audio *= limit / peak
        gain *= limit / peak
    last_end = max(n.end_s for n in notes)
    audio = trim_trailing_silence(audio, rate_hz, last_end)
    peak = float(np.abs(audio).max())
    rms = float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))
    if rms < 10 ** (-60 / 20):
        raise RuntimeError(f"{phrase.name}: rendering is silent (RMS {_db(rms)} dBFS)")

    midi = read_midi(midi_path)
    controls = [e for e in midi.tracks[0] if e.kind == "control"]
    curve = lambda cc: [[round(midi.seconds_at(e.tick), 6), e.data2] for e in controls if e.data1 == cc]  # noqa: E731
    record = {
        "generator_version": GENERATOR_VERSION,
        "instrument": phrase.instrument.name, "program": phrase.instrument.program,
        "split": phrase.split, "index": phrase.index, "seed": phrase.seed,
        "melody": phrase.melody.name, "corpus": phrase.melody.corpus, "source_beats": list(phrase.source_beats),
        "transpose_semitones": phrase.transpose_semitones, "tempo_bpm": phrase.tempo_bpm,
        "ritardando": phrase.ritardando, "dynamics": phrase.dynamics, "vibrato_rate_hz": phrase.vibrato_rate_hz,
        "soundfont": phrase.soundfont.name, "gain": round(gain, 6), "rate_hz": int(rate_hz),
        "duration_s": round(len(audio) / rate_hz, 6), "peak_dbfs": _db(peak), "rms_dbfs": _db(rms),
        "notes": [{"start_s": round(n.start_s, 6), "end_s": round(n.end_s, 6), "pitch": n.pitch,
                   "velocity": n.velocity, "articulation": a} for n, a in zip(notes, phrase.articulations)],
        "cc11": curve(11), "cc1": curve(1),
    }
    partial_wav = wav_path.with_name(wav_path.stem + ".partial.wav")
    write_wav(partial_wav, audio, rate_hz)
    os.replace(partial_wav, wav_path)
    partial_json = json_path.with_name(json_path.stem + ".partial.json")
    partial_json.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    os.replace(partial_json, json_path)
    return wav_path


def _soundfont_for(soundfont: Union[None, str, Path, Sequence[Union[str, Path]]], split: str, index: int) -> Path:
    if soundfont is None:
        return default_soundfont(split, index)
    if isinstance(soundfont, (str, Path)):
        return Path(soundfont)
    return Path(soundfont[index % len(soundfont)])


def build_dataset(instrument: str, split: str, count: int, out_dir: Path, rate_hz: int = DEFAULT_RATE_HZ,
                  seed: int = 0, soundfont: Union[None, str, Path, Sequence[Union[str, Path]]] = None,
                  jobs: int = 1, verbose: bool = False) -> List[Path]:
    """The .wav paths of phrases 0 ... count-1 of ``split`` for ``instrument`` in ``out_dir``, rendering
    those whose .json is missing (so an interrupted run resumes). ``soundfont``: None for the default
    (default_soundfont), one path for all phrases, or a list used in turn by index. ``jobs`` phrases
    render at once."""
    get_instrument(instrument)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for corpus in ("nottingham", "jsb"):
        _melodies(split, corpus)                      # load once, before any thread

    def one(index: int) -> Path:
        wav_path, json_path, _ = phrase_paths(out_dir, instrument, split, index, seed)
        if wav_path.exists() and json_path.exists():
            done = json.loads(json_path.read_text(encoding="utf-8"))
            if done.get("rate_hz") != rate_hz or done.get("generator_version") != GENERATOR_VERSION:
                raise ValueError(f"{json_path} was made at {done.get('rate_hz')} Hz by generator version "
                                 f"{done.get('generator_version')}, not {rate_hz} Hz / {GENERATOR_VERSION}: "
                                 "use another output folder")
            return wav_path
        started = time.monotonic()
        phrase = make_phrase(instrument, split, index, seed, _soundfont_for(soundfont, split, index))
        path = render_phrase(phrase, out_dir, rate_hz)
        if verbose:
            print(f"{path.name}: {phrase.melody.name}, {phrase.soundfont.name}, "
                  f"{time.monotonic() - started:.2f} s", flush=True)
        return path

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, range(count)))


def _print_calibration() -> None:
    print("RENDER_GAINS: Dict[Tuple[str, str], float] = {")
    for soundfont in (FLUIDR3, MUSESCORE):
        if soundfont.exists():
            for name in INSTRUMENTS:
                print(f'    ("{soundfont.name}", "{name}"): {calibrate_gain(name, soundfont)},', flush=True)
    print("}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instrument", choices=list(INSTRUMENTS))
    parser.add_argument("--split", choices=SPLITS)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--rate", type=int, default=DEFAULT_RATE_HZ, help="sample rate in Hz (default 16000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--soundfont", type=Path, action="append",
                        help="SoundFont for every phrase (repeat to alternate by index); default: FluidR3_GM, "
                             "and MuseScore_General for odd train indices")
    parser.add_argument("--jobs", type=int, default=1, help="phrases rendered at once")
    parser.add_argument("--calibrate", action="store_true", help="measure and print RENDER_GAINS, then exit")
    args = parser.parse_args(argv)
    if args.calibrate:
        _print_calibration()
        return 0
    if args.instrument is None or args.split is None or args.out is None:
        parser.error("--instrument, --split and --out are required")
    started = time.monotonic()
    try:
        paths = build_dataset(args.instrument, args.split, args.count, args.out, args.rate, args.seed,
                              args.soundfont, args.jobs, verbose=True)
    except (OSError, ValueError, RuntimeError) as error:
        print(f"instrument_data: {error}", file=sys.stderr)
        return 1
    print(f"{len(paths)} phrases in {args.out} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
