# SPDX-License-Identifier: GPL-3.0-or-later
"""The velocity -> loudness curve of an instrument, fitted on its training phrases.

A MIDI note asks for a velocity (and the phrase for an expression, CC11); the network wants a
loudness in dB (the C++ A-weighted loudness, relative to a full-scale sinusoid). fluidsynth, like the
General MIDI convention, scales amplitude by (velocity / 127)^2 and again by (expression / 127)^2, so the
curve is linear in ``d = 40 log10(velocity / 127) + 40 log10(expression / 127)``::

    loudness_db = loudness_at_full_db + loudness_slope * d

fitted by least squares on the median loudness of the middle half of every note at least 150 ms long
(its attack and release excluded). The slope is left free because the A-weighting and the
soundfont's own velocity layers make the instrument's dynamic range differ from the convention.
"""
from __future__ import annotations

import math
from typing import Any, Dict, Sequence

import numpy as np

MIN_NOTE_SECONDS = 0.15


def velocity_db(velocity: float, expression: float = 127.0) -> float:
    """The General MIDI gain of a velocity and an expression, in dB (0 at 127, 127)."""
    return 40.0 * math.log10(max(velocity, 1.0) / 127.0) + 40.0 * math.log10(max(expression, 1.0) / 127.0)


def expression_at(curve: Sequence[Sequence[float]], time_s: float) -> float:
    """The CC11 value in force at ``time_s`` of a [[time_s, value], ...] curve (127 before the first)."""
    value = 127.0
    for t, v in curve:
        if t > time_s:
            break
        value = float(v)
    return value


def fit_velocity_loudness(phrases: Sequence[Any], hop_seconds: float = 0.005) -> Dict[str, float]:
    """phrases: objects with ``inputs`` [T, 2] (f0_hz, loudness_db) and ``notes`` (the phrase json)."""
    xs, ys = [], []
    for phrase in phrases:
        loudness = phrase.inputs[:, 1]
        expression = phrase.notes.get("cc11", [])
        for note in phrase.notes["notes"]:
            start, end = float(note["start_s"]), float(note["end_s"])
            if end - start < MIN_NOTE_SECONDS:
                continue
            a = int((start + (end - start) * 0.25) / hop_seconds)
            b = int((start + (end - start) * 0.75) / hop_seconds)
            if b <= a or b > len(loudness):
                continue
            middle = 0.5 * (start + end)
            xs.append(velocity_db(float(note["velocity"]), expression_at(expression, middle)))
            ys.append(float(np.median(loudness[a:b])))
    if len(xs) < 4:
        raise ValueError("too few notes to fit the velocity -> loudness curve")
    slope, intercept = np.polyfit(np.array(xs), np.array(ys), 1)
    residual = float(np.std(np.array(ys) - (slope * np.array(xs) + intercept)))
    return {"loudness_at_full_db": round(float(intercept), 2), "loudness_slope": round(float(slope), 4),
            "loudness_fit_residual_db": round(residual, 2), "loudness_fit_notes": len(xs)}
