# SPDX-License-Identifier: GPL-3.0-or-later
"""The training loop every Mynah trainer shares (train.py, vc_train.py, instrument_train.py).

Runs ``take_step()`` until the trainer has trained ``args.minutes`` in total (across resumes) or
``args.max_steps`` steps, whichever comes first (``budget_fraction``: the learning-rate schedule follows the
same budget, so a run limited by steps anneals by steps and does not depend on the machine's speed), stops
on a non-finite loss (the last checkpoint stays resumable), logs one line every ``args.log_steps`` steps in the
form ``mynah learn`` parses::

    step N (X min, about Y min left): loss L, lr R, S steps/s

and calls ``checkpoint()`` every ``args.checkpoint_seconds`` and once at the end.
"""
from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import Callable, Dict, Optional, Tuple

import numpy as np


class ResumeError(Exception):
    pass


def add_budget_arguments(parser, default_minutes: float) -> None:
    """--minutes and --max-steps, the two limits of a run, for every trainer's command line."""
    parser.add_argument("--minutes", type=float, default=default_minutes,
                        help="total training time, across resumes; the learning rate anneals over it")
    parser.add_argument("--max-steps", type=int, default=None,
                        help="stop after this many steps; when given, the learning rate anneals over the steps "
                             "(or over --minutes, if that ends the run first)")


def budget_fraction(args, step: int, seconds: float) -> float:
    """How much of the run's budget is spent, 0 to 1: the larger of the training time over ``args.minutes``
    and, when ``args.max_steps`` is given, the steps over it (the limit that ends the run first)."""
    total_seconds = args.minutes * 60.0
    fraction = seconds / total_seconds if total_seconds > 0 else 1.0
    if args.max_steps is not None:
        fraction = max(fraction, step / args.max_steps if args.max_steps > 0 else 1.0)
    return min(1.0, fraction)


def start(args) -> Tuple[Path, Path, Optional[Dict]]:
    """Seeds torch and numpy, makes the run folder; returns (last.pt, best.pt, the checkpoint to resume
    or None). Raises ResumeError when --resume has nothing to resume."""
    import torch  # noqa: PLC0415 - only the trainers need it
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    last_path, best_path = args.out / "last.pt", args.out / "best.pt"
    if not args.resume:
        return last_path, best_path, None
    if not last_path.exists():
        raise ResumeError(f"--resume: {last_path} does not exist")
    return last_path, best_path, torch.load(last_path)


def run(args, trainer, take_step: Callable[[], float], checkpoint: Callable[[], None], last_path: Path) -> int:
    """Returns the process exit status (0 done, 1 stopped on a non-finite loss)."""
    last_checkpoint = time.time()
    last_log, log_start = trainer.step, time.time()
    while trainer.seconds < args.minutes * 60.0 and (args.max_steps is None or trainer.step < args.max_steps):
        t = time.time()
        loss = take_step()
        if not math.isfinite(loss):
            print(f"step {trainer.step}: loss is {loss}; stopping (resume from {last_path})", file=sys.stderr)
            return 1
        trainer.recent_losses.append(loss)
        del trainer.recent_losses[:-1000]
        trainer.seconds += time.time() - t
        if trainer.step % args.log_steps == 0:
            recent = trainer.recent_losses[-args.log_steps:]
            rate = (trainer.step - last_log) / max(time.time() - log_start, 1e-9)
            remaining = max(0.0, args.minutes * 60.0 - trainer.seconds)
            if args.max_steps is not None:
                remaining = min(remaining, (args.max_steps - trainer.step) / max(rate, 1e-9))
            print(f"step {trainer.step} ({trainer.seconds / 60:.1f} min, about {remaining / 60:.1f} min left): "
                  f"loss {np.mean(recent):.4f}, lr {trainer.learning_rate():.2e}, {rate:.2f} steps/s", flush=True)
            last_log, log_start = trainer.step, time.time()
        if time.time() - last_checkpoint >= args.checkpoint_seconds:
            checkpoint()
            last_checkpoint = time.time()
            log_start, last_log = time.time(), trainer.step
    checkpoint()
    return 0
