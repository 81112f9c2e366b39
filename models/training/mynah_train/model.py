# SPDX-License-Identifier: GPL-3.0-or-later
"""The voice resynthesis network: model input frames -> harmonic-plus-noise synthesiser controls.

Contract (docs/MODEL_FORMAT.md): ``forward(features [B, W, C_in], state: List[Tensor]) ->
(controls [B, chunk, 1 + K + G], new_state)`` with ``W = context_frames + chunk + lookahead_frames``;
any ``chunk >= 1``; state = one GRU hidden state ``[1, B, hidden]`` (zeros at start). Raw features go in
(INPUT_NAMES order, see inputs.py); normalisation is inside.

Architecture:

1. Input transform: F0 -> ln(max(f0_hz, 50)); every input then standardised with the training set's
   mean and standard deviation (buffers ``input_mean``, ``input_std``).
2. Two valid (unpadded) 1-D convolutions over time, LeakyReLU, whose receptive field is exactly
   ``context_frames + 1 + lookahead_frames`` frames: ``W`` input frames give ``chunk`` output frames, so
   streaming in chunks computes exactly what one pass over the whole signal computes.
3. A one-layer GRU (its hidden state is the package's ``state``), then a linear head.
4. The head predicts a log-amplitude spectral envelope at ``envelope_points`` frequencies spaced evenly
   on the mel scale from 0 Hz to ``harmonic_limit_hz``, and ``noise_bands`` log noise gains. Harmonic k's
   amplitude is the envelope, linearly interpolated in mel, at ``k * f0``; so the network works in a
   fixed frequency frame whatever the F0 (it generalises across voices). Harmonics at or above the
   limit, and every harmonic while F0 is 0, are 0. Log values are soft-clamped below ln(1) so that
   amplitudes stay finite (<= 1, a full-scale sinusoid) and gains <= 1 (white noise of RMS 1).
5. The output F0 is the held input F0 of the same frame (pass-through).
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any, Dict, List, Optional, Tuple

import torch
from torch import Tensor, nn

from .inputs import NUM_SCALAR_INPUTS

F0_FLOOR_HZ = 50.0


@dataclasses.dataclass
class ModelConfig:
    """Everything that defines the network and the signal it describes (mynah.json is built from it)."""
    sample_rate_hz: float = 16000.0
    hop_samples: int = 80
    fft_size: int = 512
    n_mels: int = 80
    mel_min_hz: float = 0.0
    mel_max_hz: float = 8000.0
    f0_min_hz: float = 50.0
    f0_max_hz: float = 1000.0
    voicing_threshold: float = 0.15
    silence_gate_db: float = -60.0
    num_harmonics: int = 64
    noise_bands: int = 32
    noise_min_hz: float = 40.0
    noise_max_hz: float = 8000.0
    harmonic_limit_hz: float = 8000.0
    context_frames: int = 4
    lookahead_frames: int = 0
    conv_channels: int = 192
    hidden_size: int = 192
    envelope_points: int = 80

    @property
    def num_inputs(self) -> int:
        return NUM_SCALAR_INPUTS + self.n_mels

    @property
    def num_outputs(self) -> int:
        return 1 + self.num_harmonics + self.noise_bands

    def to_dict(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)

    @staticmethod
    def from_dict(d: Dict[str, Any]) -> "ModelConfig":
        names = {f.name for f in dataclasses.fields(ModelConfig)}
        return ModelConfig(**{k: v for k, v in d.items() if k in names})

    def feature_kwargs(self) -> Dict[str, Any]:
        """Keyword arguments for mynah_dsp.features(audio, sample_rate_hz, **kwargs)."""
        return dict(fft_size=self.fft_size, hop=self.hop_samples, n_mels=self.n_mels, mel_min_hz=self.mel_min_hz,
                    mel_max_hz=self.mel_max_hz, f0_min_hz=self.f0_min_hz, f0_max_hz=self.f0_max_hz,
                    voicing_threshold=self.voicing_threshold, silence_gate_db=self.silence_gate_db)


def _hz_to_mel(hz: float) -> float:
    return 2595.0 * math.log10(1.0 + hz / 700.0)


def _soft_max_clamp(x: Tensor, maximum: float) -> Tensor:
    """Smooth min(x, maximum)."""
    return maximum - nn.functional.softplus(maximum - x)


class VoiceResynth(nn.Module):
    def __init__(self, config: ModelConfig, input_mean: Optional[Tensor] = None,
                 input_std: Optional[Tensor] = None):
        super().__init__()
        c = config
        if c.context_frames < 0 or c.lookahead_frames < 0:
            raise ValueError("context_frames and lookahead_frames must be >= 0")
        self.context_frames = int(c.context_frames)
        self.lookahead_frames = int(c.lookahead_frames)
        self.num_harmonics = int(c.num_harmonics)
        self.envelope_points = int(c.envelope_points)
        self.limit_hz = float(c.harmonic_limit_hz)
        self.f0_floor_hz = F0_FLOOR_HZ
        self.mel_step = _hz_to_mel(self.limit_hz) / (self.envelope_points - 1)
        receptive = self.context_frames + 1 + self.lookahead_frames
        self.kernel1 = (receptive + 2) // 2
        self.kernel2 = receptive + 1 - self.kernel1
        self.num_inputs = int(c.num_inputs)
        self.conv_channels = int(c.conv_channels)
        # Two valid convolutions over time, as linear layers on unfolded windows (fewer, cheaper ops
        # than Conv1d for a few frames); weight column index = channel * kernel + tap.
        self.conv1 = nn.Linear(c.num_inputs * self.kernel1, c.conv_channels)
        self.conv2 = nn.Linear(c.conv_channels * self.kernel2, c.conv_channels)
        self.gru = nn.GRU(c.conv_channels, c.hidden_size, batch_first=True)
        self.head = nn.Linear(c.hidden_size, self.envelope_points + c.noise_bands)
        with torch.no_grad():  # start quiet: amplitudes and gains around 3e-3
            self.head.weight.mul_(0.1)
            self.head.bias.fill_(math.log(3e-3))
        mean = torch.zeros(c.num_inputs) if input_mean is None else input_mean.float().reshape(-1)
        std = torch.ones(c.num_inputs) if input_std is None else input_std.float().reshape(-1)
        self.register_buffer("input_scale", 1.0 / torch.clamp_min(std, 1e-3))
        self.register_buffer("input_shift", -mean * self.input_scale)
        self.register_buffer("harmonic_numbers", torch.arange(1, c.num_harmonics + 1, dtype=torch.float32))
        # mel(k f0) / mel_step = ln(1 + k f0 / 700) * position_scale
        self.position_scale = 2595.0 / math.log(10.0) / self.mel_step

    def set_normalisation(self, mean: Tensor, std: Tensor) -> None:
        """Inputs are standardised as (transformed input - mean) / std."""
        with torch.no_grad():
            self.input_scale.copy_(1.0 / torch.clamp_min(std.reshape(-1).float(), 1e-3))
            self.input_shift.copy_(-mean.reshape(-1).float() * self.input_scale)

    @torch.jit.export
    def initial_state(self, batch_size: int) -> List[Tensor]:
        return [torch.zeros(1, batch_size, self.gru.hidden_size)]

    def transform_inputs(self, features: Tensor) -> Tensor:
        f0 = torch.log(torch.clamp_min(features[:, :, :1], self.f0_floor_hz))
        return torch.addcmul(self.input_shift, torch.cat([f0, features[:, :, 1:]], dim=2), self.input_scale)

    def harmonic_amplitudes(self, log_envelope: Tensor, f0_hz: Tensor) -> Tensor:
        """log_envelope [B, T, P] at mel-spaced points, f0_hz [B, T, 1] (>= 0) -> amplitudes [B, T, K]."""
        freq = f0_hz * self.harmonic_numbers                                    # [B, T, K]
        position = torch.clamp_max(torch.log1p(freq * (1.0 / 700.0)) * self.position_scale,
                                   self.envelope_points - 1.001)
        index = position.long()                                                 # floor (position >= 0)
        low = torch.gather(log_envelope, 2, index)
        high = torch.gather(log_envelope, 2, index + 1)
        amplitudes = torch.exp(torch.lerp(low, high, position - index.float()))
        # silent at and above the limit (the synthesiser would mute them too) and while F0 is 0
        return amplitudes * ((freq < self.limit_hz) & (f0_hz > 0.0))

    def forward(self, features: Tensor, state: List[Tensor]) -> Tuple[Tensor, List[Tensor]]:
        batch = features.size(0)
        chunk = features.size(1) - self.context_frames - self.lookahead_frames
        x = self.transform_inputs(features)                                     # [B, W, C]
        x = x.unfold(1, self.kernel1, 1).reshape(batch, -1, self.num_inputs * self.kernel1)
        x = nn.functional.leaky_relu(self.conv1(x), 0.1)
        x = x.unfold(1, self.kernel2, 1).reshape(batch, chunk, self.conv_channels * self.kernel2)
        x = nn.functional.leaky_relu(self.conv2(x), 0.1)                        # [B, chunk, C]
        y, h = self.gru(x, state[0])
        out = _soft_max_clamp(self.head(y), 0.0)                                # log values <= ln 1
        f0 = torch.clamp_min(features[:, self.context_frames:self.context_frames + chunk, :1], 0.0)
        amplitudes = self.harmonic_amplitudes(out[:, :, :self.envelope_points], f0)
        noise = torch.exp(out[:, :, self.envelope_points:])
        return torch.cat([f0, amplitudes, noise], dim=2), [h]


def split_controls(controls: Tensor, num_harmonics: int) -> Tuple[Tensor, Tensor, Tensor]:
    """[B, T, 1 + K + G] -> f0 [B, T], amplitudes [B, T, K], gains [B, T, G]."""
    return controls[..., 0], controls[..., 1:1 + num_harmonics], controls[..., 1 + num_harmonics:]


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
