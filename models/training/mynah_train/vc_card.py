# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the model card of a shipped voice conversion package (models/zoo/to_<voice>.md) from what was
measured: the package's own metadata (training facts, time per call) and the summary that
``vc_evaluate --json`` wrote for it on the test split.

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.vc_card models/zoo/to_awb.mynah \\
        --evaluation RUN/vc_test.json [--output models/zoo/to_awb.md]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

from .package import load_package, training_summary
from .vc_model import ADAPT_SECONDS, F0_ADAPT_SECONDS
from .voices import TEST_SOURCE_VOICES, VALIDATION_SOURCE_VOICES, voice


def _pct(x: Optional[float]) -> str:
    return "n/a" if x is None else f"{100.0 * x:.0f} %"


def _met(flag: Optional[bool]) -> str:
    return "not measured" if flag is None else ("met" if flag else "**not met**")


def card(metadata: Dict[str, Any], evaluation: Dict[str, Any], evaluation_command: str) -> str:
    name, training, metrics = metadata["name"], metadata["training"], metadata.get("metrics", {})
    target = voice(metadata["targets"][0])
    e = evaluation
    bars = e.get("bars_met", {})
    state = ", ".join(f"`{s['name']}` {s['shape']}" for s in metadata["state"])
    chunk = int(metadata.get("realtime_chunk_frames", 2))
    call_ms = metrics.get("ms_per_realtime_call" if chunk != 2 else "ms_per_2_frame_call", "?")
    lines: List[str] = [
        "<!-- SPDX-License-Identifier: GPL-3.0-or-later -->",
        f"# `{name}`: any voice into {target.description}",
        "",
        f"`{name}.mynah` (format version {metadata['format_version']}, weights {metadata['licence']}) turns any "
        f"speaking voice into the voice `{target.name}` ({target.register}, about "
        f"{target.mean_f0_hz:.0f} Hz): the words, timing and intonation of the input, the timbre and register "
        "of the target. It was learned from the target's own speech alone (no transcripts, no parallel "
        "data), by fine-tuning Mynah's conversion base, exactly as `mynah learn` learns a user's voice.",
        "",
        "## The network",
        "",
        "| | |",
        "|---|---|",
        f"| rate, hop, FFT | {metadata['sample_rate_hz']:.0f} Hz, {metadata['hop_samples']} samples, "
        f"{metadata['fft_size']}; {metadata['features']['n_mels']} log-mel bands; F0 "
        f"{metadata['features']['f0_min_hz']:.0f}-{metadata['features']['f0_max_hz']:.0f} Hz"
        + (f" (YIN window {metadata['features']['f0_window_fraction']:g} x the longest lag)"
           if metadata["features"].get("f0_window_fraction", 1.0) != 1.0 else "") + " |",
        f"| outputs | F0 (the input's, moved into the target's register), {metadata['outputs']['num_harmonics']} "
        f"harmonic amplitudes (sounding only in voiced frames), {metadata['outputs']['noise_bands']} noise band gains |",
        f"| state | {state} |",
        f"| parameters | {training['parameters']:,} |",
        f"| cost per engine call ({chunk} frame{'s' if chunk > 1 else ''}) | {call_ms} ms (measured by the "
        "exporter, one thread) |",
        "",
        "How it converts (models/training/mynah_train/vc_model.py): running means of the input's log-mel "
        f"(time constant {ADAPT_SECONDS:g} s) and log-F0 (from the first voiced frame, then averaged up to "
        f"{F0_ADAPT_SECONDS:g} s) are kept in the state; the network hears the input with its speaker's mean "
        "timbre and register removed, and corrects a global EQ towards the target's mean spectrum"
        + (f" that keeps {training['source_detail']:g} x the input's own spectral detail (its deviation from "
           "its running mean): the network renders the rest of the target's detail from what it hears"
           if "source_detail" in training else "") + ". The "
        "output F0 is the input's F0 times the ratio of the target's mean F0 to the input's running mean; "
        "the engine's transpose applies on top."
        + (f" Formants follow the register: the input spectrum is read at f / alpha, alpha = (that ratio) ^ "
           f"{training['formant_warp_exponent']:g}, so a lower voice's formants move up towards the target's "
           "and a higher voice's down (vocal-tract-length normalisation)."
           if training.get("formant_warp_exponent") else ""),
        "",
        "## Training",
        "",
        f"- data: {training['data']}",
        f"- fine-tune: {training_summary(training)}"
        + (f"; layers kept as the base learned them from many voices: {', '.join(training['frozen_layers'])}"
           if training.get("frozen_layers") else ""),
        f"- checkpoint chosen by the conversion score on validation sentences read by voices that are "
        f"neither trained on nor tested ({', '.join(VALIDATION_SOURCE_VOICES)}): "
        + ", ".join(f"{k} {v}" for k, v in training.items() if k.startswith("validation_"))
        + (f"; of the two candidates vc_select.py weighs, {training['checkpoint_choice']}"
           if "checkpoint_choice" in training else ""),
        f"- reproduce: `{training['command']}`",
        "",
        "## Quality (test split; docs/QUALITY.md has every source voice)",
        "",
        f"Held-out voices ({', '.join(TEST_SOURCE_VOICES)}) reading held-out sentences, converted by the real "
        f"engine (`mynah convert`), {e['utterances']} utterances:",
        "",
        "| measure | source | converted | global-EQ baseline | bar |",
        "|---|---|---|---|---|",
        f"| MCD to the target reading the same sentence (dB) | {e['mcd_source_db']:.2f} | "
        f"{e['mcd_converted_db']:.2f} ({_pct(e['mcd_drop'])} lower) | {e['mcd_baseline_db']:.2f} "
        f"({_pct(e['mcd_baseline_drop'])} lower) | >= 30 % lower: {_met(bars.get('mcd_drop'))} |",
        f"| word error rate (pocketsphinx) | {_pct(e.get('wer_source'))} | {_pct(e.get('wer_converted'))} | "
        f"{_pct(e.get('wer_baseline'))} | <= source + 10 points: {_met(bars.get('wer'))} |",
        f"| F0 correlation with the source (register moved) | | {e['f0_correlation']:.3f} | | >= 0.85: "
        f"{_met(bars.get('f0_correlation'))} |",
        f"| heard as the target by a speaker classifier | {_pct(e['speaker_target_rate_source'])} | "
        f"{_pct(e['speaker_target_rate'])} | {_pct(e['speaker_target_rate_baseline'])} | >= 80 %: "
        f"{_met(bars.get('speaker'))} |",
        "",
        f"Measured with `{evaluation_command}`.",
        "",
        "## Licence and data",
        "",
        f"Weights: {metadata['licence']}. Training audio: generated locally (see data above); the target voice "
        f"`{target.name}` is {target.description}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m mynah_train.vc_card", description=__doc__.split("\n\n")[0])
    p.add_argument("package", type=Path)
    p.add_argument("--evaluation", type=Path, required=True, help="vc_evaluate --json output")
    p.add_argument("--command", default="models/training/evaluate_voice_convert.sh",
                   help="the command that measured the evaluation")
    p.add_argument("--output", type=Path, default=None, help="default: the package path with .md")
    args = p.parse_args(argv)
    _, metadata = load_package(args.package)
    evaluations = json.loads(args.evaluation.read_text())
    if metadata["name"] not in evaluations:
        print(f"vc_card: {args.evaluation} has no evaluation of {metadata['name']}", file=sys.stderr)
        return 1
    output = args.output or args.package.with_suffix(".md")
    output.write_text(card(metadata, evaluations[metadata["name"]], args.command), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
