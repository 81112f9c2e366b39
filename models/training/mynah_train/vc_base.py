# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the conversion base weights that ``mynah learn`` fine-tunes (models/zoo/voice_convert_base.pt):
a vc_train.py checkpoint without its optimizer state and training history (a third of the size).

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.vc_base RUN_BASE/best.pt models/zoo/voice_convert_base.pt
"""
from __future__ import annotations

import sys
from pathlib import Path

import torch

from .train import save_atomic

KEPT = ("config", "model", "model_class", "step", "seconds", "val_mr_distance", "train_loss", "data_description",
        "targets", "args", "realtime_chunk_frames")


def strip_checkpoint(source: Path, destination: Path) -> None:
    checkpoint = torch.load(source, map_location="cpu")
    if checkpoint.get("model_class") != "VoiceConvert":
        raise ValueError(f"{source}: not a voice conversion checkpoint (vc_train.py)")
    save_atomic({k: checkpoint[k] for k in KEPT if k in checkpoint}, destination)


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    strip_checkpoint(Path(args[0]), Path(args[1]))
    print(f"wrote {args[1]} ({Path(args[1]).stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
