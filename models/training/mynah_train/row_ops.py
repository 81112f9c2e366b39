# SPDX-License-Identifier: GPL-3.0-or-later
"""The network's linear layers and GRU, with a fast path for a single row: the engine calls a
conversion network one 5 ms frame at a time (batch 1, chunk 1), and there BLAS's matrix-matrix
product, which ``nn.functional.linear`` and ``torch.gru`` use whatever the row count, repacks the whole
weight matrix on every call. Measured with Debian's torch 1.13 and OpenBLAS 0.3.21, one thread, on
this project's layer sizes: 22-37 µs per linear layer for one row against 4-7 µs as a matrix-vector
product (``torch.addmv``). Training (many rows) takes the usual path; both compute the same function,
up to float rounding.

TorchScript-compatible free functions: the exported graphs call them on every engine call.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

import torch
from torch import Tensor, nn


def linear(x: Tensor, weight: Tensor, bias: Optional[Tensor]) -> Tensor:
    """``nn.functional.linear`` on x [B, T, in] -> [B, T, out]."""
    if x.size(0) * x.size(1) == 1:
        row = x.reshape(-1)
        if bias is None:
            return torch.mv(weight, row).view(1, 1, -1)
        return torch.addmv(bias, weight, row).view(1, 1, -1)
    return nn.functional.linear(x, weight, bias)


def gru(x: Tensor, hidden: Tensor, weights: List[Tensor], training: bool) -> Tuple[Tensor, Tensor]:
    """``torch.gru``, one layer, batch first: x [B, T, in], hidden [1, B, H], weights (w_ih, w_hh, b_ih,
    b_hh) as nn.GRU holds them (gates r, z, n) -> outputs [B, T, H] and the new hidden state [1, B, H]."""
    if x.size(0) * x.size(1) == 1:
        size = hidden.size(2)
        h = hidden.reshape(-1)
        from_input = torch.addmv(weights[2], weights[0], x.reshape(-1))
        from_hidden = torch.addmv(weights[3], weights[1], h)
        reset_update = torch.sigmoid(from_input.narrow(0, 0, 2 * size) + from_hidden.narrow(0, 0, 2 * size))
        candidate = torch.tanh(torch.addcmul(from_input.narrow(0, 2 * size, size), reset_update.narrow(0, 0, size),
                                             from_hidden.narrow(0, 2 * size, size)))
        # (1 - z) n + z h
        new = torch.lerp(candidate, h, reset_update.narrow(0, size, size)).view(1, 1, -1)
        return new, new
    return torch.gru(x, hidden, weights, True, 1, 0.0, training, False, True)
