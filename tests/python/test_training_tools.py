# SPDX-License-Identifier: GPL-3.0-or-later
"""Two training tools, without data or training.

The learning-rate schedule every trainer shares (train.py's Trainer.learning_rate over
training_loop.budget_fraction):

1. a run limited by time (--minutes) anneals over its training seconds: the step count does not move it;
2. a run limited by steps (--max-steps) anneals over its steps: the same step gives the same rate whether the
   machine ran fast or slow, and the last step is at a tenth of the full rate;
3. when the time runs out before the steps, the time governs (the schedule follows the limit that ends the run);
4. the warm-up ramps linearly to the full rate over --warmup-steps.

The exporter's cost per call (timing.py): a network call that waits (here, sleeps 2 ms without using the CPU)
is measured by what it costs the CPU, not by the wall clock, so that a package exported on a busy machine
records what the network costs; and a call that works is measured at what it takes.
"""
from __future__ import annotations

import math
import sys
import time
from types import SimpleNamespace

import torch

from mynah_train.train import Trainer
from mynah_train.timing import ms_per_call
from mynah_train.training_loop import budget_fraction

LR = 1e-3


def rate(step: int, seconds: float, minutes: float, max_steps=None, warmup_steps: int = 1) -> float:
    args = SimpleNamespace(lr=LR, minutes=minutes, max_steps=max_steps, warmup_steps=warmup_steps)
    return Trainer.learning_rate(SimpleNamespace(args=args, step=step, seconds=seconds))


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def check_schedule() -> None:
    # 1. time-limited: half the minutes spent is the cosine's midpoint, at any step
    expect(close(rate(100, 300.0, 10.0), rate(5000, 300.0, 10.0)), "a time-limited run's rate depends on its steps")
    expect(close(rate(100, 300.0, 10.0), LR * 0.55), f"midpoint rate {rate(100, 300.0, 10.0)}, expected {LR * 0.55}")
    expect(close(rate(100, 600.0, 10.0), LR * 0.1), "a time-limited run does not end at a tenth of the rate")

    # 2. step-limited: the rate at a step is the same on a fast machine (60 s so far) and a slow one (1200 s),
    #    as long as the minutes are not what ends the run
    fast, slow = rate(1200, 60.0, 40.0, max_steps=2400), rate(1200, 1200.0, 40.0, max_steps=2400)
    expect(close(fast, slow), f"a step-limited run's rate depends on the machine's speed: {fast} vs {slow}")
    expect(close(fast, LR * 0.55), f"halfway through the steps the rate is {fast}, expected {LR * 0.55}")
    expect(close(rate(2400, 900.0, 40.0, max_steps=2400), LR * 0.1), "the last step is not at a tenth of the rate")
    previous = math.inf
    for step in range(0, 2401, 100):
        now = rate(step, 0.0, 40.0, max_steps=2400)
        expect(now <= previous, f"the rate rose at step {step}")
        previous = now

    # 3. whichever limit ends the run first governs: 75 % of the minutes against 25 % of the steps
    expect(close(budget_fraction(SimpleNamespace(minutes=10.0, max_steps=1000), 250, 450.0), 0.75),
           "the time spent, further along than the steps, does not govern")
    expect(close(budget_fraction(SimpleNamespace(minutes=10.0, max_steps=1000), 900, 60.0), 0.9),
           "the steps taken, further along than the time, do not govern")
    expect(budget_fraction(SimpleNamespace(minutes=10.0, max_steps=1000), 5000, 6000.0) == 1.0,
           "the fraction goes past 1")

    # 4. warm-up: step 49 of a 100-step warm-up runs at half the (barely annealed) rate
    expect(close(rate(49, 0.0, 10.0, warmup_steps=100), LR * 0.5), "the warm-up is not linear")
    print("training schedule: time-limited, step-limited and warm-up rates as specified")


def check_timing() -> None:
    metadata = {"context_frames": 0, "lookahead_frames": 0,
                "features": {"n_mels": 2, "inputs": ["f0_hz", "voiced", "voicing_confidence", "loudness_db", "log_mel"]},
                "state": [{"name": "h", "shape": [1, 1, 4]}]}

    def waiting(x, state):
        time.sleep(0.002)
        return x, state

    def working(x, state):
        end = time.thread_time() + 0.002
        while time.thread_time() < end:
            pass
        return x, state

    waited = ms_per_call(waiting, metadata, calls=20, warm_up=2, repeats=3)
    worked = ms_per_call(working, metadata, calls=20, warm_up=2, repeats=3)
    expect(waited < 0.5, f"a call that sleeps 2 ms measured {waited:.3f} ms: the wall clock, not the CPU's time")
    expect(1.9 <= worked < 4.0, f"a call that works 2 ms measured {worked:.3f} ms")
    print(f"timing: a 2 ms wait measures {waited:.3f} ms, 2 ms of work {worked:.3f} ms")


def main() -> int:
    torch.set_num_threads(1)
    check_schedule()
    check_timing()
    return 0


if __name__ == "__main__":
    sys.exit(main())
