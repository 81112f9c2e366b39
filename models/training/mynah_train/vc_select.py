# SPDX-License-Identifier: GPL-3.0-or-later
"""Chooses a corpus target's checkpoint by the words its conversions keep.

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.vc_select RUN --target-voice slt

vc_train.py keeps two candidates: ``RUN/best.pt``, the checkpoint with the lowest validation conversion MCD,
and ``RUN/last.pt``, the run's final weights. Once a fine-tune has settled its validation MCD is flat, and its
minimum can land on an early checkpoint that loses words: twice for awb, that checkpoint lost 7 points of word
error rate against the same run's final weights (docs/QUALITY.md). So both candidates convert the development
set through the real engine (``mynah convert``): the other corpus targets (voices.TARGET_VOICES) reading every
validation sentence, clear speech that this fine-tune never heard and that is neither a test voice nor a test
sentence. The candidate with the lower pooled word error rate (pocketsphinx) is written to ``RUN/chosen.pt``
for export.py, with the choice recorded (``checkpoint_choice``, which the model card prints, and
``checkpoint_candidates``: each candidate's step, word error rate and validation MCD); on a tie the candidate
with the lower validation MCD stays. A run whose best checkpoint is its last needs no choice.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import torch

from . import vc_report, voices
from .export import export
from .train import save_atomic
from .vc_evaluate import ModelUnderTest, default_mynah_cli, engine_converter, evaluate

CANDIDATES = ("best", "last")   # RUN/<name>.pt


def development_sources(target: str) -> List[str]:
    """The development set's readers for a target: the other corpus targets."""
    voices.voice(target)
    if target not in voices.TARGET_VOICES:
        raise ValueError(f"--target-voice {target}: not one of the corpus targets {', '.join(voices.TARGET_VOICES)}")
    return [v for v in voices.TARGET_VOICES if v != target]


def choose(word_error_rates: Dict[str, float], validation_mcd_db: Dict[str, float]) -> str:
    """The candidate with the lowest word error rate; on a tie, the lower validation MCD."""
    return min(word_error_rates, key=lambda name: (word_error_rates[name], validation_mcd_db[name]))


def choice_text(chosen: str, steps: Dict[str, int], word_error_rates: Dict[str, float], sentences: int,
                sources: Sequence[str]) -> str:
    """The model card's words for the choice."""
    other = next(name for name in word_error_rates if name != chosen)
    what = {"best": "the checkpoint with the best validation conversion MCD", "last": "the run's final weights"}
    plural = "s" if sentences != 1 else ""
    return (f"{what[chosen]} (step {steps[chosen]}) rather than {what[other]} (step {steps[other]}): word error "
            f"rate {100 * word_error_rates[chosen]:.1f} % against {100 * word_error_rates[other]:.1f} % "
            f"(pocketsphinx) on {', '.join(sources)} reading {sentences} validation sentence{plural}")


def select(run: Path, target: str, sentences: Optional[int] = None, mynah_cli: Optional[Path] = None,
           jobs: int = 2, log=print) -> Dict:
    """Writes RUN/chosen.pt; returns the chosen checkpoint."""
    sources = development_sources(target)
    checkpoints = {}
    for name in CANDIDATES:
        path = run / f"{name}.pt"
        if not path.exists():
            raise ValueError(f"{path}: no such checkpoint (vc_train.py writes it)")
        checkpoints[name] = torch.load(path, map_location="cpu")
        if "val_mr_distance" not in checkpoints[name]:
            raise ValueError(f"{path}: the checkpoint records no validation score of its own (vc_train.py from "
                             "before 2026-11-28 wrote none into last.pt; train the run again)")
    steps = {name: int(c["step"]) for name, c in checkpoints.items()}
    if steps["best"] == steps["last"]:
        log(f"{run}: the best checkpoint is the last (step {steps['best']}): no choice to make")
        chosen = dict(checkpoints["best"], checkpoint_choice=(
            f"the run's final weights (step {steps['best']}), which also have its best validation conversion MCD"))
        save_atomic(chosen, run / "chosen.pt")
        return chosen
    with tempfile.TemporaryDirectory(prefix="mynah-vc-select-") as tmp:
        models = []
        for name in CANDIDATES:
            package = Path(tmp) / f"{name}.mynah"
            export(run / f"{name}.pt", package, name=name, timing_calls=0)
            models.append(ModelUnderTest(name, target, engine_converter(package, mynah_cli or default_mynah_cli(), jobs)))
        scores, _ = evaluate(models, "val", sentences, sources, log=log, comparisons=False)
    wer = {name: vc_report.aggregate([s for s in scores if s.model == name])["wer_converted"] for name in CANDIDATES}
    mcd = {name: float(checkpoints[name]["val_mr_distance"]) for name in CANDIDATES}
    winner = choose(wer, mcd)
    used = len({s.sentence for s in scores})
    chosen = dict(checkpoints[winner], checkpoint_choice=choice_text(winner, steps, wer, used, sources),
                  checkpoint_candidates={name: {"step": steps[name], "word_error_rate": wer[name],
                                                "validation_mcd_db": mcd[name]} for name in CANDIDATES})
    save_atomic(chosen, run / "chosen.pt")
    for name in CANDIDATES:
        log(f"{name} (step {steps[name]}): development word error rate {100 * wer[name]:.1f} %, "
            f"validation conversion MCD {mcd[name]:.4f} dB{'  <- chosen' if name == winner else ''}")
    return chosen


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m mynah_train.vc_select", description=__doc__.split("\n\n")[0])
    p.add_argument("run", type=Path, help="vc_train.py's run folder (best.pt, last.pt)")
    p.add_argument("--target-voice", required=True, help="the corpus voice the run fine-tuned on")
    p.add_argument("--sentences", type=int, default=None, help="only the first N validation sentences (tests)")
    p.add_argument("--mynah", type=Path, default=None, help="the mynah CLI (default <build>/bin/mynah)")
    p.add_argument("--jobs", type=int, default=2, help="parallel jobs of mynah convert")
    args = p.parse_args(argv)
    try:
        chosen = select(args.run, args.target_voice, args.sentences, args.mynah, args.jobs,
                        log=lambda line: print(line, flush=True))
    except (ValueError, RuntimeError) as error:
        print(f"vc_select: {error}", file=sys.stderr)
        return 1
    print(f"{args.run / 'chosen.pt'}: {chosen['checkpoint_choice']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
