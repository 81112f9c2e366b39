# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading and writing the mono WAV files that the TTS engines, the ``mynah`` CLI and pocketsphinx exchange."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import scipy.io.wavfile


def read_wav(path: Path) -> tuple[int, np.ndarray]:
    """Mono float32 in [-1, 1] and the sample rate (16/32-bit PCM or float WAV; channels are averaged)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", scipy.io.wavfile.WavFileWarning)
        rate, data = scipy.io.wavfile.read(path)
    if data.dtype == np.int16:
        data = data.astype(np.float32) / 32768.0
    elif data.dtype == np.int32:
        data = data.astype(np.float32) / 2147483648.0
    data = data.astype(np.float32)
    if data.ndim > 1:
        data = data.mean(axis=1)
    return int(rate), data


def write_wav(path: Path, audio: np.ndarray, rate: int) -> None:
    """16-bit PCM (x * 32768, rounded and clipped: audio read by read_wav round-trips exactly)."""
    pcm = np.clip(np.round(np.asarray(audio, dtype=np.float64) * 32768.0), -32768, 32767).astype(np.int16)
    scipy.io.wavfile.write(path, rate, pcm)
