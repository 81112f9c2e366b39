# SPDX-License-Identifier: GPL-3.0-or-later
"""Evaluates a ``.mynah`` voice resynthesis package against the DSP-only ``mynah resynth`` on held-out speech.

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.evaluate --package models/zoo/voice_resynth.mynah \\
        [--set heldout|quality] [--json metrics.json] [--words]

Sets: ``heldout`` (default): data.py's test split, i.e. the test sentences read by the three training
voices and by the held-out voice rms, plain flite renderings; ``quality``: the five sentences x four
voices of docs/QUALITY.md (models/training/measure_resynth.py), none of them in the training text.

Each utterance goes through the package exactly as the engine will run it: C++ features
(mynah_dsp.features) of the input followed by trailing zeros (the flush), the held-F0 input frames,
silence frames before the start, calls of ``--chunk`` frames (default 2) with the declared context and
look-ahead and the state carried, then the torch twin of the C++ synthesiser (noise seed 1), output
aligned by the feature latency. The baseline is ``build/bin/mynah resynth`` on the same WAV. Prints a
markdown table of mynah_train.metrics: multi-resolution spectral distance and log-mel distance (dB) of
each output to its input (lower is better), optionally (``--words``) pocketsphinx words kept.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

from . import data
from .dsp_module import build_dir
from .metrics import log_mel_distance_db, multi_resolution_spectral_distance, words_kept
from .model import ModelConfig
from .package import check_package, load_package, state_shapes
from .rendering import aligned, frames_to_cover, latency_samples, make_band_noise, make_synth, stream_controls, \
    synthesise
from .timing import ms_per_call
from .voices import synthesise as tts_synthesise


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m mynah_train.evaluate", description=__doc__.split("\n\n")[0])
    p.add_argument("--package", required=True, type=Path)
    p.add_argument("--set", choices=["heldout", "quality"], default="heldout")
    p.add_argument("--data", type=Path, default=None, help="corpus cache (default ~/.cache/mynah/data)")
    p.add_argument("--chunk", type=int, default=2, help="frames per call, as the engine calls it")
    p.add_argument("--pad", choices=["silence", "zeros"], default="silence",
                   help="what fills the frames before the stream start")
    p.add_argument("--mynah", type=Path, default=None, help="the mynah CLI (default <build>/bin/mynah)")
    p.add_argument("--json", type=Path, default=None, help="write the summary metrics here (for export.py)")
    p.add_argument("--words", action="store_true", help="also count pocketsphinx words kept (slow)")
    p.add_argument("--voices", nargs="*", default=None, help="only these voices")
    p.add_argument("--max-utterances", type=int, default=None)
    p.add_argument("--save-audio", type=Path, default=None, help="write input/model/dsp WAVs here")
    return p.parse_args(argv)


def config_from_metadata(m: Dict) -> ModelConfig:
    f, o = m["features"], m["outputs"]
    return ModelConfig(sample_rate_hz=m["sample_rate_hz"], hop_samples=m["hop_samples"], fft_size=m["fft_size"],
                       n_mels=f["n_mels"], mel_min_hz=f["mel_min_hz"], mel_max_hz=f["mel_max_hz"],
                       f0_min_hz=f["f0_min_hz"], f0_max_hz=f["f0_max_hz"], voicing_threshold=f["voicing_threshold"],
                       silence_gate_db=f["silence_gate_db"], num_harmonics=o["num_harmonics"],
                       noise_bands=o["noise_bands"], noise_min_hz=o["noise_min_hz"], noise_max_hz=o["noise_max_hz"],
                       harmonic_limit_hz=o["harmonic_limit_hz"], context_frames=m["context_frames"],
                       lookahead_frames=m["lookahead_frames"])


def utterances(which: str, cache: Optional[Path], config: ModelConfig) -> List[tuple[str, str, np.ndarray]]:
    """(voice, label, audio) triples."""
    if which == "heldout":
        return [(u.spec.voice, u.spec.key, u.audio)
                for u in data.load_corpus(data.specs("test", (0,)), config, cache)]
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from measure_resynth import SENTENCES, VOICES  # noqa: E402 - the QUALITY.md set
    return [(voice, f"{voice}_q{i}", tts_synthesise(voice, text))
            for voice in VOICES for i, text in enumerate(SENTENCES)]


def model_output(module, metadata: Dict, config: ModelConfig, audio: np.ndarray, chunk: int, pad: str,
                 synth, noise) -> np.ndarray:
    latency = latency_samples(config)
    frames = frames_to_cover(len(audio), config)
    flushed = np.concatenate([audio, np.zeros(frames * config.hop_samples - len(audio), np.float32)])
    inputs = data.model_inputs(flushed, config)[:frames]
    controls = stream_controls(module, inputs, config.context_frames, config.lookahead_frames,
                               state_shapes(metadata), chunk=chunk, pad=pad)
    return aligned(synthesise(controls, config, synth, noise).numpy(), len(audio), latency)


def dsp_output(mynah: Path, audio: np.ndarray, rate: int, work: Path) -> np.ndarray:
    source, result = work / "in.wav", work / "dsp.wav"
    data.write_wav(source, audio, rate)
    subprocess.run([str(mynah), "resynth", str(source), "-o", str(result)], check=True, capture_output=True)
    _, y = data.read_wav(result)
    return y


def recognise(audio: np.ndarray, rate: int, work: Path) -> List[str]:
    path = work / "asr.wav"
    data.write_wav(path, audio, rate)
    out = subprocess.run(["pocketsphinx_continuous", "-infile", str(path), "-logfn", "/dev/null"], check=True,
                         capture_output=True, text=True).stdout
    return out.split()


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    import torch
    torch.set_num_threads(1)
    metadata = check_package(args.package)
    module, _ = load_package(args.package)
    config = config_from_metadata(metadata)
    rate = int(config.sample_rate_hz)
    mynah = args.mynah or Path(os.environ.get("MYNAH_CLI", str(build_dir() / "bin" / "mynah")))
    items = [item for item in utterances(args.set, args.data, config) if not args.voices or item[0] in args.voices]
    items = items[:args.max_utterances]
    synth = make_synth(config)
    noise = make_band_noise(config, max(len(a) for _, _, a in items) + 8192)
    rows: Dict[str, Dict[str, List[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for voice, label, audio in items:
            # exactly what the 16-bit WAV given to `mynah resynth` holds
            audio = (np.clip(np.round(audio * 32768.0), -32768, 32767) / 32768.0).astype(np.float32)
            y_model = model_output(module, metadata, config, audio, args.chunk, args.pad, synth, noise)
            y_dsp = dsp_output(mynah, audio, rate, work)
            r = rows.setdefault(voice, {k: [] for k in ("mr_model", "mr_dsp", "lm_model", "lm_dsp", "words")})
            r["mr_model"].append(multi_resolution_spectral_distance(audio, y_model))
            r["mr_dsp"].append(multi_resolution_spectral_distance(audio, y_dsp))
            r["lm_model"].append(log_mel_distance_db(audio, y_model, rate))
            r["lm_dsp"].append(log_mel_distance_db(audio, y_dsp, rate))
            if args.words:
                reference = recognise(audio, rate, work)
                r["words"].append((words_kept(reference, recognise(y_model, rate, work))[0],
                                   words_kept(reference, recognise(y_dsp, rate, work))[0], len(reference)))
            if args.save_audio:
                args.save_audio.mkdir(parents=True, exist_ok=True)
                for suffix, signal in (("in", audio), ("model", y_model), ("dsp", y_dsp)):
                    data.write_wav(args.save_audio / f"{label}_{suffix}.wav", signal, rate)
    print_table(args, rows, metadata)
    if args.json:
        args.json.write_text(json.dumps(summary(args, rows, module, metadata), indent=1))
    return 0


def _group(rows, voices):
    keys = ("mr_model", "mr_dsp", "lm_model", "lm_dsp")
    return {k: float(np.mean([v for voice in voices for v in rows[voice][k]])) for k in keys}


def _words(rows, voices):
    entries = [w for voice in voices for w in rows[voice]["words"]]
    return (sum(e[0] for e in entries), sum(e[1] for e in entries), sum(e[2] for e in entries)) if entries else None


def print_table(args, rows, metadata) -> None:
    title = {"heldout": "held-out split (data.py test sentences; rms never trained on)",
             "quality": "docs/QUALITY.md set (5 sentences x 4 flite voices)"}[args.set]
    print(f"\n{args.package.name} vs DSP-only `mynah resynth`, {title}; streamed in {args.chunk}-frame chunks\n")
    header = "| voice | utterances | MR spectral distance: model | DSP resynth | log-mel distance (dB): model | DSP resynth |"
    rule = "|---|---|---|---|---|---|"
    if args.words:
        header += " words kept: model | DSP resynth |"
        rule += "---|---|"
    print(header)
    print(rule)
    groups = [(voice, [voice]) for voice in rows]
    trained = [v for v in rows if v in data.TRAIN_VOICES]
    held = [v for v in rows if v not in data.TRAIN_VOICES]
    if args.set == "heldout" and trained and held:
        groups += [("training voices", trained), ("held-out voice", held)]
    groups.append(("**all**", list(rows)))
    for label, voices in groups:
        g = _group(rows, voices)
        count = sum(len(rows[v]["mr_model"]) for v in voices)
        name = label if label.startswith("**") or label in data.ALL_VOICES else f"*{label}*"
        if label in data.HELD_OUT_VOICES:
            name += " (held out)"
        line = (f"| {name} | {count} | {g['mr_model']:.3f} | {g['mr_dsp']:.3f} | {g['lm_model']:.2f} | "
                f"{g['lm_dsp']:.2f} |")
        w = _words(rows, voices)
        if w:
            line += f" {w[0]} / {w[2]} ({100 * w[0] / max(w[2], 1):.0f} %) | {w[1]} / {w[2]} ({100 * w[1] / max(w[2], 1):.0f} %) |"
        print(line)


def summary(args, rows, module, metadata) -> Dict[str, float]:
    prefix = "heldout" if args.set == "heldout" else "quality_set"
    out: Dict[str, float] = {}
    voice_groups = {"all": list(rows)}
    if args.set == "heldout":
        voice_groups["held_out_voice"] = [v for v in rows if v not in data.TRAIN_VOICES]
        voice_groups["training_voices"] = [v for v in rows if v in data.TRAIN_VOICES]
    for group, voices in voice_groups.items():
        if not voices:
            continue
        g = _group(rows, voices)
        out[f"{prefix}_{group}_mr_spectral_distance"] = round(g["mr_model"], 4)
        out[f"{prefix}_{group}_mr_spectral_distance_dsp_resynth"] = round(g["mr_dsp"], 4)
        out[f"{prefix}_{group}_log_mel_distance_db"] = round(g["lm_model"], 3)
        out[f"{prefix}_{group}_log_mel_distance_db_dsp_resynth"] = round(g["lm_dsp"], 3)
        w = _words(rows, voices)
        if w:
            out[f"{prefix}_{group}_words_kept"] = round(w[0] / max(w[2], 1), 3)
            out[f"{prefix}_{group}_words_kept_dsp_resynth"] = round(w[1] / max(w[2], 1), 3)
    out["ms_per_2_frame_call"] = round(ms_per_call(module, metadata), 4)
    return out


if __name__ == "__main__":
    sys.exit(main())
