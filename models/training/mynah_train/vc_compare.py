# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares voice-conversion models utterance by utterance: word error rates of a few dozen utterances swing
by several points from one checkpoint to the next (docs/QUALITY.md), so a difference between two models means
something only with its interval.

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.vc_compare rows.json [more.json ...]

Input: the ``--utterances-json`` files of vc_evaluate.py. For each target voice, each model's pooled WER and
MCD drop on the utterances every model of that target converted, then each pair's WER difference (first minus
second) with a 95 % bootstrap interval over utterances (the same utterances resampled for both models).
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import vc_report

BOOTSTRAP_DRAWS = 4000


def paired_wer_difference(errors_a: Sequence[int], errors_b: Sequence[int], words: Sequence[int],
                          draws: int = BOOTSTRAP_DRAWS, seed: int = 0) -> Tuple[float, float, float]:
    """(pooled WER of a - pooled WER of b, 2.5th and 97.5th percentiles of it over utterances resampled
    with replacement); the three lists are per utterance, in the same order."""
    a, b, n = (np.asarray(x, dtype=np.float64) for x in (errors_a, errors_b, words))
    if not (len(a) == len(b) == len(n)) or len(n) == 0 or n.sum() <= 0:
        raise ValueError("paired_wer_difference needs the same non-empty utterances, with words, for both models")
    picks = np.random.default_rng(seed).integers(0, len(n), size=(draws, len(n)))
    boots = (a[picks].sum(axis=1) - b[picks].sum(axis=1)) / np.maximum(n[picks].sum(axis=1), 1.0)
    low, high = np.percentile(boots, [2.5, 97.5])
    return float((a.sum() - b.sum()) / n.sum()), float(low), float(high)


def compare(rows: Sequence[Dict]) -> List[str]:
    """The report's lines for vc_evaluate's per-utterance rows (each model's numbers as vc_report aggregates
    them for QUALITY.md)."""
    lines = []
    for target in sorted({r["target"] for r in rows}):
        by_model: Dict[str, Dict[Tuple[str, int], SimpleNamespace]] = {}
        for r in rows:
            if r["target"] == target:
                by_model.setdefault(r["model"], {})[(r["source"], r["sentence"])] = SimpleNamespace(**r)
        models = sorted(by_model)
        keys = sorted(set.intersection(*(set(v) for v in by_model.values())))
        if not keys:
            lines.append(f"{target}: no utterance converted by every model ({', '.join(models)})")
            continue
        numbers = {m: vc_report.aggregate([by_model[m][k] for k in keys]) for m in models}
        if any(g["wer_converted"] is None for g in numbers.values()):
            raise ValueError(f"target {target}: the rows have no word errors (vc_evaluate ran with --no-words)")
        words = [by_model[models[0]][k].words for k in keys]
        lines.append(f"{target}: {len(keys)} utterances, {sum(words)} words; source WER "
                     f"{100 * numbers[models[0]]['wer_source']:.1f} %")
        for m in models:
            lines.append(f"  {m}: WER {100 * numbers[m]['wer_converted']:.1f} %, MCD drop "
                         f"{100 * numbers[m]['mcd_drop']:.1f} %")
        errors = {m: [by_model[m][k].errors_converted for k in keys] for m in models}
        for a, b in itertools.combinations(models, 2):
            d, low, high = paired_wer_difference(errors[a], errors[b], words)
            lines.append(f"  {a} - {b}: {100 * d:+.1f} points of WER (95 %: {100 * low:+.1f} to {100 * high:+.1f})")
    return lines


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m mynah_train.vc_compare", description=__doc__.split("\n\n")[0])
    p.add_argument("rows", type=Path, nargs="+", help="vc_evaluate --utterances-json files")
    args = p.parse_args(argv)
    rows = []
    try:
        for path in args.rows:
            try:
                loaded = json.loads(path.read_text())
            except (OSError, json.JSONDecodeError) as error:
                raise ValueError(f"{path}: not a readable vc_evaluate --utterances-json file ({error})") from None
            if not isinstance(loaded, list):
                raise ValueError(f"{path}: expected a list of utterance rows (vc_evaluate --utterances-json)")
            rows += loaded
        print("\n".join(compare(rows)))
    except (ValueError, KeyError, TypeError) as error:   # TypeError: a row of another shape
        print(f"vc_compare: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
