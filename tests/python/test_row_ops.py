# SPDX-License-Identifier: GPL-3.0-or-later
"""The one-row fast path of the network's layers (models/training/mynah_train/row_ops.py):

1. ``row_ops.linear`` on one row (with and without bias) equals ``nn.functional.linear``, and on many rows is
   exactly it;
2. ``row_ops.gru`` for one step equals ``torch.gru``, from a non-zero hidden state, and for many steps is
   exactly it;
3. a scripted conversion network called one frame at a time, as the engine calls it, runs its 1-row layers
   (conv2, the GRU's two products, the head, the noise bands) as matrix-vector products: no matrix-matrix
   product but conv1's, which sees the 3 rows of its window; called two frames at a time, it runs none of
   them as matrix-vector products.
"""
from __future__ import annotations

import sys
from collections import Counter

import torch
from torch import nn

from mynah_train import row_ops
from mynah_train.export import random_inputs
from mynah_train.model import ModelConfig
from mynah_train.vc_model import VoiceConvert

RELATIVE_TOLERANCE = 1e-5   # of the largest output: float32 rounding of a different summation order


def main() -> int:
    torch.manual_seed(0)
    failures = []

    # 1. linear
    weight, bias = torch.randn(192, 252), torch.randn(192)
    one, many = torch.randn(1, 1, 252), torch.randn(2, 3, 252)
    for b in (bias, None):
        want = nn.functional.linear(one, weight, b)
        difference = float((row_ops.linear(one, weight, b) - want).abs().max()) / float(want.abs().max())
        print(f"linear, one row, bias {'yes' if b is not None else 'no'}: max relative difference {difference:.2e}")
        if not difference < RELATIVE_TOLERANCE:
            failures.append(f"one-row linear differs by {difference}")
        if not torch.equal(row_ops.linear(many, weight, b), nn.functional.linear(many, weight, b)):
            failures.append("linear on many rows is not nn.functional.linear")

    # 2. GRU
    gru = nn.GRU(192, 160, batch_first=True)
    weights = [gru.weight_ih_l0, gru.weight_hh_l0, gru.bias_ih_l0, gru.bias_hh_l0]
    hidden = torch.randn(1, 1, 160)
    with torch.no_grad():
        for x in (torch.randn(1, 1, 192), torch.randn(2, 4, 192)):
            h0 = hidden.expand(1, x.size(0), 160).contiguous()
            got_y, got_h = row_ops.gru(x, h0, weights, False)
            want_y, want_h = torch.gru(x, h0, weights, True, 1, 0.0, False, False, True)
            if x.size(0) * x.size(1) == 1:
                difference = max(float((got_y - want_y).abs().max()),
                                 float((got_h - want_h).abs().max())) / float(want_h.abs().max())
                print(f"GRU, one step: max relative difference {difference:.2e}, shapes {list(got_y.shape)} {list(got_h.shape)}")
                if not difference < RELATIVE_TOLERANCE or got_y.shape != want_y.shape or got_h.shape != want_h.shape:
                    failures.append(f"one-step GRU differs by {difference} (shapes {got_y.shape}, {got_h.shape})")
            elif not (torch.equal(got_y, want_y) and torch.equal(got_h, want_h)):
                failures.append("GRU on many steps is not torch.gru")

    # 3. which products a 1-frame call runs (and a 2-frame call: none as matrix-vector products)
    config = ModelConfig(fft_size=400, f0_min_hz=60.0, f0_window_fraction=0.6)
    model = VoiceConvert(config).eval()
    scripted = torch.jit.freeze(torch.jit.script(model), preserved_attrs=["initial_state"])
    for frames in (1, 2):
        x = torch.from_numpy(random_inputs(config, config.context_frames + frames))[None]
        with torch.no_grad(), torch.jit.optimized_execution(False):
            state = scripted.initial_state(1)
            for _ in range(3):   # the graph executor's first runs are not the steady state
                _, state = scripted(x, state)
            with torch.autograd.profiler.profile() as profile:
                scripted(x, state)
        calls = Counter(e.name for e in profile.function_events)
        vector, matrix = calls["aten::addmv"] + calls["aten::mv"], calls["aten::addmm"] + calls["aten::mm"]
        print(f"{frames}-frame call: {vector} matrix-vector products, {matrix} matrix-matrix products")
        if frames == 1 and (vector != 5 or matrix != 1):
            failures.append(f"a 1-frame call ran {vector} matrix-vector and {matrix} matrix-matrix products, "
                            "expected 5 and 1 (conv1's window)")
        if frames == 2 and vector != 0:
            failures.append(f"a 2-frame call ran {vector} matrix-vector products, expected none (many rows)")

    for f in failures:
        print(f"FAIL: {f}")
    if not failures:
        print("one-row layers: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
