# SPDX-License-Identifier: GPL-3.0-or-later
"""Torch twin of the C++ harmonic-plus-noise synthesiser (dsp/include/mynah/dsp/hn_synth.h).

Parity with ``mynah_dsp.hn_synth`` is tested in tests/python/test_parity.py. Per-sample rules, as in
hn_synth.h / hn_synth.cpp:

- Frame t spans output samples [start(t), start(t+1)) of the FrameClock (frame_clock.h):
  start(t) = floor(t * hop * output_rate / control_rate), exact in integers for whole-Hz rates.
- Inside a frame of n samples, sample j uses v(j) = prev + (cur - prev) * (j+1)/n for F0, every
  harmonic amplitude and every noise band gain (float32 arithmetic, as in C++). The first frame's
  "previous" F0 is its own F0 and its previous amplitudes and gains are 0. Negative F0 counts as 0.
- Phase in cycles = running sum of f0(j) / output_rate in float64, carried across frames; harmonic k is
  amp_k * taper(k f0) * sin(2 pi k phase) (k phase wrapped to [0, 1) first),
  taper = clamp((limit - k f0) / (0.05 limit), 0, 1),
  limit = min(harmonic_limit_hz, output_rate / 2) (output Nyquist when harmonic_limit_hz <= 0).
  A frame whose F0 is 0 at both ends has no harmonics.
- Noise = sum_b gain_b(j) * band_noise[b, sample], where band_noise are the C++ NoiseBank signals
  (``band_noise()`` below, from ``mynah_dsp.band_noise``; reference rate = control rate). They do not
  depend on the controls, so training can precompute them once.

Differentiable in the amplitudes, the gains and (through the phase) F0; batched over a leading
dimension. The C++ builds harmonic k by complex multiplication of the fundamental's phasor in float32,
the twin evaluates sin() directly (float32 by default, float64 with precise=True): both agree with
the C++ to ~1e-5 (float32) and ~1e-6 (precise) of the signal's peak.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np
import torch

HARMONIC_TAPER_FRACTION = 0.05  # kHarmonicTaperFraction (hn_synth.h)


def frame_starts(control_rate_hz: float, hop: int, output_rate_hz: float, num_frames: int) -> np.ndarray:
    """FrameClock::frameStart(t) for t = 0 .. num_frames, int64 [num_frames + 1] (frame_clock.h)."""
    if not control_rate_hz > 0 or not output_rate_hz > 0 or hop < 1:
        raise ValueError("the frame clock needs positive rates and hop")
    t = np.arange(num_frames + 1, dtype=np.int64)
    if control_rate_hz == math.floor(control_rate_hz) and output_rate_hz == math.floor(output_rate_hz):
        return t * hop * int(output_rate_hz) // int(control_rate_hz)
    return np.floor(t.astype(np.float64) * hop * output_rate_hz / control_rate_hz + 1e-9).astype(np.int64)


def band_noise(num_bands: int, min_hz: float, max_hz: float, control_rate_hz: float, output_rate_hz: float,
               num_samples: int, seed: int = 1) -> torch.Tensor:
    """The C++ NoiseBank's band signals, float32 [num_bands, num_samples] (needs the mynah_dsp module).
    With the synthesiser's seed these are exactly the signals the C++ HarmonicNoiseSynth uses."""
    from .dsp_module import mynah_dsp
    return torch.from_numpy(mynah_dsp.band_noise(num_bands, min_hz, max_hz, control_rate_hz, output_rate_hz,
                                                 seed, num_samples))


class HarmonicNoiseSynth(torch.nn.Module):
    """forward(f0_hz [B, T], harmonic_amplitudes [B, T, K], noise_gains [B, T, G], band_noise [G, S'] or
    [B, G, S'] with S' >= S) -> audio [B, S] at output_rate_hz, S = frame_starts(...)[T].
    Inputs without the batch dimension give an output without it. noise_gains/band_noise may be None
    (harmonics only). The phase always accumulates in float64; precise=True also evaluates each
    harmonic's sine in float64 (slower; with the default float32 sine the output is within ~1e-5 of
    the peak)."""

    def __init__(self, num_harmonics: int, num_bands: int, control_rate_hz: float = 16000.0, hop: int = 160,
                 output_rate_hz: float = 16000.0, harmonic_limit_hz: float = 0.0, precise: bool = False):
        super().__init__()
        self.precise = precise
        if num_harmonics < 1 or num_bands < 1:
            raise ValueError("the synthesiser needs at least one harmonic and one noise band")
        self.num_harmonics = num_harmonics
        self.num_bands = num_bands
        self.control_rate_hz = float(control_rate_hz)
        self.hop = int(hop)
        self.output_rate_hz = float(output_rate_hz)
        frame_starts(self.control_rate_hz, self.hop, self.output_rate_hz, 1)  # validates
        self.limit_hz = (min(harmonic_limit_hz, output_rate_hz / 2) if harmonic_limit_hz > 0.0
                         else output_rate_hz / 2)

    def frame_starts(self, num_frames: int) -> np.ndarray:
        return frame_starts(self.control_rate_hz, self.hop, self.output_rate_hz, num_frames)

    def num_output_samples(self, num_frames: int) -> int:
        return int(self.frame_starts(num_frames)[-1])

    def _timing(self, num_frames: int, device):
        """Per output sample: its frame index and its ramp (j+1)/n in float32, as C++ computes it."""
        starts = self.frame_starts(num_frames)
        lengths = np.diff(starts)
        frame = np.repeat(np.arange(num_frames), lengths)
        j = np.arange(starts[-1]) - starts[frame]
        ramp = (j + 1).astype(np.float32) / lengths[frame].astype(np.float32)
        return torch.from_numpy(frame).to(device), torch.from_numpy(ramp).to(device)

    @staticmethod
    def _ramped(values: torch.Tensor, first_previous: torch.Tensor, frame: torch.Tensor,
                ramp: torch.Tensor) -> torch.Tensor:
        """values [B, T, C] -> [B, S, C]: prev + (cur - prev) * ramp, prev of frame 0 = first_previous."""
        previous = torch.cat([first_previous, values[:, :-1]], dim=1)
        p = previous[:, frame]
        c = values[:, frame]
        return p + (c - p) * ramp[None, :, None]

    def harmonics(self, f0_hz: torch.Tensor, harmonic_amplitudes: torch.Tensor, frame: torch.Tensor,
                  ramp: torch.Tensor) -> torch.Tensor:
        f0 = torch.clamp_min(f0_hz.float(), 0.0)[..., None]                     # [B, T, 1]
        f0_s = self._ramped(f0, f0[:, :1], frame, ramp)[..., 0]                  # [B, S] float32
        phase = torch.cumsum(f0_s.double() * (1.0 / self.output_rate_hz), dim=-1)
        phase = phase - torch.floor(phase)                                       # cycles in [0, 1)
        k = torch.arange(1, self.num_harmonics + 1, device=f0_hz.device)
        if self.precise:
            harmonic_phase = phase[..., None] * k.double()
            sines = torch.sin(2.0 * math.pi * (harmonic_phase - torch.floor(harmonic_phase))).float()
        else:  # the wrapped phase in float32: ~9x faster, errors ~k * 6e-8 cycles (C++: ~k * 6e-8 too)
            harmonic_phase = phase.float()[..., None] * k.float()
            sines = torch.sin((2.0 * math.pi) * (harmonic_phase - torch.floor(harmonic_phase)))  # [B, S, K]
        limit = np.float32(self.limit_hz)
        inv_taper_width = np.float32(1.0) / np.float32(HARMONIC_TAPER_FRACTION * self.limit_hz)
        taper = torch.clamp((float(limit) - k.float() * f0_s[..., None]) * float(inv_taper_width), 0.0, 1.0)
        amplitudes = harmonic_amplitudes.float()
        amps = self._ramped(amplitudes, torch.zeros_like(amplitudes[:, :1]), frame, ramp)
        # C++ renders no harmonics for a frame whose F0 is 0 throughout (the phase does not move then).
        previous_f0 = torch.cat([f0[:, :1, 0], f0[:, :-1, 0]], dim=1)
        sounding = (torch.maximum(previous_f0, f0[..., 0]) > 0.0)[:, frame]     # [B, S]
        return (amps * taper * sines).sum(-1) * sounding

    def noise(self, noise_gains: torch.Tensor, band_signals: torch.Tensor, frame: torch.Tensor,
              ramp: torch.Tensor) -> torch.Tensor:
        num_samples = frame.shape[0]
        if band_signals.dim() == 2:
            band_signals = band_signals[None]
        if band_signals.shape[-2] != noise_gains.shape[-1] or band_signals.shape[-1] < num_samples:
            raise ValueError(f"band_noise must be [{noise_gains.shape[-1]}, >= {num_samples}] (or batched), "
                             f"got {tuple(band_signals.shape)}")
        gains = noise_gains.float()
        g = self._ramped(gains, torch.zeros_like(gains[:, :1]), frame, ramp)    # [B, S, G]
        return torch.einsum("bsg,bgs->bs", g, band_signals[..., :num_samples].float())

    def forward(self, f0_hz: torch.Tensor, harmonic_amplitudes: torch.Tensor,
                noise_gains: Optional[torch.Tensor] = None, band_noise: Optional[torch.Tensor] = None
                ) -> torch.Tensor:
        unbatched = f0_hz.dim() == 1
        if unbatched:
            f0_hz = f0_hz[None]
            harmonic_amplitudes = harmonic_amplitudes[None]
            noise_gains = None if noise_gains is None else noise_gains[None]
        if f0_hz.dim() != 2 or harmonic_amplitudes.dim() != 3:
            raise ValueError(f"f0_hz must be [B, T] and harmonic_amplitudes [B, T, K], got "
                             f"{tuple(f0_hz.shape)} and {tuple(harmonic_amplitudes.shape)}")
        if harmonic_amplitudes.shape[:2] != f0_hz.shape or harmonic_amplitudes.shape[-1] != self.num_harmonics:
            raise ValueError(f"harmonic_amplitudes must be {tuple(f0_hz.shape) + (self.num_harmonics,)}, "
                             f"got {tuple(harmonic_amplitudes.shape)}")
        if (noise_gains is None) != (band_noise is None):
            raise ValueError("give both noise_gains and band_noise, or neither")
        if noise_gains is not None and (noise_gains.dim() != 3 or noise_gains.shape[:2] != f0_hz.shape
                                        or noise_gains.shape[-1] != self.num_bands):
            raise ValueError(f"noise_gains must be {tuple(f0_hz.shape) + (self.num_bands,)}, "
                             f"got {tuple(noise_gains.shape)}")
        frame, ramp = self._timing(f0_hz.shape[1], f0_hz.device)
        if f0_hz.shape[1] == 0:
            out = f0_hz.new_zeros((f0_hz.shape[0], 0), dtype=torch.float32)
        else:
            out = self.harmonics(f0_hz, harmonic_amplitudes, frame, ramp)
            if noise_gains is not None:
                out = out + self.noise(noise_gains, band_noise, frame, ramp)
        return out[0] if unbatched else out
