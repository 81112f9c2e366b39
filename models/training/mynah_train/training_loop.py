# SPDX-License-Identifier: GPL-3.0-or-later
"""The training loop every Mynah trainer shares (train.py, vc_train.py, instrument_train.py).

Runs ``take_step()`` until the trainer has trained ``args.minutes`` in total (across resumes) or
``args.max_steps`` steps, stops on a non-finite loss (the last checkpoint stays resumable), logs one line
every ``args.log_steps`` steps in the form ``mynah learn`` parses::

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
            print(f"step {trainer.step} ({trainer.seconds / 60:.1f} min, about {remaining / 60:.1f} min left): "
                  f"loss {np.mean(recent):.4f}, lr {trainer.learning_rate():.2e}, {rate:.2f} steps/s", flush=True)
            last_log, log_start = trainer.step, time.time()
        if time.time() - last_checkpoint >= args.checkpoint_seconds:
            checkpoint()
            last_checkpoint = time.time()
            log_start, last_log = time.time(), trainer.step
    checkpoint()
    return 0
