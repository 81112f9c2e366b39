# SPDX-License-Identifier: GPL-3.0-or-later
"""Objective audio distances used by Mynah's quality measurements (docs/QUALITY.md).

- ``multi_resolution_spectral_distance``: the mean, over STFT sizes 512/1024/2048 (hop 1/4, periodic
  Hann), of spectral convergence ||S_x - S_y||_F / ||S_x||_F plus the mean absolute difference of
  log10 magnitudes (floored at 1e-5): the usual multi-resolution STFT loss, as a number. 0 = identical.
- ``log_mel_distance_db``: mean absolute difference of Mynah's own log-mel (mynah_dsp.features), in dB,
  over the reference's frames louder than ``min_loudness_db``.
- ``words_kept``: longest common subsequence of two word lists over the reference's length.
- ``word_errors``: word-level edit distance (substitutions + deletions + insertions) of a recognised word
  list to the reference; divided by the reference's length it is the word error rate. ``text_words``
  normalises a written sentence to pocketsphinx's output form (lower case, letters and apostrophes).

Both signals must have the same sample rate and be time-aligned (``mynah resynth`` output is).
"""
from __future__ import annotations

import math
import re
from typing import List, Sequence

import numpy as np

from .dsp_module import mynah_dsp


def _stft_magnitude(x: np.ndarray, fft_size: int) -> np.ndarray:
    hop = fft_size // 4
    window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(fft_size) / fft_size)
    if len(x) < fft_size:
        x = np.pad(x, (0, fft_size - len(x)))
    frames = np.lib.stride_tricks.sliding_window_view(x.astype(np.float64), fft_size)[::hop]
    return np.abs(np.fft.rfft(frames * window, axis=-1))


def multi_resolution_spectral_distance(reference: np.ndarray, other: np.ndarray,
                                       fft_sizes: Sequence[int] = (512, 1024, 2048)) -> float:
    n = min(len(reference), len(other))
    total = 0.0
    for size in fft_sizes:
        a = _stft_magnitude(reference[:n], size)
        b = _stft_magnitude(other[:n], size)
        convergence = np.linalg.norm(a - b) / max(np.linalg.norm(a), 1e-12)
        log_diff = np.mean(np.abs(np.log10(np.maximum(a, 1e-5)) - np.log10(np.maximum(b, 1e-5))))
        total += convergence + log_diff
    return total / len(fft_sizes)


def log_mel_distance_db(reference: np.ndarray, other: np.ndarray, sample_rate: float,
                        min_loudness_db: float = -50.0) -> float:
    n = min(len(reference), len(other))
    fa = mynah_dsp.features(reference[:n].astype(np.float32), sample_rate)
    fb = mynah_dsp.features(other[:n].astype(np.float32), sample_rate)
    keep = fa["loudness_db"] > min_loudness_db
    if not keep.any():
        return 0.0
    return float(np.abs(fa["log_mel"][keep] - fb["log_mel"][keep]).mean() * 10.0 / math.log(10.0))


def words_kept(reference_words: Sequence[str], other_words: Sequence[str]) -> tuple[int, int]:
    """(words of the reference found in order in the other, words in the reference)."""
    a, b = list(reference_words), list(other_words)
    lcs = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a)):
        for j in range(len(b)):
            lcs[i + 1][j + 1] = lcs[i][j] + 1 if a[i] == b[j] else max(lcs[i][j + 1], lcs[i + 1][j])
    return lcs[-1][-1], len(a)


def text_words(text: str) -> List[str]:
    """A sentence as the lower-case words pocketsphinx writes: punctuation and hyphens become spaces."""
    return re.sub(r"[^a-z']+", " ", text.lower().replace("-", " ")).split()


def word_errors(reference_words: Sequence[str], recognised_words: Sequence[str]) -> tuple[int, int]:
    """(substitutions + deletions + insertions turning the reference into the recognised words, words in the
    reference): the word error rate is their ratio."""
    a, b = list(reference_words), list(recognised_words)
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
        previous = current
    return previous[-1], len(a)
