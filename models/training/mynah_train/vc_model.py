# SPDX-License-Identifier: GPL-3.0-or-later
"""The voice conversion network (any-to-one): model input frames of any voice -> harmonic-plus-noise
controls that speak the same words, with the same timing and intonation, in the target voice.

Same package contract and trunk as the resynthesis network (model.py: two valid convolutions over
time, a GRU, a linear head; chunks of any size stream exactly). What makes it convert:

1. **Speaker normalisation inside the stream.** Running means of the input's log-mel (over frames
   louder than ``STATS_GATE_DB``) and of its log-F0 (over voiced frames) are carried in the state: a
   plain average of the frames seen so far, starting from a prior worth ``PRIOR_FRAMES`` frames (none
   for log-F0), that turns into an exponential average with a time constant of ``ADAPT_SECONDS``
   (``F0_ADAPT_SECONDS`` for log-F0) once enough frames were seen. The network sees the log-mel minus its running mean (the speaker's average timbre, microphone
   and room removed) and log-F0 minus its running mean (intonation, not register), plus voicing,
   confidence and loudness. Training perturbs the input further (perturb.py: formant warping, F0,
   tilt, EQ, level, noise) so the network cannot lean on who is speaking.
2. **The target's register.** Output F0 = input F0 x exp(target mean log-F0 - running mean log-F0):
   the input's intonation, moved into the target's register automatically (the engine's transpose
   applies on top).
3. **The target's timbre.** The head corrects a starting point: the normalised input log-mel times
   ``source_detail`` plus the target's mean log-mel (with 1, as in older models: a global EQ towards the
   target, the trivial baseline; with less, less of the input's own spectral detail, which the head then
   renders from what it hears), turned into harmonic amplitudes at output F0 and noise band gains as in
   model.py. Trained on the target's speech alone (fed perturbed), the correction learns what the target's
   spectrum looks like for each sound.
4. **Vocal tract.** Higher voices have shorter vocal tracts: formants sit higher in proportion. Before
   anything else, the speaker-normalised log-mel is read at frequencies f / alpha with
   alpha = (target mean F0 / running mean F0) ^ ``formant_warp_exponent`` (0.3 in trained models, 0 in
   older ones: no warp), the same warp for the network's input and for the global-EQ starting point, so a
   low voice's formants arrive where the target's would be (vocal-tract-length normalisation driven by
   the register the model already tracks: measured on the validation voices, a global EQ after this warp
   lowers the MCD to the targets by 20-23 % where the EQ alone gives 17-19 %).
5. **Confidence gate.** Harmonics sound only in voiced frames (the engine's voicing decision, the
   ``voiced`` input); breaths and unvoiced consonants are noise only, never buzz.

State (all zeros at stream start, as the engine starts it): the GRU hidden state [1, B, H]; the
running statistics [1, B, 2 + 1 + n_mels] = (frames counted for log-mel, frames counted for log-F0,
mean log-F0 - prior, mean log-mel - prior); and the statistics each of the last ``context_frames``
frames was normalised with [context, B, 1 + n_mels], so that context frames are normalised as they
were when they were new and streaming in any chunk size equals one pass.
"""
from __future__ import annotations

import math
from typing import List, Optional, Tuple

import torch
from torch import Tensor, nn

from .features import hz_to_mel, mel_band_centres_hz
from . import row_ops
from .model import ModelConfig, VoiceResynth

STATS_GATE_DB = -50.0     # frames quieter than this (A-weighted loudness) do not move the log-mel mean
PRIOR_FRAMES = 20.0       # the log-mel prior counts as this many frames (100 ms)
ADAPT_SECONDS = 3.0       # once this much has been counted, the log-mel mean follows with this time constant
# The register (mean log-F0) starts at the first voiced frame (no prior) and averages every voiced frame
# up to F0_ADAPT_SECONDS, then follows with that time constant: it settles within the first phrase and
# then hardly moves, so the output keeps the input's intonation (a register that kept adapting would
# flatten it; measured on the test sources: F0 correlation 0.92 vs 0.70 with a 20-frame prior and 3 s).
F0_PRIOR_FRAMES = 0.0
F0_ADAPT_SECONDS = 15.0
DEFAULT_LOG_F0 = math.log(140.0)
MEL_PER_LN = 2595.0 / math.log(10.0)   # features.hz_to_mel: 2595 log10(1 + f / 700)
MEL_BREAK_HZ = 700.0


class VoiceConvert(VoiceResynth):
    def __init__(self, config: ModelConfig, input_mean: Optional[Tensor] = None,
                 input_std: Optional[Tensor] = None):
        super().__init__(config, input_mean, input_std)
        if config.context_frames < 1:
            raise ValueError("the conversion network needs context_frames >= 1")
        n = self.n_mels
        frames_per_second = config.sample_rate_hz / config.hop_samples
        self.max_count = float(ADAPT_SECONDS * frames_per_second)
        self.prior_frames = PRIOR_FRAMES
        self.f0_max_count = float(F0_ADAPT_SECONDS * frames_per_second)
        self.f0_prior_frames = F0_PRIOR_FRAMES
        self.stats_gate_db = STATS_GATE_DB
        # Priors of the running means (an average voice) and the target's means: set by training.
        self.register_buffer("prior_log_mel", torch.full((n,), -8.0))
        self.register_buffer("prior_log_f0", torch.full((1,), DEFAULT_LOG_F0))
        self.register_buffer("target_log_mel", torch.full((n,), -8.0))
        self.register_buffer("target_log_f0", torch.full((1,), DEFAULT_LOG_F0))
        # alpha = exp(exponent x (target mean log-F0 - running mean log-F0)); 0 (no warp) unless training sets it
        # (kept as a buffer for checkpoints, and as a float that the exported graph folds into constants)
        self.register_buffer("formant_warp_exponent", torch.zeros(1))
        self.warp_exponent = 0.0
        # How much of the input's own spectral detail (its deviation from its running mean) the starting
        # point keeps: 1 (older models) passes all of it, for the head to correct; less leaves more of the
        # target's detail for the head to render from the content (buffer for checkpoints, float for graphs)
        self.register_buffer("source_detail", torch.ones(1))
        self.source_detail_weight = 1.0
        centres = mel_band_centres_hz(n, config.mel_min_hz, config.mel_max_hz)
        self.register_buffer("band_centres_over_break", torch.tensor(centres, dtype=torch.float32) / MEL_BREAK_HZ,
                             persistent=False)
        lo, hi = hz_to_mel(config.mel_min_hz), hz_to_mel(config.mel_max_hz)
        mel_step = (hi - lo) / (n + 1)
        # band position of a frequency f: (hz_to_mel(f) - lo) / step - 1 = ln(1 + f / 700) x per_ln - offset
        self.bands_per_ln = MEL_PER_LN / mel_step
        self.band_offset = lo / mel_step + 1.0

    def load_weights(self, state_dict) -> None:
        if "formant_warp_exponent" not in state_dict:   # checkpoints from before the warp: no warp
            state_dict = dict(state_dict, formant_warp_exponent=torch.zeros(1))
        if "source_detail" not in state_dict:           # checkpoints from before the weight: all detail
            state_dict = dict(state_dict, source_detail=torch.ones(1))
        super().load_weights(state_dict)
        self.warp_exponent = float(self.formant_warp_exponent.item())
        self.source_detail_weight = float(self.source_detail.item())

    def set_formant_warp_exponent(self, exponent: float) -> None:
        with torch.no_grad():
            self.formant_warp_exponent.fill_(float(exponent))
        self.warp_exponent = float(exponent)

    def set_source_detail(self, weight: float) -> None:
        with torch.no_grad():
            self.source_detail.fill_(float(weight))
        self.source_detail_weight = float(weight)

    def formant_warp(self, log_mel: Tensor, log_ratio: Tensor) -> Tensor:
        """log_mel [B, T, n_mels] read at f / alpha per frame, alpha = exp(exponent x log_ratio [B, T, 1]):
        linear interpolation between the two neighbouring bands, the end bands held beyond the edges."""
        scaled = self.band_centres_over_break * torch.exp(log_ratio * -self.warp_exponent)    # [B, T, n]
        position = torch.clamp(torch.log1p(scaled) * self.bands_per_ln - self.band_offset, 0.0, float(self.n_mels - 1))
        low = torch.clamp_max(torch.floor(position), float(self.n_mels - 2))
        index = low.long()
        return torch.lerp(torch.gather(log_mel, 2, index), torch.gather(log_mel, 2, index + 1), position - low)

    def set_voice_statistics(self, prior_log_mel: Tensor, prior_log_f0: float, target_log_mel: Tensor,
                             target_log_f0: float) -> None:
        with torch.no_grad():
            self.prior_log_mel.copy_(prior_log_mel.reshape(-1).float())
            self.prior_log_f0.fill_(float(prior_log_f0))
            self.target_log_mel.copy_(target_log_mel.reshape(-1).float())
            self.target_log_f0.fill_(float(target_log_f0))

    @torch.jit.export
    def initial_state(self, batch_size: int) -> List[Tensor]:
        return [torch.zeros(1, batch_size, self.gru.hidden_size), torch.zeros(1, batch_size, 3 + self.n_mels),
                torch.zeros(self.context_frames, batch_size, 1 + self.n_mels)]

    def running_statistics(self, log_f0: Tensor, log_mel: Tensor, voiced: Tensor, loud: Tensor,
                           stats: Tensor) -> Tuple[Tensor, Tensor]:
        """The chunk's frames as log_f0 [B, T, 1] and log_mel [B, T, n_mels] (deviations from the priors)
        with their weights voiced and loud [B, T, 1] (0 or 1), stats [B, 3 + n_mels] -> the (mean log-F0,
        mean log-mel) deviations from the priors after each frame [B, T, 1 + n_mels], and the final
        stats. One frame at a time, so any chunking gives the same numbers."""
        # (narrow and select rather than [:, a:b] indexing: one graph operation each instead of one per axis)
        count_mel, count_f0, mean_f0 = stats.narrow(1, 0, 1), stats.narrow(1, 1, 1), stats.narrow(1, 2, 1)
        mean_mel = stats.narrow(1, 3, self.n_mels)
        out: List[Tensor] = []
        for t in range(log_f0.size(1)):
            loud_now, voiced_now = loud.select(1, t), voiced.select(1, t)
            count_mel = torch.clamp_max(count_mel + loud_now, self.max_count)
            count_f0 = torch.clamp_max(count_f0 + voiced_now, self.f0_max_count)
            mean_f0 = torch.lerp(mean_f0, log_f0.select(1, t),
                                 voiced_now / torch.clamp_min(self.f0_prior_frames + count_f0, 1.0))
            mean_mel = torch.lerp(mean_mel, log_mel.select(1, t), loud_now / (self.prior_frames + count_mel))
            out.append(torch.cat([mean_f0, mean_mel], dim=1))
        return torch.stack(out, dim=1), torch.cat([count_mel, count_f0, mean_f0, mean_mel], dim=1)

    def convert(self, features: Tensor, state: List[Tensor], target_log_mel: Tensor, target_log_f0: Tensor,
                f0_out: Optional[Tensor]) -> Tuple[Tensor, List[Tensor]]:
        """features [B, W, C]; target_log_mel [B, n_mels] and target_log_f0 [B, 1] (training varies them
        per voice); f0_out [B, chunk, 1] replaces the mapped F0 when given (training: the clean target F0).
        Each quantity is computed once over the window and sliced where needed: the engine calls this
        every 5 ms, and its cost is mostly per operation, not per value: hence narrow() rather than [:, a:b]
        indexing, which costs one graph operation per axis."""
        n, c = self.n_mels, self.context_frames
        chunk = features.size(1) - c - self.lookahead_frames
        f0_in = torch.clamp_min(torch.nan_to_num(features.narrow(2, 0, 1), 0.0, 0.0, 0.0), 0.0)
        log_f0 = torch.log(torch.clamp_min(f0_in, self.f0_floor_hz)) - self.prior_log_f0   # [B, W, 1]
        log_mel = features.narrow(2, 4, n) - self.prior_log_mel                              # [B, W, n_mels]
        new = features.narrow(1, c, chunk)
        voiced_flag = new.narrow(2, 1, 1) > 0.5
        new_means, new_stats = self.running_statistics(
            log_f0.narrow(1, c, chunk), log_mel.narrow(1, c, chunk), (voiced_flag & (new.narrow(2, 0, 1) > 0.0)).float(),
            (new.narrow(2, 3, 1) > self.stats_gate_db).float(), state[1][0])
        means = torch.cat([state[2].transpose(0, 1), new_means], dim=1)       # [B, context + chunk, 1 + n_mels]
        if self.lookahead_frames > 0:
            # look-ahead frames are counted when their turn comes; until then, the latest means
            ahead = new_means.narrow(1, chunk - 1, 1).expand(features.size(0), self.lookahead_frames, 1 + n)
            means = torch.cat([means, ahead], dim=1)                          # [B, W, 1 + n_mels]
        mean_log_f0 = means.narrow(2, 0, 1)
        relative_log_f0 = (log_f0 - mean_log_f0) * (f0_in > 0.0)             # intonation, not register
        log_mel = log_mel - means.narrow(2, 1, n)                             # speaker mean removed
        # ln(target register / input register) per frame: moves F0 and, to the exponent's power, formants
        register_shift = (target_log_f0 - self.prior_log_f0).unsqueeze(1) - mean_log_f0   # [B, W, 1]
        if self.warp_exponent != 0.0:
            log_mel = self.formant_warp(log_mel, register_shift)
        x = torch.cat([relative_log_f0, features.narrow(2, 1, 3), log_mel], dim=2)
        correction, h = self.trunk(torch.addcmul(self.input_shift, x, self.input_scale), state[0])

        if f0_out is None:
            f0 = f0_in.narrow(1, c, chunk) * torch.exp(register_shift.narrow(1, c, chunk))
        else:
            f0 = f0_out
        detail = log_mel.narrow(1, c, chunk)
        if self.source_detail_weight != 1.0:
            detail = detail * self.source_detail_weight
        analysis = detail + target_log_mel.unsqueeze(1)   # a global EQ to the target (of the detail kept)
        log_f0_out = torch.log(torch.clamp_min(f0, self.f0_floor_hz))
        envelope = torch.clamp_max(torch.add(correction.narrow(2, 0, n),
                                             analysis - torch.relu(self.log_bandwidth - log_f0_out), alpha=0.5), 0.0)
        noise = row_ops.linear(analysis, self.noise_weights, None) + correction.narrow(2, n, self.noise_bands)
        amplitudes = self.harmonic_amplitudes(envelope, f0) * voiced_flag
        controls = torch.cat([f0, amplitudes, torch.exp(torch.clamp_max(noise, 0.0))], dim=2)
        history = means.narrow(1, chunk, c).transpose(0, 1).contiguous()
        return controls, [h, new_stats.unsqueeze(0), history]

    def forward(self, features: Tensor, state: List[Tensor]) -> Tuple[Tensor, List[Tensor]]:
        batch = features.size(0)
        return self.convert(features, state, self.target_log_mel.unsqueeze(0).expand(batch, self.n_mels),
                            self.target_log_f0.unsqueeze(0).expand(batch, 1), None)


def state_spec(config: ModelConfig) -> Tuple[List[str], List[List[int]]]:
    """Names and shapes (batch 1) of VoiceConvert's state tensors, for the package metadata."""
    return (["gru_hidden", "running_means", "context_means"],
            [[1, 1, config.hidden_size], [1, 1, 3 + config.n_mels], [config.context_frames, 1, 1 + config.n_mels]])
