# SPDX-License-Identifier: GPL-3.0-or-later
"""Differentiable torch twins of the C++ frame features (dsp/include/mynah/dsp/features.h).

Parity with the C++ ``FeatureExtractor`` is tested in tests/python/test_parity.py: log-mel max abs
difference <= 1e-4 on every value. Model inputs should come from
``mynah_dsp.features`` (the C++ code itself); this module is for differentiable losses and for
computing features on the fly. What is reproduced:

- Frame timing (features.h, sliding_frame.h): the extractor keeps ``history`` = max(fft_size, YIN
  segment) input samples, YIN segment = maxLag + W + 2 with maxLag = ceil(sample_rate / f0_min) + 1 and
  W = lround(f0_window_fraction * maxLag) (pitch_yin.h).
  Frame k ends at input sample (k+1)*hop (exclusive); its STFT window is the fft_size samples
  starting (history - fft_size) // 2 into that history. Samples before the stream start are zeros. A signal of
  N samples gives T = N // hop frames.
- Spectrum (mel.h): periodic Hann window, P[k] = (2 |X[k]| / sum(w))^2, all in float32 as in C++.
- Log-mel (mel.h): HTK mel scale, n_mels triangular filters with peak 1 equally spaced in mel between
  mel_min_hz and mel_max_hz, log_mel = ln(max(H P, 1e-7)).
- Loudness (loudness.h): 10 log10(max(sum_k W[k] P[k], 1e-12)) + 3.0103 dB, floored at -100 dB,
  W[k] = A(f_k)^2 * c_k * S1^2 / (4 N S2) with c_k = 2 (1 at DC and Nyquist).

The filterbank, window and loudness weights are computed with the same double-precision formulas
as the C++ code (with the same libm functions) and rounded to float32, so they are bit-identical.
Only the FFT (torch vs FFTW/KissFFT) and summation orders differ.

F0 and voicing are not reproduced in torch (YIN is not differentiable); take them from
``mynah_dsp.features``.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Dict, List, Optional

import numpy as np
import torch

LOG_MEL_FLOOR_POWER = 1e-7   # kLogMelFloorPower (mel.h), a float32 constant there
LOUDNESS_FLOOR_DB = -100.0   # kLoudnessFloorDb (loudness.h)
_FULL_SCALE_SINE_DB = 3.0102999566  # loudness.cpp: a full-scale sinusoid has mean square 1/2


def _lround(x: float) -> int:
    """std::lround for x >= 0 (halves away from zero)."""
    r = math.floor(x)
    return int(r + 1 if x - r >= 0.5 else r)


@dataclasses.dataclass
class FeatureConfig:
    """Mirror of mynah::dsp::FeatureConfig (features.h); field names as in mynah_dsp.feature_config()."""
    sample_rate_hz: float = 16000.0
    fft_size: int = 1024
    hop: int = 160
    n_mels: int = 80
    mel_min_hz: float = 0.0
    mel_max_hz: float = 8000.0
    f0_min_hz: float = 50.0
    f0_max_hz: float = 1000.0
    voicing_threshold: float = 0.15
    silence_gate_db: float = -60.0
    f0_window_fraction: float = 1.0   # YIN integration window / longest lag (pitch_yin.h)

    @staticmethod
    def for_sample_rate(sample_rate_hz: float, **overrides) -> "FeatureConfig":
        """FeatureConfig::forSampleRate: 5 ms hop, the power-of-two FFT >= 30 ms (at least 256),
        mel up to min(8 kHz, Nyquist), F0 up to min(1 kHz, Nyquist - 1 Hz). Keyword overrides
        replace fields afterwards."""
        c = FeatureConfig(sample_rate_hz=float(sample_rate_hz))
        c.hop = max(1, _lround(sample_rate_hz * 0.005))
        c.fft_size = 256
        while c.fft_size < sample_rate_hz * 0.03:
            c.fft_size *= 2
        c.mel_max_hz = min(8000.0, sample_rate_hz / 2)
        c.f0_max_hz = min(c.f0_max_hz, sample_rate_hz / 2 - 1.0)
        for name, value in overrides.items():
            if value is None:
                continue
            if not hasattr(c, name):
                raise ValueError(f"FeatureConfig has no field {name!r}")
            setattr(c, name, value)
        return c

    @property
    def num_bins(self) -> int:
        return self.fft_size // 2 + 1

    @property
    def yin_segment_samples(self) -> int:
        """YinPitchTracker::segmentSamples() = maxLag + W + 2, maxLag = ceil(sr / f0_min) + 1,
        W = max(1, lround(f0_window_fraction * maxLag))."""
        max_lag = int(math.ceil(self.sample_rate_hz / self.f0_min_hz)) + 1
        return max_lag + max(1, _lround(self.f0_window_fraction * max_lag)) + 2

    @property
    def history_samples(self) -> int:
        """FeatureExtractor::historySamples()."""
        return max(self.fft_size, self.yin_segment_samples)

    @property
    def latency_samples(self) -> int:
        return self.history_samples // 2

    @property
    def window_offset(self) -> int:
        """Where the STFT window starts inside the history (features.cpp: (h - fftSize) / 2)."""
        return (self.history_samples - self.fft_size) // 2

    def num_frames(self, num_samples: int) -> int:
        return num_samples // self.hop


def hz_to_mel(hz: float) -> float:
    return 2595.0 * math.log10(1.0 + hz / 700.0)


def mel_to_hz(mel: float) -> float:
    return 700.0 * (math.pow(10.0, mel / 2595.0) - 1.0)


def periodic_hann(size: int) -> np.ndarray:
    """window.cpp periodicHann: float32(0.5 - 0.5 cos(2 pi n / N)) computed in double."""
    return np.array([0.5 - 0.5 * math.cos(2.0 * math.pi * n / size) for n in range(size)], dtype=np.float32)


def _sequential_sum(values) -> float:
    """window.cpp sumOf/sumOfSquares: left-to-right double sum (not numpy's pairwise sum)."""
    s = 0.0
    for v in values:
        s += float(v)
    return s


def mel_band_edges_hz(n_mels: int, min_hz: float, max_hz: float) -> List[float]:
    """The n_mels + 2 corner frequencies of the triangular mel bands (mel.cpp): band m rises from edge m,
    peaks at edge m + 1 (its centre) and falls to edge m + 2."""
    mel_min, mel_max = hz_to_mel(min_hz), hz_to_mel(max_hz)
    return [mel_to_hz(mel_min + (mel_max - mel_min) * k / (n_mels + 1)) for k in range(n_mels + 2)]


def mel_band_centres_hz(n_mels: int, min_hz: float, max_hz: float) -> np.ndarray:
    """Centre frequency of each mel band (float64 [n_mels]): where its triangle peaks."""
    return np.array(mel_band_edges_hz(n_mels, min_hz, max_hz)[1:-1])


def mel_filterbank(sample_rate_hz: float, fft_size: int, n_mels: int, min_hz: float, max_hz: float) -> np.ndarray:
    """MelFilterbank weights (mel.cpp), float32 [n_mels, fft_size // 2 + 1], bit-identical to C++."""
    if n_mels < 1 or not min_hz >= 0.0 or not max_hz > min_hz or max_hz > sample_rate_hz / 2 + 1e-6:
        raise ValueError("mel filterbank needs n_mels >= 1 and 0 <= min_hz < max_hz <= sample_rate/2")
    num_bins = fft_size // 2 + 1
    edges = mel_band_edges_hz(n_mels, min_hz, max_hz)
    f = np.arange(num_bins, dtype=np.float64) * sample_rate_hz / fft_size
    weights = np.zeros((n_mels, num_bins), dtype=np.float32)
    for m in range(n_mels):
        lo, centre, hi = edges[m], edges[m + 1], edges[m + 2]
        w = np.maximum(0.0, np.minimum((f - lo) / (centre - lo), (hi - f) / (hi - centre)))
        weights[m] = w.astype(np.float32)
    return weights


def a_weighting_gain(frequency_hz: np.ndarray) -> np.ndarray:
    """loudness.cpp aWeightingGain: IEC 61672 A-weighting magnitude, 1.0 at 1 kHz (float64)."""
    def raw(f):
        f2 = f * f
        num = 12194.0 * 12194.0 * f2 * f2
        den = (f2 + 20.6 * 20.6) * np.sqrt((f2 + 107.7 * 107.7) * (f2 + 737.9 * 737.9)) * (f2 + 12194.0 * 12194.0)
        return num, den

    num1k, den1k = raw(np.float64(1000.0))
    norm1k = num1k / den1k
    num, den = raw(np.asarray(frequency_hz, dtype=np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0.0, num / den / norm1k, 0.0)


def loudness_weights(sample_rate_hz: float, fft_size: int, window: np.ndarray) -> np.ndarray:
    """LoudnessMeter weights (loudness.cpp), float32 [fft_size // 2 + 1]."""
    num_bins = fft_size // 2 + 1
    s1 = _sequential_sum(window.astype(np.float64))
    s2 = _sequential_sum(window.astype(np.float64) * window.astype(np.float64))
    to_mean_square = s1 * s1 / (4.0 * fft_size * s2)
    a = a_weighting_gain(np.arange(num_bins, dtype=np.float64) * sample_rate_hz / fft_size)
    c = np.full(num_bins, 2.0)
    c[0] = 1.0
    if fft_size % 2 == 0:
        c[num_bins - 1] = 1.0
    return (a * a * c * to_mean_square).astype(np.float32)


class SpectralFeatures(torch.nn.Module):
    """Batched, differentiable log-mel and A-weighted loudness with the C++ FeatureExtractor's timing.

    forward(audio [B, N] or [N]) -> {"log_mel": [B, T, n_mels], "loudness_db": [B, T],
    "power": [B, T, fft_size // 2 + 1]} with T = N // hop (no batch dimension for a 1-D input).
    Computes in float32 like the C++ code; runs on any device the module is moved to.
    """

    def __init__(self, config: FeatureConfig):
        super().__init__()
        self.config = config
        if config.fft_size < 2 or config.hop < 1 or config.hop > config.fft_size:
            raise ValueError(f"need fft_size >= 2 and 1 <= hop <= fft_size, got {config.fft_size}, {config.hop}")
        window = periodic_hann(config.fft_size)
        self.amplitude_scale = float(np.float32(2.0 / _sequential_sum(window.astype(np.float64))))
        self.register_buffer("window", torch.from_numpy(window), persistent=False)
        self.register_buffer("mel_weights", torch.from_numpy(mel_filterbank(
            config.sample_rate_hz, config.fft_size, config.n_mels, config.mel_min_hz, config.mel_max_hz)),
            persistent=False)
        self.register_buffer("loudness_weights", torch.from_numpy(
            loudness_weights(config.sample_rate_hz, config.fft_size, window)).double(), persistent=False)

    def frames(self, audio: torch.Tensor) -> torch.Tensor:
        """[B, N] -> [B, T, fft_size]: frame k = input samples [s_k, s_k + fft_size),
        s_k = (k+1)*hop - history + window_offset, zeros before the start."""
        c = self.config
        num_frames = c.num_frames(audio.shape[-1])
        left = c.history_samples - c.window_offset - c.hop  # >= 0 since history - offset >= fft_size >= hop
        if num_frames == 0:
            return audio.new_zeros(audio.shape[:-1] + (0, c.fft_size))
        padded = torch.nn.functional.pad(audio, (left, 0))
        return padded.unfold(-1, c.fft_size, c.hop)[..., :num_frames, :]

    def power(self, audio: torch.Tensor) -> torch.Tensor:
        """P[k] = (2 |X[k]| / sum(w))^2 per frame, [B, T, fft_size // 2 + 1]."""
        spectrum = torch.fft.rfft(self.frames(audio) * self.window, dim=-1) * self.amplitude_scale
        return spectrum.real.square() + spectrum.imag.square()

    def log_mel_from_power(self, power: torch.Tensor) -> torch.Tensor:
        return torch.log(torch.clamp_min(power @ self.mel_weights.T, LOG_MEL_FLOOR_POWER))

    def loudness_from_power(self, power: torch.Tensor) -> torch.Tensor:
        mean_square = (power.double() * self.loudness_weights).sum(-1)
        db = 10.0 * torch.log10(torch.clamp_min(mean_square, 1e-12)) + _FULL_SCALE_SINE_DB
        return torch.clamp_min(db, LOUDNESS_FLOOR_DB).to(power.dtype)

    def forward(self, audio: torch.Tensor) -> Dict[str, torch.Tensor]:
        power = self.power(audio)
        return {"log_mel": self.log_mel_from_power(power), "loudness_db": self.loudness_from_power(power),
                "power": power}


def _config(sample_rate_hz: float, config: Optional[FeatureConfig], overrides) -> FeatureConfig:
    if config is not None:
        return config
    return FeatureConfig.for_sample_rate(sample_rate_hz, **overrides)


def log_mel(audio: torch.Tensor, sample_rate_hz: float, config: Optional[FeatureConfig] = None,
            **overrides) -> torch.Tensor:
    """Log-mel [B, T, n_mels] (or [T, n_mels]) of audio [B, N] (or [N]); see SpectralFeatures.
    Builds the filterbank on each call: keep a SpectralFeatures module around in training loops."""
    module = SpectralFeatures(_config(sample_rate_hz, config, overrides)).to(audio.device)
    return module.log_mel_from_power(module.power(audio))


def loudness_db(audio: torch.Tensor, sample_rate_hz: float, config: Optional[FeatureConfig] = None,
                **overrides) -> torch.Tensor:
    """A-weighted loudness in dB re a full-scale sine, [B, T] (or [T]); see SpectralFeatures."""
    module = SpectralFeatures(_config(sample_rate_hz, config, overrides)).to(audio.device)
    return module.loudness_from_power(module.power(audio))
