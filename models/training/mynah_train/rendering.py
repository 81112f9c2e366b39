# SPDX-License-Identifier: GPL-3.0-or-later
"""Audio through a model: features -> network (in one pass, or streamed in chunks like the engine) ->
torch synthesiser -> output time-aligned with the input.

Timing. Feature frame k is centred on input sample (k+1)*hop - history/2 (features.h). The synthesiser,
started at output sample 0, renders control frame k over output samples [k*hop, (k+1)*hop) and reaches
frame k's values at the last of them. So output sample s stands for input sample s - history/2:
``latency_samples`` = history/2 (322 at 16 kHz), the same alignment as DspResynthesizer / ``mynah
resynth``. Training compares output[s] with input[s - latency]; evaluation drops the first ``latency``
output samples.

Streaming (``stream_controls``) does what the engine does: frames before the stream start are
``inputs.silence_frame`` (or zeros, ``pad="zeros"``), each call gets ``context + chunk + lookahead``
frames, the state returned by one call goes into the next, starting from zeros.
"""
from __future__ import annotations

from typing import List, Optional, Sequence

import numpy as np
import torch

from .features import FeatureConfig
from .inputs import INPUT_NAMES, silence_frame
from .model import ModelConfig, split_controls
from .synth import HarmonicNoiseSynth, band_noise


def feature_config(config: ModelConfig) -> FeatureConfig:
    return FeatureConfig.for_sample_rate(config.sample_rate_hz, fft_size=config.fft_size, hop=config.hop_samples,
                                         n_mels=config.n_mels, mel_min_hz=config.mel_min_hz,
                                         mel_max_hz=config.mel_max_hz, f0_min_hz=config.f0_min_hz,
                                         f0_max_hz=config.f0_max_hz, f0_window_fraction=config.f0_window_fraction)


def latency_samples(config: ModelConfig) -> int:
    return feature_config(config).history_samples // 2


def make_synth(config: ModelConfig) -> HarmonicNoiseSynth:
    return HarmonicNoiseSynth(config.num_harmonics, config.noise_bands, control_rate_hz=config.sample_rate_hz,
                              hop=config.hop_samples, output_rate_hz=config.sample_rate_hz,
                              harmonic_limit_hz=config.harmonic_limit_hz)


def make_band_noise(config: ModelConfig, num_samples: int, seed: int = 1) -> torch.Tensor:
    """The C++ NoiseBank's band signals; seed 1 is the C++ synthesiser's default (what the engine plays)."""
    return band_noise(config.noise_bands, config.noise_min_hz, config.noise_max_hz, config.sample_rate_hz,
                      config.sample_rate_hz, num_samples, seed)


def padded_inputs(inputs: np.ndarray, context: int, lookahead: int, pad: str = "silence",
                  names: Sequence[str] = tuple(INPUT_NAMES)) -> np.ndarray:
    """[T, C] -> [context + T + lookahead, C]: frames before the start and after the end filled like
    the engine fills them (silence frames of the inputs ``names``, or zeros)."""
    width = inputs.shape[1]
    if pad == "silence":
        fill = silence_frame(width - (len(names) - 1) if "log_mel" in names else 1, names)
    elif pad == "zeros":
        fill = np.zeros(width, np.float32)
    else:
        raise ValueError(f"pad must be 'silence' or 'zeros', not {pad!r}")
    return np.concatenate([np.repeat(fill[None], context, 0), inputs, np.repeat(fill[None], lookahead, 0)], 0)


@torch.no_grad()
def full_controls(model, inputs: np.ndarray, config: ModelConfig, pad: str = "silence") -> torch.Tensor:
    """Controls [T, 1 + K + G] for inputs [T, C] in one call (equal to streaming, see model.py)."""
    x = torch.from_numpy(padded_inputs(inputs, config.context_frames, config.lookahead_frames, pad,
                                       config.inputs))[None]
    controls, _ = model(x, model.initial_state(1) if hasattr(model, "initial_state") else
                        [torch.zeros(1, 1, config.hidden_size)])
    return controls[0]


@torch.no_grad()
def stream_controls(module, inputs: np.ndarray, context: int, lookahead: int, state_shapes: List[List[int]],
                    chunk: int = 2, pad: str = "silence", names: Sequence[str] = tuple(INPUT_NAMES)) -> torch.Tensor:
    """Runs a (TorchScript) model like the engine: ``chunk`` frames per call, ``context`` frames before
    and ``lookahead`` after each chunk, state carried. Returns controls [T, num_outputs]."""
    x = torch.from_numpy(padded_inputs(inputs, context, lookahead, pad, names))[None]
    state = [torch.zeros(shape) for shape in state_shapes]
    total = inputs.shape[0]
    out = []
    for start in range(0, total, chunk):
        n = min(chunk, total - start)
        controls, state = module(x[:, start:start + context + n + lookahead], state)
        if tuple(controls.shape) != (1, n, controls.shape[2]):
            raise RuntimeError(f"model returned controls of shape {tuple(controls.shape)} for a chunk of {n}")
        out.append(controls[0])
    return torch.cat(out, 0)


@torch.no_grad()
def synthesise(controls: torch.Tensor, config: ModelConfig, synth: Optional[HarmonicNoiseSynth] = None,
               noise: Optional[torch.Tensor] = None) -> torch.Tensor:
    """Controls [T, 1 + K + G] -> audio [T * hop] at the model rate (harmonic amplitudes and gains < 0
    are clamped to 0 and F0 <= 0 holds the previous F0, as the engine does)."""
    synth = synth or make_synth(config)
    f0, amplitudes, gains = split_controls(controls, config.num_harmonics)
    f0 = torch.from_numpy(hold_positive(f0.numpy()))
    length = synth.num_output_samples(controls.shape[0])
    if noise is None or noise.shape[-1] < length:
        noise = make_band_noise(config, length)
    return synth(f0, torch.clamp_min(amplitudes, 0.0), torch.clamp_min(gains, 0.0), noise)


def hold_positive(f0_hz: np.ndarray) -> np.ndarray:
    """F0 <= 0 or non-finite holds the previous F0 (0 until the first positive value)."""
    out = np.array(f0_hz, dtype=np.float32)
    held = np.float32(0.0)
    for k in range(len(out)):
        if np.isfinite(out[k]) and out[k] > 0:
            held = out[k]
        out[k] = held
    return out


def aligned(output: np.ndarray, num_samples: int, latency: int) -> np.ndarray:
    """The output samples that stand for input samples 0 .. num_samples - 1."""
    y = np.asarray(output, dtype=np.float32)[latency:latency + num_samples]
    return np.pad(y, (0, num_samples - len(y)))


def frames_to_cover(num_samples: int, config: ModelConfig) -> int:
    """Feature frames needed so that the aligned output covers num_samples input samples."""
    return -(-(num_samples + latency_samples(config)) // config.hop_samples)
