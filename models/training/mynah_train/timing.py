# SPDX-License-Identifier: GPL-3.0-or-later
"""Measures a package's cost per engine call: one thread, the TorchScript graph executor's
optimisation/profiling off (as the C++ runtime runs it: ``torch::jit::getProfilingMode() = false``),
``chunk`` frames per call with the declared context and look-ahead, state carried, after warm-up.

The time is the calling thread's CPU time (``time.thread_time``), not the wall clock: with one intra-op thread
the network runs on the calling thread, so on an idle machine the two agree, and on a busy one (a model
exported while trainings run) the time the thread waits for a core is not counted as the network's cost.
A busy machine still slows the calls themselves (shared caches): to_slt measured 0.46 ms per 1-frame call
with both cores training (3.1 ms of wall time), 0.29 ms idle.
"""
from __future__ import annotations

import time
from typing import Any, Dict

import torch

from .package import num_inputs, state_shapes


@torch.no_grad()
def ms_per_call(module, metadata: Dict[str, Any], chunk: int = 2, calls: int = 2000, warm_up: int = 200,
                repeats: int = 5) -> float:
    """The median over ``repeats`` runs of the mean CPU time of one call on this thread, in milliseconds."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        frames = int(metadata["context_frames"]) + chunk + int(metadata["lookahead_frames"])
        # a plausible held F0, voiced frames at a speaking level, in the model's declared inputs
        plausible = {"f0_hz": [120.0], "voiced": [1.0], "voicing_confidence": [0.9], "loudness_db": [-25.0],
                     "log_mel": [-6.0] * int(metadata["features"]["n_mels"])}
        row = [v for name in metadata["features"]["inputs"] for v in plausible[name]]
        x = torch.tensor(row, dtype=torch.float32).repeat(1, frames, 1)
        state = [torch.zeros(shape) for shape in state_shapes(metadata)]
        results = []
        with torch.jit.optimized_execution(False):
            for _ in range(warm_up):
                _, state = module(x, state)
            for _ in range(repeats):
                start = time.thread_time()
                for _ in range(calls):
                    _, state = module(x, state)
                results.append((time.thread_time() - start) / calls * 1e3)
        return sorted(results)[len(results) // 2]
    finally:
        torch.set_num_threads(threads)
