# SPDX-License-Identifier: GPL-3.0-or-later
"""Measures the shipped neural instruments on held-out phrases (docs/QUALITY.md, issue 6's bars).

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.instrument_evaluate \\
        --instrument violin=models/zoo/violin.mynah [...] --phrases 10 --update-quality docs/QUALITY.md

For each instrument: ``--phrases`` phrases of the test split's tunes (never trained or validated on;
instrument_data.py), rendered by fluidsynth at 16 kHz as the reference. Each phrase's MIDI file is
played with ``mynah render --rate 16000`` (the MIDI path a user runs), and measured with Mynah's own
feature extractor:

- pitch: per note of at least 150 ms, the median F0 over its middle half, in cents from the note's
  pitch; the number is the median |error| over all notes (bar: <= 10 cents);
- loudness: Pearson correlation, over the frames of the middle halves of the notes, of the rendered
  audio's loudness with the requested one (the instrument's velocity curve with the phrase's CC11
  expression, what the network is asked to play); mean over phrases (bar: >= 0.9);
- timbre: multi-resolution spectral distance (metrics.py) of the rendering to the fluidsynth reference,
  next to two additive baselines playing the same notes at the requested loudness with the same
  envelope: one sine per note (the "plain additive sine" of the bar: the instrument must be >= 30 %
  lower) and a 1/k harmonic stack (a sawtooth-like tone, a stronger baseline, reported alongside).
"""
from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

from . import instrument_data
from .dsp_module import mynah_dsp
from .loudness_curve import expression_at, velocity_db
from .metrics import multi_resolution_spectral_distance
from .package import load_package
from .vc_report import replace_section
from .wav import read_wav

RATE_HZ = 16000
HOP = 80
MIN_NOTE_SECONDS = 0.15
ATTACK_S, RELEASE_S = 0.025, 0.120    # `mynah render`'s defaults, also given to the baselines
PITCH_BAR_CENTS = 10.0
LOUDNESS_BAR = 0.9
BASELINE_DROP_BAR = 0.30
BEGIN_MARKER = "<!-- instrument-quality:begin -->"
END_MARKER = "<!-- instrument-quality:end -->"


def analyse(audio: np.ndarray) -> Dict[str, np.ndarray]:
    f = mynah_dsp.features(np.ascontiguousarray(audio, dtype=np.float32), float(RATE_HZ), fft_size=512, hop=HOP,
                           n_mels=40, mel_min_hz=0.0, mel_max_hz=8000.0, f0_min_hz=50.0, f0_max_hz=2200.0)
    return {"f0": np.asarray(f["f0_hz"]), "voiced": np.asarray(f["voiced"], bool),
            "loudness": np.asarray(f["loudness_db"]), "latency": f.get("latency_samples", 256)}


def frame_span(start_s: float, end_s: float, latency: int) -> range:
    """Frames whose analysis is centred inside [start, end] (frame k is centred on (k+1)*hop - latency)."""
    a = int(math.ceil((start_s * RATE_HZ + latency) / HOP - 1))
    b = int(math.floor((end_s * RATE_HZ + latency) / HOP - 1))
    return range(max(a, 0), max(b + 1, 0))


def middle(note: Dict) -> tuple[float, float]:
    start, end = float(note["start_s"]), float(note["end_s"])
    return start + 0.25 * (end - start), end - 0.25 * (end - start)


def requested_loudness(note: Dict, cc11: Sequence, t: float, curve: Dict) -> float:
    return curve["loudness_at_full_db"] + curve["loudness_slope"] * velocity_db(float(note["velocity"]),
                                                                               expression_at(cc11, t))


def additive(notes: Sequence[Dict], cc11: Sequence, curve: Dict, length: int, harmonics: int) -> np.ndarray:
    """Each note as ``harmonics`` sines at 1/k (normalised to the requested loudness), with the render's
    attack and release; loudness re a full-scale sinusoid, as the features measure it."""
    out = np.zeros(length)
    t = np.arange(length) / RATE_HZ
    for note in notes:
        start, end = float(note["start_s"]), float(note["end_s"])
        a, b = int(start * RATE_HZ), min(length, int((end + RELEASE_S) * RATE_HZ))
        if b <= a:
            continue
        tt = t[a:b] - start
        level = np.array([10 ** (requested_loudness(note, cc11, start + x, curve) / 20) for x in tt[::HOP]])
        level = np.repeat(level, HOP)[:b - a]
        envelope = np.minimum(1.0, tt / ATTACK_S) * np.clip(1.0 - (tt - (end - start)) / RELEASE_S, 0.0, 1.0)
        f0 = 440.0 * 2 ** ((float(note["pitch"]) - 69) / 12)
        weights = np.array([1.0 / k for k in range(1, harmonics + 1) if k * f0 < 7800])
        tone = sum(w * np.sin(2 * np.pi * (k + 1) * f0 * tt) for k, w in enumerate(weights))
        out[a:b] += level * envelope * tone / np.sqrt(np.sum(weights ** 2))
    return out.astype(np.float32)


def render(mynah: Path, package: Path, midi: Path, out: Path) -> np.ndarray:
    subprocess.run([str(mynah), "render", "--instrument", str(package), str(midi), "-o", str(out),
                    "--rate", str(RATE_HZ)], check=True, stdout=subprocess.DEVNULL)
    rate, audio = read_wav(out)
    assert rate == RATE_HZ
    return audio


def score_phrase(wav: Path, package: Path, curve: Dict, mynah: Path, work: Path) -> Dict:
    info = json.loads(wav.with_suffix(".json").read_text())
    _, reference = read_wav(wav)
    rendered = render(mynah, package, wav.with_suffix(".mid"), work / "render.wav")
    n = len(reference)
    rendered = np.pad(rendered, (0, max(0, n - len(rendered))))[:n]
    notes, cc11 = info["notes"], info.get("cc11", [])
    a = analyse(rendered)
    cents, got, want = [], [], []
    for note in notes:
        if float(note["end_s"]) - float(note["start_s"]) < MIN_NOTE_SECONDS:
            continue
        lo, hi = middle(note)
        frames = [k for k in frame_span(lo, hi, a["latency"]) if k < len(a["f0"])]
        voiced = [a["f0"][k] for k in frames if a["voiced"][k]]
        if voiced:
            cents.append(1200 * math.log2(float(np.median(voiced)) / (440 * 2 ** ((note["pitch"] - 69) / 12))))
        for k in frames:
            t = ((k + 1) * HOP - a["latency"]) / RATE_HZ
            got.append(a["loudness"][k])
            want.append(requested_loudness(note, cc11, t, curve))
    sine = additive(notes, cc11, curve, n, 1)
    stack = additive(notes, cc11, curve, n, 40)
    return {"phrase": wav.stem, "notes": len(cents), "cents": cents,
            "loudness_correlation": float(np.corrcoef(got, want)[0, 1]) if len(got) > 2 and np.std(want) > 0 else float("nan"),
            "mr_distance": multi_resolution_spectral_distance(reference, rendered),
            "mr_distance_sine": multi_resolution_spectral_distance(reference, sine),
            "mr_distance_harmonics": multi_resolution_spectral_distance(reference, stack)}


def evaluate(instrument: str, package: Path, phrases: int, data_dir: Path, mynah: Path) -> Dict:
    _, metadata = load_package(package)
    curve = metadata["instrument"]
    wavs = instrument_data.build_dataset(instrument, "test", phrases, data_dir / instrument / "test", rate_hz=RATE_HZ)
    with tempfile.TemporaryDirectory() as work:
        scores = [score_phrase(Path(w), package, curve, mynah, Path(work)) for w in wavs]
    cents = np.abs(np.concatenate([s["cents"] for s in scores]))
    mean = lambda key: float(np.nanmean([s[key] for s in scores]))  # noqa: E731
    result = {"instrument": instrument, "phrases": len(scores), "notes": int(len(cents)),
              "pitch_median_abs_cents": float(np.median(cents)), "pitch_p90_abs_cents": float(np.percentile(cents, 90)),
              "loudness_correlation": mean("loudness_correlation"),
              "mr_distance": mean("mr_distance"), "mr_distance_sine": mean("mr_distance_sine"),
              "mr_distance_harmonics": mean("mr_distance_harmonics")}
    result["drop_vs_sine"] = 1 - result["mr_distance"] / result["mr_distance_sine"]
    result["drop_vs_harmonics"] = 1 - result["mr_distance"] / result["mr_distance_harmonics"]
    result["bars_met"] = {"pitch": result["pitch_median_abs_cents"] <= PITCH_BAR_CENTS,
                          "loudness": result["loudness_correlation"] >= LOUDNESS_BAR,
                          "timbre": result["drop_vs_sine"] >= BASELINE_DROP_BAR}
    return result


def markdown(results: List[Dict], command: str) -> str:
    yes = lambda ok: "met" if ok else "**not met**"  # noqa: E731
    lines = [BEGIN_MARKER, "", f"Measured {datetime.date.today().isoformat()} (test split: tunes never trained "
             "or validated on), with:", "", "```sh", command, "```", "",
             "| instrument | phrases / notes | pitch: median abs error (bar <= 10 cents) | 90th pct | loudness "
             "correlation (bar >= 0.9) | MR distance | plain sine | drop vs sine (bar >= 30 %) | 1/k harmonics | "
             "drop vs harmonics |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        b = r["bars_met"]
        lines.append(f"| {r['instrument']} | {r['phrases']} / {r['notes']} | {r['pitch_median_abs_cents']:.1f} "
                     f"({yes(b['pitch'])}) | {r['pitch_p90_abs_cents']:.1f} | {r['loudness_correlation']:.3f} "
                     f"({yes(b['loudness'])}) | {r['mr_distance']:.3f} | {r['mr_distance_sine']:.3f} | "
                     f"{100 * r['drop_vs_sine']:.0f} % ({yes(b['timbre'])}) | {r['mr_distance_harmonics']:.3f} | "
                     f"{100 * r['drop_vs_harmonics']:.0f} % |")
    lines += ["", END_MARKER]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m mynah_train.instrument_evaluate", description=__doc__.split("\n\n")[0])
    p.add_argument("--instrument", action="append", required=True, help="NAME=PACKAGE (repeatable)")
    p.add_argument("--phrases", type=int, default=10)
    p.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "mynah_instrument_eval")
    p.add_argument("--mynah", type=Path, default=Path(os.environ.get("MYNAH_BUILD_DIR", "build")) / "bin" / "mynah")
    p.add_argument("--json", type=Path)
    p.add_argument("--update-quality", type=Path, help="docs/QUALITY.md: replace the instrument-quality section")
    args = p.parse_args(argv)
    results = []
    for item in args.instrument:
        name, _, package = item.partition("=")
        r = evaluate(name, Path(package), args.phrases, args.data, args.mynah)
        print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}), flush=True)
        results.append(r)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    if args.update_quality:
        command = "models/training/evaluate_instruments.sh" + (f"   # PHRASES={args.phrases}" if args.phrases != 10 else "")
        replace_section(args.update_quality, markdown(results, command), BEGIN_MARKER, END_MARKER)
    return 0


if __name__ == "__main__":
    sys.exit(main())
