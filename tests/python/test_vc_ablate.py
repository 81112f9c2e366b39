# SPDX-License-Identifier: GPL-3.0-or-later
"""The variants of the word-loss diagnosis (models/training/mynah_train/vc_ablate.py), on an untrained conversion
network with a target register an octave above its input, without data or pocketsphinx:

1. ``as_trained`` moves F0 into the target's register; ``source_f0`` keeps the input's F0 exactly;
2. ``no_network`` does not depend on the network's weights (the correction is off), ``as_trained`` does;
3. ``all_detail`` passes more of the input's spectral detail than the trained share (the harmonics change);
4. every variant leaves the model as it was: its source detail, formant warp and network;
5. an unknown variant is refused with a one-line error that names it;
6. the converter renders audio through the synthesiser's twin, as long as its input and time-aligned with it.
"""
from __future__ import annotations

import math
import sys

import numpy as np
import torch

from mynah_train.export import random_inputs
from mynah_train.model import ModelConfig
from mynah_train.vc_ablate import _Variant, controls_for, twin_converter
from mynah_train.vc_model import VoiceConvert

FRAMES = 40


def main() -> int:
    torch.manual_seed(0)
    config = ModelConfig(fft_size=400, f0_min_hz=60.0, f0_window_fraction=0.6)
    model = VoiceConvert(config).eval()
    model.set_formant_warp_exponent(0.3)
    model.set_source_detail(0.5)
    # input at 100 Hz, target at 200 Hz
    model.set_voice_statistics(model.prior_log_mel, math.log(100.0), model.prior_log_mel, math.log(200.0))
    x = random_inputs(config, config.context_frames + FRAMES)
    x[:, 0] = np.where(x[:, 0] > 0, 100.0, 0.0)
    frames = torch.from_numpy(x)[None]
    input_f0 = frames[:, config.context_frames:, :1]
    voiced = input_f0[0, :, 0] > 0
    failures = []

    def run(name: str) -> torch.Tensor:
        return controls_for(model, _Variant(name, model), frames, input_f0)

    # 1. F0
    moved, kept = run("as_trained")[0, :, 0], run("source_f0")[0, :, 0]
    ratio = float((moved[voiced] / input_f0[0, voiced, 0]).median())
    print(f"as_trained: output / input F0 {ratio:.3f} (target an octave up); source_f0: max |difference| "
          f"{float((kept - input_f0[0, :, 0]).abs().max()):.2e} Hz")
    if not 1.9 < ratio < 2.1:
        failures.append(f"as_trained moved F0 by {ratio:.3f}, not about 2")
    if not torch.equal(kept, torch.clamp_min(input_f0[0, :, 0], 0.0)):
        failures.append("source_f0 did not keep the input's F0")

    # 2. the network's weights matter only with the correction on
    before = {name: run(name) for name in ("as_trained", "no_network", "all_detail")}
    state = {k: v.clone() for k, v in model.state_dict().items()}
    with torch.no_grad():
        model.head.bias.add_(0.5)
        model.head.weight.mul_(3.0)
    after = {name: run(name) for name in before}
    model.load_state_dict(state)
    if not torch.equal(before["no_network"], after["no_network"]):
        failures.append("no_network depends on the network's weights")
    if torch.equal(before["as_trained"], after["as_trained"]):
        failures.append("as_trained does not depend on the network's weights")

    # 3. all the detail changes the harmonics
    harmonics = slice(1, 1 + config.num_harmonics)
    if torch.equal(before["as_trained"][..., harmonics], before["all_detail"][..., harmonics]):
        failures.append("all_detail rendered the same harmonics as the trained share of the detail")

    # 4. the model is left as it was
    if (model.source_detail_weight, model.warp_exponent) != (0.5, 0.3) or "trunk" in model.__dict__:
        failures.append(f"a variant changed the model: detail {model.source_detail_weight}, "
                        f"warp {model.warp_exponent}, trunk replaced {'trunk' in model.__dict__}")
    if not torch.equal(run("as_trained"), before["as_trained"]):
        failures.append("as_trained converts differently after the other variants ran")

    # 5. an unknown variant
    try:
        _Variant("louder", model)
        failures.append("an unknown variant was accepted")
    except ValueError as error:
        print(f"unknown variant: {error}")
        if "louder" not in str(error) or "\n" in str(error):
            failures.append(f"the unknown variant's error does not name it on one line: {error}")

    # 6. audio in, audio out: a 150 Hz tone with a few harmonics, 0.6 s
    t = np.arange(int(0.6 * config.sample_rate_hz)) / config.sample_rate_hz
    tone = sum(0.1 / k * np.sin(2 * np.pi * 150.0 * k * t) for k in range(1, 6)).astype(np.float32)
    for name in ("as_trained", "no_network"):
        (y,) = twin_converter(model, config, _Variant(name, model))([tone])
        print(f"{name}: {len(tone)} samples in, {len(y)} out, peak {float(np.abs(y).max()):.3f}")
        if len(y) != len(tone) or not np.all(np.isfinite(y)) or not np.abs(y).max() > 0.0:
            failures.append(f"{name}: the converter returned {len(y)} samples (finite: {np.all(np.isfinite(y))}) "
                            f"for {len(tone)}")

    for f in failures:
        print(f"FAIL: {f}")
    if not failures:
        print("vc_ablate variants: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
