# SPDX-License-Identifier: GPL-3.0-or-later
"""Summaries, Markdown and the docs/QUALITY.md section of vc_evaluate.py's voice-conversion scores.

Aggregates over a model's utterances: MCD is the mean over utterances and its drop is
1 - mean(converted) / mean(source); word error rates pool the errors over all the reference words; F0
correlation, RMSE and gross-error share are means over the utterances that have >= 3 frames voiced in both
files (vc_metrics.f0_agreement); the speaker
check is the share of utterances the classifier assigns to the target voice. The bars (issue 5) stand next
to each number; every number is printed as measured.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

BEGIN_MARKER = "<!-- vc-quality:begin -->"
END_MARKER = "<!-- vc-quality:end -->"
MCD_DROP_BAR = 0.30           # converted MCD at least 30 % below the unconverted source's
WER_MARGIN = 0.10             # converted WER at most 10 points above the source's
F0_CORRELATION_BAR = 0.85
SPEAKER_BAR = 0.80            # share of converted utterances identified as the target


def _mean(values: Sequence[float]) -> float:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    return float(np.mean(finite)) if finite else float("nan")


def _wer(scores, field: str) -> Optional[float]:
    errors = [getattr(s, field) for s in scores]
    if not scores or any(e is None for e in errors):
        return None
    return sum(errors) / max(sum(s.words for s in scores), 1)


def aggregate(scores: Sequence) -> Dict[str, Optional[float]]:
    """The numbers of a group of UtteranceScores (module docstring)."""
    mcd_source = _mean([s.mcd_source_db for s in scores])
    mcd_converted = _mean([s.mcd_converted_db for s in scores])
    mcd_baseline = _mean([s.mcd_baseline_db for s in scores])
    return {
        "utterances": len(scores),
        "mcd_source_db": mcd_source, "mcd_converted_db": mcd_converted, "mcd_baseline_db": mcd_baseline,
        "mcd_drop": 1.0 - mcd_converted / mcd_source, "mcd_baseline_drop": 1.0 - mcd_baseline / mcd_source,
        "wer_source": _wer(scores, "errors_source"), "wer_converted": _wer(scores, "errors_converted"),
        "wer_baseline": _wer(scores, "errors_baseline"),
        "f0_correlation": _mean([s.f0_correlation for s in scores]),
        "f0_rmse_cents": _mean([s.f0_rmse_cents for s in scores]),
        "f0_gross_error_rate": _mean([s.f0_gross_error_rate for s in scores]),
        "speaker_target_rate": _heard_as_target(scores, "voice_converted"),
        "speaker_target_rate_baseline": _heard_as_target(scores, "voice_baseline"),
        "speaker_target_rate_source": _heard_as_target(scores, "voice_source"),
    }


def _heard_as_target(scores: Sequence, field: str) -> Optional[float]:
    """The share of utterances whose ``field`` voice is the target (None: no speaker check was made)."""
    heard = [getattr(s, field) for s in scores]
    if any(v is None for v in heard):
        return None
    return float(np.mean([v == s.target for v, s in zip(heard, scores)]))


def bars_met(g: Dict[str, Optional[float]]) -> Dict[str, Optional[bool]]:
    """Which of issue 5's bars a group's numbers meet (None: not measured)."""
    wer = None
    if g["wer_converted"] is not None and g["wer_source"] is not None:
        wer = g["wer_converted"] <= g["wer_source"] + WER_MARGIN + 1e-12
    return {"mcd_drop": g["mcd_drop"] >= MCD_DROP_BAR, "wer": wer,
            "f0_correlation": g["f0_correlation"] >= F0_CORRELATION_BAR,
            "speaker": None if g["speaker_target_rate"] is None else g["speaker_target_rate"] >= SPEAKER_BAR}


def _by(scores: Sequence, key) -> Dict[object, List]:
    out: Dict[object, List] = {}
    for s in scores:
        out.setdefault(key(s), []).append(s)
    return out


def _pct(x: Optional[float], digits: int = 0) -> str:
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{100.0 * x:.{digits}f} %".replace("-", "−")


def _num(x: Optional[float], digits: int) -> str:
    return "n/a" if x is None or not math.isfinite(x) else f"{x:.{digits}f}".replace("-", "−")


def _mark(met: Optional[bool]) -> str:
    return "" if met is None else (" (met)" if met else " (**not met**)")


def markdown(scores: Sequence, facts: Dict[str, float], split: str, command: str, date: str) -> str:
    """The QUALITY.md section: command, data, one summary row per model, then one row per model and source."""
    models = _by(scores, lambda s: (s.model, s.target))
    sources = sorted({s.source for s in scores})
    sentences = sorted({s.sentence for s in scores})
    lines = [BEGIN_MARKER, "", f"Measured {date} ({split} split):", "", "```sh", command, "```", "",
             f"Sources: {', '.join(sources)}, each reading {len(sentences)} {split} sentence(s) "
             f"(positions {', '.join(str(i) for i in sentences[:8])}{' ...' if len(sentences) > 8 else ''} "
             "in sentences.txt). Speaker classifier: "
             f"{facts['classifier_voices']} voices; on the real (unconverted) utterances of these sentences it names "
             f"the right voice for {facts['classifier_real_correct']} / {facts['classifier_real_utterances']} "
             f"({_pct(facts['classifier_real_correct'] / max(facts['classifier_real_utterances'], 1))}).", "",
             "| model → target | utterances | MCD (dB): source | converted | drop (≥ 30 %) | EQ baseline | "
             "baseline drop | WER: source | converted (≤ source + 10) | EQ baseline | F0 correlation (≥ 0.85) | "
             "F0 octave errors | F0 RMSE (cents) | heard as target: converted (≥ 80 %) | EQ baseline | source |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for (model, target), group in models.items():
        g = aggregate(group)
        met = bars_met(g)
        lines.append(
            f"| {model} → {target} | {g['utterances']} | {_num(g['mcd_source_db'], 2)} | "
            f"{_num(g['mcd_converted_db'], 2)} | {_pct(g['mcd_drop'])}{_mark(met['mcd_drop'])} | "
            f"{_num(g['mcd_baseline_db'], 2)} | {_pct(g['mcd_baseline_drop'])} | "
            f"{_pct(g['wer_source'])} | {_pct(g['wer_converted'])}{_mark(met['wer'])} | {_pct(g['wer_baseline'])} | "
            f"{_num(g['f0_correlation'], 3)}{_mark(met['f0_correlation'])} | "
            f"{_pct(g['f0_gross_error_rate'], 1)} | {_num(g['f0_rmse_cents'], 0)} | "
            f"{_pct(g['speaker_target_rate'])}{_mark(met['speaker'])} | "
            f"{_pct(g['speaker_target_rate_baseline'])} | {_pct(g['speaker_target_rate_source'])} |")
    lines += ["", "Per source voice:", "",
              "| model → target | source | utterances | MCD (dB): source | converted | drop | EQ baseline | "
              "baseline drop | WER: source | converted | F0 correlation | heard as target | heard as (converted) |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for (model, target), group in models.items():
        for source, sub in _by(group, lambda s: s.source).items():
            g = aggregate(sub)
            heard = ", ".join(f"{v} {n}" for v, n in sorted(_counts(s.voice_converted for s in sub).items(),
                                                            key=lambda kv: -kv[1]))
            lines.append(
                f"| {model} → {target} | {source} | {g['utterances']} | {_num(g['mcd_source_db'], 2)} | "
                f"{_num(g['mcd_converted_db'], 2)} | {_pct(g['mcd_drop'])} | {_num(g['mcd_baseline_db'], 2)} | "
                f"{_pct(g['mcd_baseline_drop'])} | {_pct(g['wer_source'])} | "
                f"{_pct(g['wer_converted'])} | {_num(g['f0_correlation'], 3)} | "
                f"{_pct(g['speaker_target_rate'])} | {heard} |")
    lines += ["", END_MARKER]
    return "\n".join(lines)


def _counts(values) -> Dict[str, int]:
    out: Dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def summary(scores: Sequence, split: str) -> Dict[str, Dict[str, Optional[float]]]:
    """{model: aggregate numbers plus ``bars_met``}, for a package's metrics or a training log."""
    out = {}
    for (model, target), group in _by(scores, lambda s: (s.model, s.target)).items():
        g = aggregate(group)
        out[model] = {"split": split, "target": target, **{k: (round(v, 4) if isinstance(v, float) else v)
                                                           for k, v in g.items()}, "bars_met": bars_met(g)}
    return out


def replace_section(path: Path, section: str, begin: str = BEGIN_MARKER, end: str = END_MARKER) -> None:
    """Puts ``section`` (which carries the markers) between the ``begin``/``end`` markers of ``path`` (the
    vc-quality ones by default), or appends it when the file has no markers yet."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
