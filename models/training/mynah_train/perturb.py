# SPDX-License-Identifier: GPL-3.0-or-later
"""Information perturbation of model input frames, so that a conversion network trained on one voice
cannot tell who is speaking from its input (vc_model.py, vc_train.py).

Applied to the engine's input frames (inputs.py: held F0, voiced, confidence, loudness, log-mel), one
random draw per training crop, keeping the timing (the clean audio stays the training target):

- formant warp: the log-mel spectrum read at frequencies f / a, a log-uniform in [1 / MAX_WARP,
  MAX_WARP] (a shorter or longer vocal tract), interpolated along the mel filter centres;
- F0: the held F0 times b, b log-uniform in [1 / MAX_F0_RATIO, MAX_F0_RATIO] (another register); with
  ``warp_follows_f0`` = g > 0 the formant warp is a x b^g, as higher voices tend to have higher formants
  (the conversion network undoes that part from the register it tracks, vc_model.py);
- spectral tilt and EQ: a straight line over the octaves from 100 Hz (up to +-MAX_TILT_DB per octave)
  plus a smooth random curve (three cosines over the mel axis, up to +-MAX_EQ_DB in all);
- level: +-MAX_GAIN_DB on every band and on the loudness;
- noise: a floor MIN_SNR_DB ... MAX_SNR_DB below the crop's mean band power, added in the power domain.

Frames of digital silence stay exactly what the engine feeds for silence.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np

from .features import mel_band_centres_hz
from .inputs import LOG_MEL_FLOOR, NUM_SCALAR_INPUTS
from .model import ModelConfig

MAX_WARP = 1.22
MAX_F0_RATIO = 1.5
MAX_TILT_DB = 4.0
MAX_EQ_DB = 6.0
MAX_GAIN_DB = 12.0
MIN_SNR_DB, MAX_SNR_DB = 25.0, 60.0
DB_TO_LN_POWER = math.log(10.0) / 10.0


def mel_centres_hz(config: ModelConfig) -> np.ndarray:
    return mel_band_centres_hz(config.n_mels, config.mel_min_hz, config.mel_max_hz)


class Perturbation:
    """Draws and applies perturbations; ``strength`` in [0, 1] scales every range (0: identity)."""

    def __init__(self, config: ModelConfig, strength: float = 1.0, warp_follows_f0: float = 0.0):
        self.config = config
        self.strength = float(strength)
        self.warp_follows_f0 = float(warp_follows_f0)
        self.centres_hz = mel_centres_hz(config)
        self.octaves = np.log2(np.maximum(self.centres_hz, 100.0) / 100.0)
        self.mel_position = np.linspace(0.0, 1.0, config.n_mels)

    def _log_uniform(self, rng: np.random.Generator, ratio: float) -> float:
        return math.exp(rng.uniform(-1.0, 1.0) * self.strength * math.log(ratio))

    def apply(self, frames: np.ndarray, rng: np.random.Generator, warp: Optional[float] = None) -> np.ndarray:
        """frames [W, 4 + n_mels] float32 -> a perturbed copy."""
        out = np.array(frames, dtype=np.float32, copy=True)
        log_mel = out[:, NUM_SCALAR_INPUTS:].astype(np.float64)
        silent = np.all(log_mel <= LOG_MEL_FLOOR + 1e-3, axis=1)
        f0_ratio = self._log_uniform(rng, MAX_F0_RATIO)
        a = self._log_uniform(rng, MAX_WARP) * f0_ratio ** self.warp_follows_f0 if warp is None else warp
        source = np.interp(self.centres_hz / a, self.centres_hz, np.arange(self.config.n_mels))
        low = np.floor(source).astype(int)
        high = np.minimum(low + 1, self.config.n_mels - 1)
        frac = source - low
        log_mel = log_mel[:, low] * (1.0 - frac) + log_mel[:, high] * frac

        s = self.strength
        tilt_db = rng.uniform(-1.0, 1.0) * s * MAX_TILT_DB * (self.octaves - self.octaves.mean())
        eq_db = sum(rng.uniform(-1.0, 1.0) * s * MAX_EQ_DB / 3.0 * np.cos(math.pi * k * self.mel_position
                                                                         + rng.uniform(0, 2 * math.pi))
                    for k in (1, 2, 3))
        gain_db = rng.uniform(-1.0, 1.0) * s * MAX_GAIN_DB
        log_mel = log_mel + (tilt_db + eq_db + gain_db) * DB_TO_LN_POWER
        if s > 0.0:
            snr_db = rng.uniform(MIN_SNR_DB, MAX_SNR_DB) / max(s, 1e-3)
            floor = np.log(np.mean(np.exp(log_mel[~silent]))) - snr_db * DB_TO_LN_POWER if np.any(~silent) else None
            if floor is not None:
                log_mel = np.logaddexp(log_mel, floor)
        out[:, NUM_SCALAR_INPUTS:] = np.maximum(log_mel, LOG_MEL_FLOOR)
        out[:, 3] = np.where(out[:, 3] > -100.0, out[:, 3] + gain_db, out[:, 3])
        out[:, 0] *= f0_ratio
        out[silent, NUM_SCALAR_INPUTS:] = LOG_MEL_FLOOR
        return out
