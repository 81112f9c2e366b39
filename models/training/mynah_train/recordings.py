# SPDX-License-Identifier: GPL-3.0-or-later
"""A target's own recordings as training material (``mynah learn``, vc_train.py ``--wav``).

WAV files at any rate (``mynah learn`` hands over 16 kHz mono WAVs it has already checked and
resampled; other formats go through the CLI), mixed to mono, resampled to the model rate, cut into
segments of SEGMENT_SECONDS; every VALIDATION_EVERY-th segment (at least one) is held out for the
checkpoint choice, the rest train.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np
import scipy.signal

from .data import Utterance, model_inputs, read_wav
from .model import ModelConfig

SEGMENT_SECONDS = 4.0
VALIDATION_EVERY = 10


def read_at_rate(path: Path, rate_hz: float) -> np.ndarray:
    try:
        rate, audio = read_wav(path)
    except (OSError, ValueError) as e:
        raise ValueError(f"{path}: cannot read as WAV ({e})") from None
    if rate != int(rate_hz):
        g = math.gcd(int(rate_hz), rate)
        audio = scipy.signal.resample_poly(audio, int(rate_hz) // g, rate // g).astype(np.float32)
    return audio


def recording_utterances(paths: Sequence[Path], config: ModelConfig) -> Tuple[List[Utterance], List[Utterance]]:
    """(training, validation) segments of the recordings, with their model input frames."""
    segment = int(SEGMENT_SECONDS * config.sample_rate_hz) // config.hop_samples * config.hop_samples
    pieces: List[np.ndarray] = []
    for path in paths:
        audio = read_at_rate(Path(path), config.sample_rate_hz)
        for start in range(0, len(audio), segment):
            piece = audio[start:start + segment]
            if len(piece) >= segment // 2:
                pieces.append(piece)
    if len(pieces) < 2:
        raise ValueError(f"the recordings hold {len(pieces)} segment(s) of {SEGMENT_SECONDS:g} s; "
                         "at least 2 are needed")
    utterances = [Utterance(None, p, model_inputs(p, config)) for p in pieces]
    held = set(range(VALIDATION_EVERY // 2, len(utterances), VALIDATION_EVERY)) or {len(utterances) - 1}
    train = [u for i, u in enumerate(utterances) if i not in held]
    val = [u for i, u in enumerate(utterances) if i in held]
    return train, val
