# SPDX-License-Identifier: GPL-3.0-or-later
"""The conversion network's formant warp and source detail (models/training/mynah_train/vc_model.py), without
data or training:

1. ``formant_warp`` moves a spectral peak from band centre f to the band centre nearest f x alpha, and
   alpha = 1 (or exponent 0) leaves the log-mel exactly as it was;
2. the warp follows the register: a model whose input voice sits an octave below the target reads the
   spectrum at f / 2^exponent, one at the target's register not at all;
3. with the warp on and half the source detail, streaming one frame per call (as the engine does) equals one
   pass over the whole input;
4. a checkpoint from before the warp and the detail weight loads with no warp and all the detail;
5. with no source detail and a silent head, the harmonics follow the target's mean spectrum whatever the
   input's spectral detail; with all of it, they follow the input.
"""
from __future__ import annotations

import math
import sys

import numpy as np
import torch

from mynah_train.export import random_inputs
from mynah_train.model import ModelConfig
from mynah_train.perturb import mel_centres_hz
from mynah_train.rendering import full_controls, stream_controls
from mynah_train.vc_model import VoiceConvert, state_spec

EXPONENT = 0.3
TOLERANCE = 1e-5


def peak_band(log_mel: torch.Tensor) -> int:
    return int(torch.argmax(log_mel.reshape(-1)))


def main() -> int:
    torch.manual_seed(0)
    config = ModelConfig(fft_size=400, f0_min_hz=60.0, f0_window_fraction=0.6)
    model = VoiceConvert(config).eval()
    model.set_formant_warp_exponent(EXPONENT)
    centres = mel_centres_hz(config)
    failures = []

    # 1. a peak at band 30 moves up by alpha = 1.25, down by 1 / 1.25; alpha = 1 changes nothing
    log_mel = torch.full((1, 1, config.n_mels), -10.0)
    log_mel[0, 0, 30] = 0.0
    for alpha in (1.25, 1 / 1.25):
        warped = model.formant_warp(log_mel, torch.full((1, 1, 1), math.log(alpha) / EXPONENT))
        expected = int(np.argmin(np.abs(centres - centres[30] * alpha)))
        got = peak_band(warped)
        print(f"alpha {alpha:.2f}: peak at band 30 ({centres[30]:.0f} Hz) -> band {got} ({centres[got]:.0f} Hz), "
              f"expected band {expected} ({centres[expected]:.0f} Hz)")
        if abs(got - expected) > 1:
            failures.append(f"alpha {alpha:.2f} moved the peak to band {got}, not near band {expected}")
    unchanged = model.formant_warp(log_mel, torch.zeros(1, 1, 1))
    if not torch.allclose(unchanged, log_mel, atol=TOLERANCE):
        failures.append("alpha = 1 changed the log-mel")

    # 2. the register decides alpha: inputs at 100 Hz, target at 200 Hz -> the spectrum read at f / 2^0.3
    with torch.no_grad():
        model.target_log_f0.fill_(math.log(200.0))
        model.prior_log_f0.fill_(math.log(140.0))
    frames = np.repeat(random_inputs(config, 1, seed=3), 40, axis=0)
    frames[:, 0], frames[:, 1], frames[:, 3] = 100.0, 1.0, -20.0
    captured = []
    original = model.formant_warp

    def spy(log_mel_in: torch.Tensor, log_ratio: torch.Tensor) -> torch.Tensor:
        captured.append(float(log_ratio[0, -1, 0]))
        return original(log_mel_in, log_ratio)

    model.formant_warp = spy  # type: ignore[method-assign]
    full_controls(model, frames, config)
    del model.formant_warp   # the class's method again
    alpha = math.exp(EXPONENT * captured[-1])
    print(f"input register 100 Hz, target 200 Hz: alpha {alpha:.4f} (expected {2 ** EXPONENT:.4f})")
    if abs(alpha - 2 ** EXPONENT) > 1e-3:
        failures.append(f"the warp for an octave below the target is {alpha:.4f}, not 2^{EXPONENT}")

    # 3. one frame per call equals one pass, warp on, half the source detail
    model.set_source_detail(0.5)
    names, shapes = state_spec(config)
    inputs = random_inputs(config, 37, seed=5)
    scripted = torch.jit.script(model)
    streamed = stream_controls(scripted, inputs, config.context_frames, config.lookahead_frames, shapes, chunk=1)
    with torch.no_grad():
        whole = full_controls(model, inputs, config)
    difference = float((streamed - whole).abs().max())
    print(f"1-frame streaming vs one pass, warp on, source detail 0.5: max difference {difference:.2e}")
    if not difference < 1e-4:
        failures.append(f"streaming differs from one pass by {difference}")

    # 4. an old checkpoint (no warp or detail buffer) loads with no warp and all the detail
    old = {k: v for k, v in model.state_dict().items() if k not in ("formant_warp_exponent", "source_detail")}
    reloaded = VoiceConvert(config)
    reloaded.set_formant_warp_exponent(0.5)
    reloaded.set_source_detail(0.0)
    reloaded.load_weights(old)
    print(f"checkpoint without the warp and detail weight: exponent {reloaded.warp_exponent}, "
          f"source detail {reloaded.source_detail_weight}")
    if reloaded.warp_exponent != 0.0 or reloaded.source_detail_weight != 1.0:
        failures.append("a checkpoint from before the warp and detail weight loaded with a warp or less detail")

    # 5. source detail 0 with a silent head: the input's spectral detail does not reach the harmonics
    with torch.no_grad():
        model.head.weight.zero_()
        model.head.bias.zero_()
    plain = random_inputs(config, 60, seed=9)
    plain[:, 0], plain[:, 1], plain[:, 3] = 150.0, 1.0, -20.0
    coloured = plain.copy()
    coloured[30:, 4 + 15:4 + 30] += 3.0    # a broad formant appears halfway, across several harmonics
    spreads = {}
    for weight in (0.0, 1.0):
        model.set_source_detail(weight)
        with torch.no_grad():
            a, b = (full_controls(model, x, config)[30:, 1:1 + 40] for x in (plain, coloured))
        spreads[weight] = float((torch.log(a + 1e-9) - torch.log(b + 1e-9)).abs().max())
        print(f"source detail {weight:g}: a +3 ln-power formant moves the harmonic amplitudes by {spreads[weight]:.3f}")
    if not spreads[0.0] < 1e-4 or not spreads[1.0] > 0.5:
        failures.append(f"the source detail does not act as set: {spreads}")

    for f in failures:
        print(f"FAIL: {f}")
    if not failures:
        print("conversion network warp and source detail: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
