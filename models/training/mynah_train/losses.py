# SPDX-License-Identifier: GPL-3.0-or-later
"""Training loss: a multi-resolution STFT loss, the differentiable twin of
``mynah_train.metrics.multi_resolution_spectral_distance`` (the number docs/QUALITY.md reports).

For each FFT size (hop = size / 4, periodic Hann, no centre padding, like the metric): spectral
convergence ||S_x - S_y||_F / ||S_x||_F plus the mean |log10 max(S_x, 1e-5) - log10 max(S_y, 1e-5)|;
the loss is the mean over sizes. With the metric's sizes (512, 1024, 2048) it is the metric itself
(per batch item, up to float32 rounding); the smaller sizes added by default keep onsets and stops sharp.
"""
from __future__ import annotations

from typing import Dict, Sequence

import torch

DEFAULT_FFT_SIZES = (2048, 1024, 512, 256, 128)
MAGNITUDE_FLOOR = 1e-5


class MultiResolutionStftLoss(torch.nn.Module):
    def __init__(self, fft_sizes: Sequence[int] = DEFAULT_FFT_SIZES):
        super().__init__()
        self.fft_sizes = [int(s) for s in fft_sizes]
        for size in self.fft_sizes:
            self.register_buffer(f"window_{size}", torch.hann_window(size, periodic=True), persistent=False)

    def magnitude(self, x: torch.Tensor, size: int) -> torch.Tensor:
        """[B, N] -> [B, frames, bins]."""
        if x.shape[-1] < size:
            x = torch.nn.functional.pad(x, (0, size - x.shape[-1]))
        spectrum = torch.stft(x, size, hop_length=size // 4, window=getattr(self, f"window_{size}"), center=False,
                              return_complex=True)
        return torch.sqrt(spectrum.real.square() + spectrum.imag.square() + 1e-12).transpose(1, 2)

    def terms(self, reference: torch.Tensor, predicted: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Per-size spectral convergence and log distance, averaged over the batch."""
        out = {}
        for size in self.fft_sizes:
            a = self.magnitude(reference, size)
            b = self.magnitude(predicted, size)
            convergence = torch.linalg.norm((a - b).flatten(1), dim=1) / torch.clamp_min(
                torch.linalg.norm(a.flatten(1), dim=1), 1e-6)
            log_distance = (torch.log10(torch.clamp_min(a, MAGNITUDE_FLOOR))
                            - torch.log10(torch.clamp_min(b, MAGNITUDE_FLOOR))).abs().mean(dim=(1, 2))
            out[f"sc_{size}"] = convergence.mean()
            out[f"log_{size}"] = log_distance.mean()
        return out

    def forward(self, reference: torch.Tensor, predicted: torch.Tensor) -> torch.Tensor:
        terms = self.terms(reference, predicted)
        return sum(terms.values()) / len(self.fft_sizes)
