# SPDX-License-Identifier: GPL-3.0-or-later
"""The model's input frames, built from the C++ features (``mynah_dsp.features``) exactly as the
engine builds them (docs/MODEL_FORMAT.md, "Input features").

Held F0 (the ``f0_hz`` input), the rule the C++ engine mirrors::

    held = 0                              # at stream start and after every reset
    for each feature frame k, in order:
        if voiced[k] and f0_hz[k] > 0:    # FeatureFrame::voiced, FeatureFrame::f0Hz
            held = f0_hz[k]
        input_f0_hz[k] = held

i.e. the F0 of the last voiced frame, held unchanged through unvoiced frames and silence, 0 before the
first voiced frame. No smoothing, no timeout, no octave correction.

Frames before the stream start (the context the first chunk needs) are the features of digital
silence, which is what the C++ FeatureExtractor yields for its zero-filled history:
``f0_hz 0, voiced 0, voicing_confidence 0, loudness_db -100, log_mel ln(1e-7)`` (``silence_frame``).
"""
from __future__ import annotations

from typing import Dict, List, Sequence

import numpy as np

INPUT_NAMES: List[str] = ["f0_hz", "voiced", "voicing_confidence", "loudness_db", "log_mel"]
NUM_SCALAR_INPUTS = 4  # f0_hz, voiced, voicing_confidence, loudness_db; then n_mels log-mel values
# Instruments are played by pitch and loudness alone (effect mode: the input's; MIDI: the notes').
INSTRUMENT_INPUT_NAMES: List[str] = ["f0_hz", "loudness_db"]

LOG_MEL_FLOOR = float(np.log(np.float32(1e-7)))   # ln of kLogMelFloorPower, as C++ computes it
LOUDNESS_FLOOR_DB = -100.0


def num_inputs(n_mels: int) -> int:
    return NUM_SCALAR_INPUTS + n_mels


def held_f0(f0_hz: np.ndarray, voiced: np.ndarray, initial_hz: float = 0.0) -> np.ndarray:
    """The held-F0 rule above, float32 [T]. ``initial_hz`` is the held value carried in from earlier
    frames (0 at stream start)."""
    f0 = np.asarray(f0_hz, dtype=np.float32)
    v = np.asarray(voiced, dtype=bool) & (f0 > 0) & np.isfinite(f0)
    out = np.empty_like(f0)
    held = np.float32(initial_hz)
    for k in range(len(f0)):
        if v[k]:
            held = f0[k]
        out[k] = held
    return out


def silence_frame(n_mels: int, names: Sequence[str] = tuple(INPUT_NAMES)) -> np.ndarray:
    """The input vector of a frame of digital silence, float32, the inputs ``names`` in order
    (all of INPUT_NAMES by default: [num_inputs(n_mels)])."""
    full = np.full(num_inputs(n_mels), LOG_MEL_FLOOR, dtype=np.float32)
    full[:NUM_SCALAR_INPUTS] = (0.0, 0.0, 0.0, LOUDNESS_FLOOR_DB)
    return select_inputs(full[None], names)[0]


def select_inputs(frames: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Full input frames [T, 4 + n_mels] (INPUT_NAMES order) -> the columns of ``names``, in that order."""
    columns = []
    for name in names:
        if name == "log_mel":
            columns.append(frames[:, NUM_SCALAR_INPUTS:])
        else:
            i = INPUT_NAMES.index(name)
            columns.append(frames[:, i:i + 1])
    return np.concatenate(columns, axis=1)


def input_frames(features: Dict[str, np.ndarray]) -> np.ndarray:
    """A ``mynah_dsp.features`` result -> model input frames float32 [T, 4 + n_mels], columns in
    INPUT_NAMES order (f0_hz is the held F0)."""
    voiced = np.asarray(features["voiced"], dtype=bool)
    log_mel = np.asarray(features["log_mel"], dtype=np.float32)
    columns = [held_f0(features["f0_hz"], voiced)[:, None], voiced.astype(np.float32)[:, None],
               np.asarray(features["confidence"], dtype=np.float32)[:, None],
               np.asarray(features["loudness_db"], dtype=np.float32)[:, None], log_mel]
    return np.concatenate(columns, axis=1)


def with_silent_context(frames: np.ndarray, context_frames: int) -> np.ndarray:
    """Prepends ``context_frames`` silence frames (what the engine feeds before the stream start)."""
    if context_frames <= 0:
        return frames
    pad = np.repeat(silence_frame(frames.shape[1] - NUM_SCALAR_INPUTS)[None], context_frames, axis=0)
    return np.concatenate([pad, frames], axis=0)

