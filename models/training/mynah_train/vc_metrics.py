# SPDX-License-Identifier: GPL-3.0-or-later
"""Voice-conversion distances (docs/QUALITY.md, "Voice conversion"): mel-cepstral distortion with DTW, the
cepstral-mean (global EQ) baseline, and F0 contour agreement.

Mel-cepstra: Mynah's own 80-band log-mel (``mynah_dsp.features`` at 16 kHz: 512-point FFT, periodic Hann,
hop 80 samples = 5 ms, HTK mel 0-8 kHz, log_mel = ln power) halved to ln amplitude L_m, then a DCT-II
scaled as a real cepstrum, c_d = (1/M) sum_m L_m cos(pi d (m + 1/2) / M), d = 1 ... 24 (c0, the level,
excluded). With that scale, L_m = c0 + 2 sum_d c_d cos(...), as for the cepstrum of a log spectrum, and
the standard formula holds:

    MCD (dB) = 10 sqrt(2) / ln(10) * sqrt(sum_{d=1..24} (c_d - c'_d)^2),

averaged over the frame pairs of a DTW path. Only speech frames enter: frames whose loudness is within
SPEECH_RANGE_DB of the utterance's loudest frame (silence and pauses removed before the DTW). DTW: Euclidean
distance between cepstral vectors, steps (1,1), (1,0), (0,1), both ends anchored.

Baseline (a global EQ): the source's speech-frame cepstral mean replaced by the target voice's, i.e.
c'(t) = c(t) - mean_t c + mean_target; ``global_eq`` renders the same change as audio (an STFT filter whose
gain follows the cepstral difference across the mel bands) for the measures that need audio.

F0: ``mynah_dsp.features`` f0_hz of frames it calls voiced; contours are compared on frames voiced in both
files (the files must be time-aligned: ``mynah convert`` output is), octave jumps counted apart
(``f0_agreement``).
"""
from __future__ import annotations

import dataclasses
import math
from typing import Tuple

import numpy as np
import scipy.signal
from scipy.spatial.distance import cdist

from .dsp_module import mynah_dsp
from .features import mel_band_centres_hz

SAMPLE_RATE_HZ = 16000
CEPSTRAL_ORDER = 24
MCD_SCALE_DB = 10.0 * math.sqrt(2.0) / math.log(10.0)
SPEECH_RANGE_DB = 40.0
GROSS_F0_ERROR_CENTS = 600.0     # half an octave
CENTS_PER_LN = 1200.0 / math.log(2.0)


def _dct_basis(n_mels: int, order: int) -> np.ndarray:
    """cos(pi d (m + 1/2) / M) for d = 1..order (rows), m = 0..M-1 (columns)."""
    d = np.arange(1, order + 1)[:, None]
    m = np.arange(n_mels)[None, :]
    return np.cos(np.pi * d * (m + 0.5) / n_mels)


def cepstra_from_log_mel(log_mel_power: np.ndarray, order: int = CEPSTRAL_ORDER) -> np.ndarray:
    """Mel-cepstra c_1..c_order [T, order] (float64) of ln mel power frames [T, M] (module docstring)."""
    log_mel_power = np.asarray(log_mel_power, dtype=np.float64)
    n_mels = log_mel_power.shape[-1]
    if order >= n_mels:
        raise ValueError(f"cepstral order {order} needs more than {order} mel bands (got {n_mels})")
    return (0.5 * log_mel_power) @ _dct_basis(n_mels, order).T / n_mels


def log_mel_amplitude_from_cepstra(cepstra: np.ndarray, n_mels: int) -> np.ndarray:
    """The inverse of cepstra_from_log_mel without c0: ln amplitude per mel band [..., n_mels]."""
    cepstra = np.asarray(cepstra, dtype=np.float64)
    return 2.0 * cepstra @ _dct_basis(n_mels, cepstra.shape[-1])


def speech_mask(loudness_db: np.ndarray, range_db: float = SPEECH_RANGE_DB) -> np.ndarray:
    """Frames within ``range_db`` of the loudest frame (bool [T])."""
    loudness_db = np.asarray(loudness_db, dtype=np.float64)
    if loudness_db.size == 0:
        return np.zeros(0, dtype=bool)
    return loudness_db >= loudness_db.max() - range_db


def _checked(audio: np.ndarray, sample_rate_hz: float) -> np.ndarray:
    audio = np.ascontiguousarray(audio, dtype=np.float32)
    if audio.ndim != 1:
        raise ValueError(f"expected mono audio [N], got shape {audio.shape}")
    if not np.all(np.isfinite(audio)):
        raise ValueError("audio contains NaN or infinite samples")
    if sample_rate_hz != SAMPLE_RATE_HZ:
        raise ValueError(f"voice-conversion metrics run at {SAMPLE_RATE_HZ} Hz, got {sample_rate_hz:g} Hz audio")
    return audio


def speech_cepstra(audio: np.ndarray, sample_rate_hz: float = SAMPLE_RATE_HZ,
                   order: int = CEPSTRAL_ORDER) -> np.ndarray:
    """Mel-cepstra [T_speech, order] of the speech frames of ``audio`` (silence removed, module docstring)."""
    features = mynah_dsp.features(_checked(audio, sample_rate_hz), float(sample_rate_hz))
    keep = speech_mask(features["loudness_db"])
    if keep.sum() < 2:
        raise ValueError("no speech in the audio (fewer than 2 frames above the silence threshold)")
    return cepstra_from_log_mel(features["log_mel"][keep], order)


def dtw_path(a: np.ndarray, b: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Minimum-cost monotonic alignment of frame sequences a [N, D] and b [M, D] (Euclidean frame distance,
    steps (1,1), (1,0), (0,1), from (0, 0) to (N-1, M-1)): index arrays (i, j) of the path, in order."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1] or len(a) == 0 or len(b) == 0:
        raise ValueError(f"dtw_path needs two non-empty [frames, dims] arrays of equal dims, got {a.shape}, "
                         f"{b.shape}")
    n, m = len(a), len(b)
    cost = cdist(a, b)
    total = np.full((n + 1, m + 1), np.inf)
    total[0, 0] = 0.0
    # Anti-diagonals k = i + j (1-based cells) depend only on the two before: vectorise along each.
    for k in range(2, n + m + 1):
        i = np.arange(max(1, k - m), min(n, k - 1) + 1)
        j = k - i
        best = np.minimum(np.minimum(total[i - 1, j - 1], total[i - 1, j]), total[i, j - 1])
        total[i, j] = cost[i - 1, j - 1] + best
    path_i, path_j = [n - 1], [m - 1]
    i, j = n, m
    while i > 1 or j > 1:
        steps = ((total[i - 1, j - 1], i - 1, j - 1), (total[i - 1, j], i - 1, j), (total[i, j - 1], i, j - 1))
        _, i, j = min(steps, key=lambda s: s[0])
        path_i.append(i - 1)
        path_j.append(j - 1)
    return np.array(path_i[::-1]), np.array(path_j[::-1])


def frame_mcd_db(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MCD (dB) of each pair of frames of equal-length cepstral sequences a, b [T, D]."""
    return MCD_SCALE_DB * np.sqrt(np.sum((np.asarray(a) - np.asarray(b)) ** 2, axis=-1))


def mcd_db(reference: np.ndarray, other: np.ndarray) -> float:
    """Mel-cepstral distortion (dB) between two cepstral sequences [T, D], averaged over their DTW path."""
    i, j = dtw_path(reference, other)
    return float(frame_mcd_db(np.asarray(reference)[i], np.asarray(other)[j]).mean())


def cepstral_mean_shift(source: np.ndarray, target_mean: np.ndarray) -> np.ndarray:
    """The global-EQ baseline in the cepstral domain: source [T, D] with its mean replaced by target_mean [D]."""
    source = np.asarray(source, dtype=np.float64)
    return source - source.mean(axis=0) + np.asarray(target_mean, dtype=np.float64)


def global_eq(audio: np.ndarray, cepstral_shift: np.ndarray, sample_rate_hz: float = SAMPLE_RATE_HZ,
              n_mels: int = 80, fft_size: int = 512) -> np.ndarray:
    """``audio`` filtered by the zero-phase EQ whose ln-amplitude gain per mel band is the cepstral shift
    [D] (log_mel_amplitude_from_cepstra), interpolated across FFT bins: the audible cepstral-mean baseline.
    STFT with a periodic Hann window of ``fft_size``, hop fft_size/4, overlap-added; same length out."""
    audio = _checked(audio, sample_rate_hz)
    gain_ln = log_mel_amplitude_from_cepstra(np.asarray(cepstral_shift)[None, :], n_mels)[0]
    centres = mel_band_centres_hz(n_mels, 0.0, sample_rate_hz / 2)
    bins_hz = np.fft.rfftfreq(fft_size, 1.0 / sample_rate_hz)
    gain = np.exp(np.interp(bins_hz, centres, gain_ln))
    hop = fft_size // 4
    _, _, spectrum = scipy.signal.stft(audio, nperseg=fft_size, noverlap=fft_size - hop, window="hann",
                                       boundary="even", padded=True)
    _, out = scipy.signal.istft(spectrum * gain[:, None], nperseg=fft_size, noverlap=fft_size - hop,
                                window="hann", boundary=True)
    return out[:len(audio)].astype(np.float32)


def f0_contour_hz(audio: np.ndarray, sample_rate_hz: float = SAMPLE_RATE_HZ) -> np.ndarray:
    """Per-frame F0 (Hz) from mynah_dsp.features, 0 where the frame is unvoiced (float64 [T])."""
    features = mynah_dsp.features(_checked(audio, sample_rate_hz), float(sample_rate_hz))
    f0 = np.asarray(features["f0_hz"], dtype=np.float64)
    voiced = np.asarray(features["voiced"], dtype=bool) & (f0 > 0) & np.isfinite(f0)
    return np.where(voiced, f0, 0.0)


def geometric_mean_f0_hz(f0_hz: np.ndarray) -> float:
    """exp(mean ln F0) over the voiced (> 0) frames of a contour; NaN if none are voiced."""
    f0_hz = np.asarray(f0_hz, dtype=np.float64)
    voiced = f0_hz > 0
    return float(np.exp(np.log(f0_hz[voiced]).mean())) if voiced.any() else float("nan")


@dataclasses.dataclass
class F0Agreement:
    correlation: float        # Pearson r of ln F0, gross errors excluded
    rmse_cents: float         # after the register mapping, gross errors excluded
    gross_error_rate: float   # share of the shared voiced frames that are gross errors
    frames: int               # frames voiced in both


def f0_agreement(source_f0_hz: np.ndarray, converted_f0_hz: np.ndarray, target_mean_f0_hz: float) -> F0Agreement:
    """How well a converted F0 contour keeps its source's intonation, on the frames voiced in both files.

    The source's ln F0 is moved into the target's register (shifted by ln(target_mean_f0_hz / the source's
    geometric mean F0)). Gross errors are frames whose converted-minus-source interval is more than
    GROSS_F0_ERROR_CENTS away from the utterance's median interval (octave jumps of either pitch tracking,
    which would otherwise dominate a correlation of nearly flat TTS intonation); they are counted apart and
    left out of the correlation and the RMSE. The Pearson correlation of ln F0 does not change with the
    register shift (it measures the intonation kept); the RMSE in cents does (it also measures the register
    reached). NaN where fewer than 3 frames remain."""
    src, conv = np.asarray(source_f0_hz, np.float64), np.asarray(converted_f0_hz, np.float64)
    n = min(len(src), len(conv))
    src, conv = src[:n], conv[:n]
    both = (src > 0) & (conv > 0)
    if both.sum() < 3 or not target_mean_f0_hz > 0:
        return F0Agreement(float("nan"), float("nan"), float("nan"), int(both.sum()))
    log_src, log_conv = np.log(src[both]), np.log(conv[both])
    interval_cents = CENTS_PER_LN * (log_conv - log_src)
    kept = np.abs(interval_cents - np.median(interval_cents)) <= GROSS_F0_ERROR_CENTS
    gross_rate = float(1.0 - kept.mean())
    if kept.sum() < 3:
        return F0Agreement(float("nan"), float("nan"), gross_rate, int(both.sum()))
    mapped = log_src[kept] + math.log(target_mean_f0_hz / geometric_mean_f0_hz(src))
    log_conv = log_conv[kept]
    if np.std(mapped) == 0.0 or np.std(log_conv) == 0.0:
        correlation = float("nan")
    else:
        correlation = float(np.corrcoef(mapped, log_conv)[0, 1])
    rmse_cents = float(CENTS_PER_LN * np.sqrt(np.mean((log_conv - mapped) ** 2)))
    return F0Agreement(correlation, rmse_cents, gross_rate, int(both.sum()))
