# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the model card of a shipped instrument (models/zoo/<instrument>.md) from what was measured:
the package's metadata (training facts, velocity curve, time per call) and the summary that
``instrument_evaluate --json`` wrote for it on the test split.

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.instrument_card models/zoo/violin.mynah \\
        --evaluation RUN/instruments.json [--output models/zoo/violin.md]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

from .instruments import INSTRUMENTS
from .package import load_package, training_summary


def _met(flag: Optional[bool]) -> str:
    return "not measured" if flag is None else ("met" if flag else "**not met**")


def _note(midi: int) -> str:
    return ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"][midi % 12] + str(midi // 12 - 1)


def card(metadata: Dict[str, Any], evaluation: Dict[str, Any], evaluation_command: str) -> str:
    name, training, metrics, inst = metadata["name"], metadata["training"], metadata["metrics"], metadata["instrument"]
    spec = INSTRUMENTS[inst["name"]]
    e, bars = evaluation, evaluation.get("bars_met", {})
    low, high = inst["midi_range"]
    comfort = inst["comfortable_range"]
    history = training.get("history") or []
    lines: List[str] = [
        "<!-- SPDX-License-Identifier: GPL-3.0-or-later -->",
        f"# `{name}`: a neural {spec.description}",
        "",
        f"`{name}.mynah` (format version {metadata['format_version']}, kind `instrument`, weights "
        f"{metadata['licence']}) plays a {inst['name'].replace('_', ' ')} from a pitch and a loudness curve through "
        "Mynah's harmonic-plus-noise synthesiser. Play it from MIDI (`mynah render --instrument "
        f"{name} song.mid -o out.wav`) or as an effect (`mynah convert --model {name} sung.wav -o out.wav`, or "
        "the plugin): sing, whistle or play a monophonic line and it comes out as this instrument.",
        "",
        "## The network",
        "",
        "| | |",
        "|---|---|",
        f"| inputs | `f0_hz`, `loudness_db` per {metadata['hop_samples']}-sample frame at "
        f"{metadata['sample_rate_hz']:.0f} Hz; {metadata.get('realtime_chunk_frames', 2)} frame(s) per call in "
        "real time |",
        f"| outputs | {metadata['outputs']['num_harmonics']} harmonic amplitudes (the input loudness times a learned "
        f"distribution), {metadata['outputs']['noise_bands']} noise band gains; F0 passes through |",
        f"| parameters | {training['parameters']:,} |",
        f"| cost per call (2 frames) | {metrics.get('ms_per_2_frame_call', '?')} ms (measured by the exporter, one thread) |",
        f"| playable range | MIDI {low}-{high} ({_note(low)}-{_note(high)}); effect mode puts each note in the "
        f"octave nearest {_note(comfort[0])}-{_note(comfort[1])} |",
        f"| velocity curve | loudness = {inst['loudness_at_full_db']} dB + {inst['loudness_slope']} x (40 log10(velocity/127) "
        f"+ 40 log10(CC11/127)), fitted on {inst.get('loudness_fit_notes', '?')} training notes "
        f"(residual {inst.get('loudness_fit_residual_db', '?')} dB) |",
        f"| effect-mode analysis | F0 {metadata['features']['f0_min_hz']:.0f}-{metadata['features']['f0_max_hz']:.0f} Hz "
        "(the performer's range), gate with hysteresis |",
        "",
        "## Training",
        "",
        f"- data: {training['data']}",
        f"- {training_summary(training)}",
        f"- checkpoint chosen by the multi-resolution spectral distance of validation phrases (validation-split "
        f"tunes): {training.get('validation_mr_spectral_distance', '?')}"
        + (f" (untrained: {history[0]['val_mr_distance']:.4f})" if history else ""),
        f"- reproduce: `{training['command']}`",
        "",
        "## Quality (test split: tunes never trained or validated on; docs/QUALITY.md)",
        "",
        f"{e['phrases']} phrases, {e['notes']} notes, played from their MIDI files by `mynah render` and compared "
        "with fluidsynth's rendering of the same files:",
        "",
        "| measure | value | bar |",
        "|---|---|---|",
        f"| pitch of the notes, median abs error (Mynah's tracker) | {e['pitch_median_abs_cents']:.1f} cents "
        f"(90th percentile {e['pitch_p90_abs_cents']:.1f}) | <= 10 cents: {_met(bars.get('pitch'))} |",
        f"| loudness curve correlation with the requested one | {e['loudness_correlation']:.3f} | >= 0.9: "
        f"{_met(bars.get('loudness'))} |",
        f"| multi-resolution spectral distance to fluidsynth | {e['mr_distance']:.3f} | |",
        f"| plain additive sine baseline | {e['mr_distance_sine']:.3f} (the model is {100 * e['drop_vs_sine']:.0f} % "
        f"lower) | >= 30 % lower: {_met(bars.get('timbre'))} |",
        f"| 1/k harmonic-stack baseline | {e['mr_distance_harmonics']:.3f} (the model is "
        f"{100 * e['drop_vs_harmonics']:.0f} % lower) | |",
        "",
        f"Measured with `{evaluation_command}`.",
        "",
        "## Limits",
        "",
        "- Trained on General MIDI SoundFont renderings, not on recordings of players: it sounds like a good "
        "sampled instrument with a neural network's smoothing, not like a concert instrument.",
        "- Monophonic per voice: chords from MIDI use one network per voice (up to 8).",
        "",
    ]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m mynah_train.instrument_card", description=__doc__.split("\n\n")[0])
    p.add_argument("package", type=Path)
    p.add_argument("--evaluation", type=Path, required=True, help="instrument_evaluate --json output")
    p.add_argument("--command", default="models/training/evaluate_instruments.sh")
    p.add_argument("--output", type=Path)
    args = p.parse_args(argv)
    _, metadata = load_package(args.package)
    results = {r["instrument"]: r for r in json.loads(args.evaluation.read_text())}
    if metadata["instrument"]["name"] not in results:
        print(f"{args.evaluation}: no evaluation of {metadata['instrument']['name']}", file=sys.stderr)
        return 2
    output = args.output or args.package.with_suffix(".md")
    output.write_text(card(metadata, results[metadata["instrument"]["name"]], args.command), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
