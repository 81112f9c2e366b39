# SPDX-License-Identifier: GPL-3.0-or-later
"""The voice resynthesis network: model input frames -> harmonic-plus-noise synthesiser controls.

Contract (docs/MODEL_FORMAT.md): ``forward(features [B, W, C_in], state: List[Tensor]) ->
(controls [B, chunk, 1 + K + G], new_state)`` with ``W = context_frames + chunk + lookahead_frames``;
any ``chunk >= 1``; state = one GRU hidden state ``[1, B, hidden]`` (zeros at start). Raw features go in
(INPUT_NAMES order, see inputs.py); normalisation is inside.

Architecture:

1. Input transform: F0 -> ln(max(f0_hz, 50)); every input then standardised with the training set's
   mean and standard deviation (buffers ``input_shift`` = -mean / std, ``input_scale`` = 1 / std).
2. Two valid (unpadded) 1-D convolutions over time, LeakyReLU, whose receptive field is exactly
   ``context_frames + 1 + lookahead_frames`` frames: ``W`` input frames give ``chunk`` output frames, so
   streaming in chunks computes exactly what one pass over the whole signal computes.
3. A one-layer GRU (its hidden state is the package's ``state``), then a linear head.
4. The head predicts corrections to an analysis of the current frame (so that what the network has to
   learn is voice-independent, and it generalises to voices it never heard):
   - harmonics: a log-amplitude envelope at the n_mels mel filter centres, ``0.5 (log_mel_m -
     relu(ln B_m - ln f0) - ln 1.5)`` (the amplitude of harmonics spaced f0 that give filter m's power:
     B_m its bandwidth in Hz, ``sum_k H_m[k] * bin_hz``, 1.5 the power a Hann-windowed sinusoid of
     amplitude 1 spreads over its bins) plus the correction. Harmonic k's amplitude is the
     envelope, linearly interpolated in mel, at ``k * f0`` (held at the end points outside them);
   - noise: band b's log gain is the mean over the mel filters inside it of ``0.5 log_mel_m`` (a fixed
     matrix; the constants that turn mel power into white-noise RMS are in the head's initial bias)
     plus the correction.
   Log values are clamped at ln 1 (amplitudes <= 1, a full-scale sinusoid; gains <= 1, white noise of
   RMS 1). Every harmonic is 0 while F0 is 0; harmonics above the limit are left to the synthesiser,
   which mutes them.
5. The output F0 is the held input F0 of the same frame (pass-through).
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import torch
from torch import Tensor, nn

from .features import mel_filterbank, periodic_hann
from .inputs import INPUT_NAMES
from . import row_ops

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
    f0_window_fraction: float = 1.0   # features.f0_window_fraction
    num_harmonics: int = 100
    noise_bands: int = 32
    noise_min_hz: float = 40.0
    noise_max_hz: float = 8000.0
    harmonic_limit_hz: float = 8000.0
    context_frames: int = 4
    lookahead_frames: int = 0
    conv_channels: int = 192
    hidden_size: int = 192
    inputs: List[str] = dataclasses.field(default_factory=lambda: list(INPUT_NAMES))  # features.inputs

    @property
    def num_inputs(self) -> int:
        return sum(self.n_mels if name == "log_mel" else 1 for name in self.inputs)

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
        kwargs = dict(fft_size=self.fft_size, hop=self.hop_samples, n_mels=self.n_mels, mel_min_hz=self.mel_min_hz,
                      mel_max_hz=self.mel_max_hz, f0_min_hz=self.f0_min_hz, f0_max_hz=self.f0_max_hz,
                      voicing_threshold=self.voicing_threshold, silence_gate_db=self.silence_gate_db)
        # Only where it differs from the default, so that the corpus caches keyed by these arguments
        # (data.corpus_dir) stay valid for the configurations made before the field existed.
        if self.f0_window_fraction != 1.0:
            kwargs["f0_window_fraction"] = self.f0_window_fraction
        return kwargs


def _hz_to_mel(hz: float) -> float:
    return 2595.0 * math.log10(1.0 + hz / 700.0)


def _noise_band_weights(config: ModelConfig, filterbank: np.ndarray) -> np.ndarray:
    """[noise_bands, n_mels]: how much of each mel filter's mass lies in each noise band, rows summing to 1."""
    from .dsp_module import mynah_dsp  # noqa: PLC0415 - the C++ band layout itself
    edges = mynah_dsp.noise_band_edges(config.noise_bands, config.noise_min_hz, config.noise_max_hz)
    bin_hz = np.arange(filterbank.shape[1]) * config.sample_rate_hz / config.fft_size
    weights = np.zeros((config.noise_bands, filterbank.shape[0]))
    for b, (low, high) in enumerate(edges):
        inside = (bin_hz >= low) & (bin_hz < high)
        weights[b] = filterbank[:, inside].sum(1)
        if weights[b].sum() <= 0:  # a band narrower than a bin: the filter nearest its centre
            weights[b, np.argmax(filterbank[:, np.argmin(np.abs(bin_hz - (low + high) / 2))])] = 1.0
    return weights / weights.sum(1, keepdims=True)


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
        self.n_mels = int(c.n_mels)
        self.noise_bands = int(c.noise_bands)
        self.limit_hz = float(c.harmonic_limit_hz)
        self.f0_floor_hz = F0_FLOOR_HZ
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
        self.head = nn.Linear(c.hidden_size, c.n_mels + c.noise_bands)

        filterbank = mel_filterbank(c.sample_rate_hz, c.fft_size, c.n_mels, c.mel_min_hz, c.mel_max_hz)
        bin_hz = c.sample_rate_hz / c.fft_size
        filter_sums = filterbank.astype(np.float64).sum(1)
        window = periodic_hann(c.fft_size).astype(np.float64)
        noise_power = 4.0 * np.sum(window ** 2) / np.sum(window) ** 2  # P of white noise of variance 1
        band_weights = _noise_band_weights(c, filterbank)
        with torch.no_grad():  # start from the analysis: corrections 0 but for the constant terms
            self.head.weight.mul_(0.1)
            self.head.bias.zero_()
            # a sinusoid of amplitude A puts 1.5 A^2 into the Hann-windowed power spectrum
            self.head.bias[:c.n_mels] = -0.5 * math.log(1.5)
            self.head.bias[c.n_mels:] = torch.from_numpy(
                -0.5 * band_weights @ np.log(noise_power * filter_sums)).float()
        # Constants derived from the configuration: saved in TorchScript, not in checkpoints.
        self.register_buffer("log_bandwidth", torch.from_numpy(np.log(filter_sums * bin_hz)).float(),
                             persistent=False)
        self.register_buffer("noise_weights", torch.from_numpy(0.5 * band_weights).float(), persistent=False)
        mean = torch.zeros(c.num_inputs) if input_mean is None else input_mean.float().reshape(-1)
        std = torch.ones(c.num_inputs) if input_std is None else input_std.float().reshape(-1)
        self.register_buffer("input_scale", 1.0 / torch.clamp_min(std, 1e-3))
        self.register_buffer("input_shift", -mean * self.input_scale)
        # k / 700 for harmonic k: ln(1 + k f0 / 700) is the HTK mel of k f0, up to a factor
        self.register_buffer("harmonic_step", torch.arange(1, c.num_harmonics + 1, dtype=torch.float32) / 700.0,
                             persistent=False)
        # Envelope point m sits at the centre of mel filter m: mel(f) = mel_min + (m + 1) * mel_step.
        mel_step = (_hz_to_mel(c.mel_max_hz) - _hz_to_mel(c.mel_min_hz)) / (c.n_mels + 1)
        self.position_scale = 2595.0 / math.log(10.0) / mel_step
        self.position_offset = _hz_to_mel(c.mel_min_hz) / mel_step + 1.0

    def set_normalisation(self, mean: Tensor, std: Tensor) -> None:
        """Inputs are standardised as (transformed input - mean) / std."""
        with torch.no_grad():
            self.input_scale.copy_(1.0 / torch.clamp_min(std.reshape(-1).float(), 1e-3))
            self.input_shift.copy_(-mean.reshape(-1).float() * self.input_scale)

    def load_weights(self, state_dict: Dict[str, Tensor]) -> None:
        """Loads learned parameters and the input normalisation, ignoring configuration-derived constants
        that older checkpoints also stored."""
        derived = {"harmonic_numbers", "log_bandwidth", "noise_weights", "harmonic_step"}
        missing, unexpected = self.load_state_dict(state_dict, strict=False)
        if missing or set(unexpected) - derived:
            raise KeyError(f"checkpoint does not fit the model: missing {missing}, unexpected {unexpected}")

    @torch.jit.export
    def initial_state(self, batch_size: int) -> List[Tensor]:
        return [torch.zeros(1, batch_size, self.gru.hidden_size)]

    def harmonic_amplitudes(self, log_envelope: Tensor, f0_hz: Tensor) -> Tensor:
        """log_envelope [B, T, n_mels] at the mel filter centres, f0_hz [B, T, 1] (>= 0) -> [B, T, K].
        Harmonics above the limit are left to the synthesiser, which mutes them."""
        position = torch.clamp(torch.log1p(f0_hz * self.harmonic_step) * self.position_scale - self.position_offset,
                               0.0, self.n_mels - 1.001)                        # [B, T, K]
        index = position.long()                                                 # floor (position >= 0)
        low = torch.gather(log_envelope, 2, index)
        high = torch.gather(log_envelope.narrow(2, 1, self.n_mels - 1), 2, index)
        return torch.exp(torch.lerp(low, high, torch.frac(position))) * (f0_hz > 0.0)

    def trunk(self, x: Tensor, hidden: Tensor) -> Tuple[Tensor, Tensor]:
        """Standardised inputs [B, W, C_in] -> head output [B, chunk, n_mels + G] and the new GRU state."""
        batch = x.size(0)
        chunk = x.size(1) - self.context_frames - self.lookahead_frames
        x = x.unfold(1, self.kernel1, 1).reshape(batch, -1, self.num_inputs * self.kernel1)
        x = nn.functional.leaky_relu(row_ops.linear(x, self.conv1.weight, self.conv1.bias), 0.1)
        x = x.unfold(1, self.kernel2, 1).reshape(batch, chunk, self.conv_channels * self.kernel2)
        x = nn.functional.leaky_relu(row_ops.linear(x, self.conv2.weight, self.conv2.bias), 0.1)   # [B, chunk, C]
        # not nn.GRU's forward: it adds ~30 graph operations of shape checks to every call
        g = self.gru
        y, h = row_ops.gru(x, hidden, [g.weight_ih_l0, g.weight_hh_l0, g.bias_ih_l0, g.bias_hh_l0], self.training)
        return row_ops.linear(y, self.head.weight, self.head.bias), h

    def forward(self, features: Tensor, state: List[Tensor]) -> Tuple[Tensor, List[Tensor]]:
        chunk = features.size(1) - self.context_frames - self.lookahead_frames
        end = self.context_frames + chunk
        log_f0 = torch.log(torch.clamp_min(features[:, :, :1], self.f0_floor_hz))
        x = torch.addcmul(self.input_shift, torch.cat([log_f0, features[:, :, 1:]], dim=2), self.input_scale)
        correction, h = self.trunk(x, state[0])
        log_mel = features[:, self.context_frames:end, 4:]
        analysis = log_mel - torch.relu(self.log_bandwidth - log_f0[:, self.context_frames:end])
        envelope = torch.clamp_max(torch.add(correction[:, :, :self.n_mels], analysis, alpha=0.5), 0.0)
        noise = row_ops.linear(log_mel, self.noise_weights, None) + correction[:, :, self.n_mels:]
        f0 = torch.clamp_min(torch.nan_to_num(features[:, self.context_frames:end, :1], 0.0, 0.0, 0.0), 0.0)
        amplitudes = self.harmonic_amplitudes(envelope, f0)
        return torch.cat([f0, amplitudes, torch.exp(torch.clamp_max(noise, 0.0))], dim=2), [h]


def split_controls(controls: Tensor, num_harmonics: int) -> Tuple[Tensor, Tensor, Tensor]:
    """[B, T, 1 + K + G] -> f0 [B, T], amplitudes [B, T, K], gains [B, T, G]."""
    return controls[..., 0], controls[..., 1:1 + num_harmonics], controls[..., 1 + num_harmonics:]


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
