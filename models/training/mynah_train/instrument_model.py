# SPDX-License-Identifier: GPL-3.0-or-later
"""The neural instrument network: pitch and loudness frames -> harmonic-plus-noise synthesiser controls.

Same contract as the voice networks (docs/MODEL_FORMAT.md): ``forward(features [B, W, 2], state) ->
(controls [B, chunk, 1 + K + G], new_state)``, inputs ``f0_hz, loudness_db`` (INSTRUMENT_INPUT_NAMES),
one GRU hidden state. In effect mode the engine feeds the input's held F0 mapped into the instrument's
range and the input's loudness; for MIDI the note renderer feeds the notes' pitch and loudness curves.

The trunk (valid convolutions over ``context_frames + 1`` frames, GRU, linear head) is VoiceResynth's;
only the head's meaning differs, DDSP-style:

- harmonics: ``A = exp(min(0, ln(10^(loudness/20)) + a))`` the total amplitude (loudness_db is relative
  to a full-scale sinusoid, so with the correction a = 0 a 1 kHz tone comes out at the input's loudness)
  times a distribution over the K harmonics (softmax), 0 while F0 is 0. Tying the amplitude to the
  input's loudness makes silence in give silence out from the first step of training;
- noise: band log gains ``ln(10^(loudness/20)) + b`` with a learned per-band correction b (the head's
  initial bias puts the noise 30 dB under the harmonics);
- F0 out = the held input F0 (the synthesiser plays exactly the pitch it is given).
"""
from __future__ import annotations

import math
from typing import List, Tuple

import torch
from torch import Tensor, nn

from .model import ModelConfig, VoiceResynth

LN10_OVER_20 = math.log(10.0) / 20.0
INITIAL_NOISE_DB = -30.0   # noise bands start this far under the harmonic amplitude


class InstrumentSynth(VoiceResynth):
    def __init__(self, config: ModelConfig, input_mean=None, input_std=None):
        if list(config.inputs) != ["f0_hz", "loudness_db"]:
            raise ValueError(f"an instrument network takes inputs f0_hz, loudness_db, not {config.inputs}")
        super().__init__(config, input_mean, input_std)
        k = int(config.num_harmonics)
        self.db_to_log_amplitude = LN10_OVER_20
        self.head = nn.Linear(config.hidden_size, 1 + k + config.noise_bands)
        with torch.no_grad():
            self.head.weight.mul_(0.1)
            self.head.bias.zero_()
            # start with a 1/k spectral tilt: a bright, sawtooth-like tone
            self.head.bias[1:1 + k] = -torch.log(torch.arange(1, k + 1, dtype=torch.float32))
            self.head.bias[1 + k:] = INITIAL_NOISE_DB * LN10_OVER_20

    def forward(self, features: Tensor, state: List[Tensor]) -> Tuple[Tensor, List[Tensor]]:
        chunk = features.size(1) - self.context_frames - self.lookahead_frames
        end = self.context_frames + chunk
        log_f0 = torch.log(torch.clamp_min(features[:, :, :1], self.f0_floor_hz))
        x = torch.addcmul(self.input_shift, torch.cat([log_f0, features[:, :, 1:]], dim=2), self.input_scale)
        head, h = self.trunk(x, state[0])
        log_level = features[:, self.context_frames:end, 1:2] * self.db_to_log_amplitude              # [B, chunk, 1]
        f0 = torch.clamp_min(torch.nan_to_num(features[:, self.context_frames:end, :1], 0.0, 0.0, 0.0), 0.0)
        total = torch.exp(torch.clamp_max(log_level + head[:, :, :1], 0.0))
        distribution = torch.softmax(head[:, :, 1:1 + self.num_harmonics], dim=2)
        amplitudes = total * distribution * (f0 > 0.0)
        gains = torch.exp(torch.clamp_max(log_level + head[:, :, 1 + self.num_harmonics:], 0.0))
        return torch.cat([f0, amplitudes, gains], dim=2), [h]
