# SPDX-License-Identifier: GPL-3.0-or-later
"""Real tunes for the neural-instrument data: monophonic melodies from two corpora, in fixed splits.

Why real tunes: random notes do not teach a model the intervals, rhythms and phrase shapes it will be played
with; folk tunes and chorale lines do. The corpora live in ``../shared/data/melodies`` (README.md there;
``$MYNAH_MELODY_DIR`` overrides the folder):

- ``nottingham``: the Nottingham Music Database (1,034 British/Irish folk tunes, GPL-3.0), one monophonic
  ``MIDI/melody/<tune>.mid`` each, read with midi_io. 22 files hold a few double stops: the top note of
  notes that start together is kept, and a note is cut where the next one starts. Split by a stable hash of
  the file name (``nottingham_split``: SHA-256 of e.g. ``jigs12.mid``; 0 -> test, 1 -> val, else train: about
  80 / 10 / 10 %), so a tune never changes split when files are added or removed.
- ``jsb``: the 382 Bach chorales of ``jsb-chorales-16th.json`` (public domain music; Boulanger-Lewandowski
  2012): per split (``train``, ``valid``, ``test``), a list of chorales, each a list of 16th-note steps,
  each step the sounding pitches in voice order soprano, alto, tenor, bass. Every voice becomes its own
  monophonic line (``jsb-train-003-alto``); equal consecutive pitches are joined into one note (the data
  does not tell a held note from a repeated one). A step with fewer than four pitches gives its pitches,
  in order, to the voices whose previous pitches they are closest to; the others rest. The dataset's own
  split is kept (``valid`` is called ``val`` here), and all four voices of a chorale share its split.

Times are in beats (quarter notes): a melody carries no tempo (instrument_data.py picks one). Splits are
named as in sentences.py: ``train``, ``val``, ``test``; ``load_melodies`` never mixes them.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
import os
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from .midi_io import read_notes

SPLITS = ("train", "val", "test")
CORPORA = ("nottingham", "jsb")
CHORALE_VOICES = ("soprano", "alto", "tenor", "bass")
_JSB_SPLIT_NAMES = {"train": "train", "val": "valid", "test": "test"}
_REPO = Path(__file__).resolve().parents[3]


@dataclasses.dataclass(frozen=True)
class MelodyNote:
    start_beat: float
    end_beat: float
    pitch: int   # MIDI note number


@dataclasses.dataclass(frozen=True)
class Melody:
    name: str                        # unique over corpora and splits, e.g. nottingham-jigs12, jsb-val-004-tenor
    corpus: str                      # one of CORPORA
    split: str                       # one of SPLITS
    notes: Tuple[MelodyNote, ...]    # sorted, not overlapping; gaps are rests

    @property
    def length_beats(self) -> float:
        return self.notes[-1].end_beat - self.notes[0].start_beat if self.notes else 0.0


SAMPLE_DIR = Path(__file__).resolve().parents[1] / "melody_sample"  # 32 Nottingham tunes, in the repo


def melody_dir() -> Path:
    """$MYNAH_MELODY_DIR, else shared/data/melodies in or next to the repository, else the repository's
    small sample (models/training/melody_sample: Nottingham only), so that tests run on any clone."""
    if os.environ.get("MYNAH_MELODY_DIR"):
        return Path(os.environ["MYNAH_MELODY_DIR"])
    for candidate in (_REPO / "shared" / "data" / "melodies", _REPO.parent / "shared" / "data" / "melodies"):
        if candidate.is_dir():
            return candidate
    return SAMPLE_DIR


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (expected one of {', '.join(SPLITS)})")


def nottingham_split(file_name: str) -> str:
    """``test``, ``val`` or ``train`` for a Nottingham file name (e.g. ``jigs12.mid``), fixed forever."""
    bucket = int.from_bytes(hashlib.sha256(file_name.encode("utf-8")).digest()[:8], "big") % 10
    return "test" if bucket == 0 else "val" if bucket == 1 else "train"


def monophonic(notes: Sequence[MelodyNote]) -> List[MelodyNote]:
    """The top line: of notes starting together the highest; each note cut where the next one starts."""
    by_start: Dict[float, MelodyNote] = {}
    for note in notes:
        if note.start_beat not in by_start or note.pitch > by_start[note.start_beat].pitch:
            by_start[note.start_beat] = note
    line = [by_start[start] for start in sorted(by_start)]
    return [dataclasses.replace(note, end_beat=min(note.end_beat, following.start_beat))
            for note, following in zip(line, line[1:])] + line[-1:]


@functools.lru_cache(maxsize=None)
def _nottingham(folder: Path) -> Tuple[Melody, ...]:
    melodies = []
    for path in sorted((folder / "nottingham" / "MIDI" / "melody").glob("*.mid")):
        notes = [MelodyNote(n.start_s, n.end_s, n.pitch) for n in read_notes(path, in_beats=True)]
        if notes:
            melodies.append(Melody(f"nottingham-{path.stem}", "nottingham", nottingham_split(path.name),
                                   tuple(monophonic(notes))))
    return tuple(melodies)


def _assign_voices(step: Sequence[int], previous: Sequence[Optional[int]]) -> List[Optional[int]]:
    """Pitches of one chorale step per voice: by position when all four sound, else (keeping their order)
    to the voices whose previous pitches are nearest."""
    n_voices = len(previous)
    if len(step) >= n_voices:
        return list(step[:n_voices])
    best: Tuple[float, Tuple[int, ...]] = (float("inf"), ())
    for voices in itertools.combinations(range(n_voices), len(step)):
        cost = sum(abs(p - previous[v]) if previous[v] is not None else 12 for p, v in zip(step, voices))
        best = min(best, (cost, voices))
    out: List[Optional[int]] = [None] * n_voices
    for pitch, voice in zip(step, best[1]):
        out[voice] = pitch
    return out


def chorale_lines(steps: Sequence[Sequence[float]], step_beats: float = 0.25) -> List[List[MelodyNote]]:
    """The four voice lines (soprano first) of one chorale given as pitch lists per 16th-note step."""
    n_voices = len(CHORALE_VOICES)
    per_step: List[List[Optional[int]]] = []
    previous: List[Optional[int]] = [None] * n_voices
    for step in steps:
        assigned = _assign_voices([int(p) for p in step], previous)
        per_step.append(assigned)
        previous = [a if a is not None else p for a, p in zip(assigned, previous)]
    lines = []
    for voice in range(n_voices):
        notes: List[MelodyNote] = []
        for pitch, group in itertools.groupby(enumerate(per_step), key=lambda item: item[1][voice]):
            indices = [i for i, _ in group]
            if pitch is not None:
                notes.append(MelodyNote(indices[0] * step_beats, (indices[-1] + 1) * step_beats, pitch))
        lines.append(notes)
    return lines


@functools.lru_cache(maxsize=None)
def _chorales(folder: Path) -> Tuple[Melody, ...]:
    path = folder / "jsb-chorales" / "jsb-chorales-16th.json"
    if not path.exists():
        return ()  # the repository's sample has no chorales
    data = json.loads(path.read_text(encoding="utf-8"))
    melodies = []
    for split in SPLITS:
        for index, chorale in enumerate(data[_JSB_SPLIT_NAMES[split]]):
            for voice, notes in zip(CHORALE_VOICES, chorale_lines(chorale)):
                if notes:
                    melodies.append(Melody(f"jsb-{split}-{index:03d}-{voice}", "jsb", split, tuple(notes)))
    return tuple(melodies)


def load_melodies(split: str, corpora: Sequence[str] = CORPORA, voices: Sequence[str] = CHORALE_VOICES,
                  folder: Optional[Path] = None) -> List[Melody]:
    """Every melody of ``split`` from ``corpora`` (chorale lines of ``voices`` only), in a fixed order."""
    _check_split(split)
    folder = Path(folder) if folder is not None else melody_dir()
    out: List[Melody] = []
    for corpus in corpora:
        if corpus == "nottingham":
            out += [m for m in _nottingham(folder) if m.split == split]
        elif corpus == "jsb":
            out += [m for m in _chorales(folder) if m.split == split and m.name.rsplit("-", 1)[1] in voices]
        else:
            raise ValueError(f"unknown corpus {corpus!r} (expected one of {', '.join(CORPORA)})")
    return out


def split_counts(folder: Optional[Path] = None) -> Dict[str, Dict[str, int]]:
    """Number of melodies per corpus and split (``python3 -m mynah_train.melodies`` prints it)."""
    return {corpus: {split: len(load_melodies(split, (corpus,), folder=folder)) for split in SPLITS}
            for corpus in CORPORA}


if __name__ == "__main__":
    for corpus, counts in split_counts().items():
        print(corpus, " ".join(f"{split} {n}" for split, n in counts.items()))
