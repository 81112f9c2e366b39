# SPDX-License-Identifier: GPL-3.0-or-later
"""Exports a training checkpoint as a ``.mynah`` package (docs/MODEL_FORMAT.md, format version 1).

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.export --checkpoint RUN/best.pt \\
        --output models/zoo/voice_resynth.mynah [--metrics metrics.json ...]

Scripts the network with ``torch.jit.script`` and freezes it (``torch.jit.freeze``), writes the metadata (``mynah.json``: every field of
MODEL_FORMAT.md; training facts come from the checkpoint, measured quality from ``--metrics``, a JSON
object written by evaluate.py ``--json``; the time per 2-frame call is measured here), then re-loads
the file and checks it as the C++ loader does (metadata, dry run on zeros) and that streaming it in
2-frame chunks gives the same controls as the eager model in one pass.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import torch

from . import data
from .model import ModelConfig, VoiceResynth, count_parameters
from .vc_model import VoiceConvert, state_spec as convert_state_spec
from .vc_train import frozen_layers
from .instrument_model import InstrumentSynth
from .package import check_package, save_package, build_metadata, load_package, state_shapes
from .rendering import full_controls, stream_controls
from .timing import ms_per_call

DEFAULT_NAME = "voice_resynth"
DEFAULT_DESCRIPTION = ("Voice resynthesis: rebuilds the input voice from its features through Mynah's "
                       "harmonic-plus-noise synthesiser (trained on flite voices; no conversion)")
REPRODUCE_COMMAND = "models/training/reproduce_voice_resynth.sh"


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m mynah_train.export", description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoint", required=True, type=Path, help="best.pt (or last.pt) from train.py")
    p.add_argument("--output", required=True, type=Path, help="the .mynah file to write")
    p.add_argument("--name", default=DEFAULT_NAME)
    p.add_argument("--description", default=DEFAULT_DESCRIPTION)
    p.add_argument("--metrics", type=Path, nargs="*", default=[],
                   help="JSON objects of measured metrics (evaluate.py --json), merged in order")
    p.add_argument("--command", default=REPRODUCE_COMMAND, help="the command that reproduces the package")
    p.add_argument("--timing-calls", type=int, default=2000,
                   help="calls per timing run (5 runs, median) for ms_per_2_frame_call; 0: skip")
    return p.parse_args(argv)


# The network classes a checkpoint can hold ("model_class"; resynthesis when absent), with the names and
# shapes of their state tensors.
def _gru_state(c: ModelConfig):
    return ["gru_hidden"], [[1, 1, c.hidden_size]]


MODEL_CLASSES = {
    "VoiceResynth": (VoiceResynth, _gru_state),
    "VoiceConvert": (VoiceConvert, convert_state_spec),
    "InstrumentSynth": (InstrumentSynth, _gru_state),
}


def model_class(checkpoint: Dict[str, Any]) -> str:
    name = checkpoint.get("model_class", "VoiceResynth")
    if name not in MODEL_CLASSES:
        raise ValueError(f"checkpoint holds an unknown model class {name!r}")
    return name


def load_model(checkpoint: Dict[str, Any]) -> VoiceResynth:
    model = MODEL_CLASSES[model_class(checkpoint)][0](ModelConfig.from_dict(checkpoint["config"]))
    model.load_weights(checkpoint["model"])
    return model.eval()


def rounded_or_none(value: Any, digits: int = 5) -> Optional[float]:
    """A finite number rounded, or None (JSON null) for a missing or non-finite one: JSON has no NaN, and a
    run exported before its first step has no training loss."""
    if value is None or not math.isfinite(float(value)):
        return None
    return round(float(value), digits)


def training_facts(checkpoint: Dict[str, Any], command: str) -> Dict[str, Any]:
    args = checkpoint.get("args", {})
    return {
        "data": checkpoint.get("data_description") or (
            f"{data.DATA_LICENCE}. Training voices {', '.join(data.TRAIN_VOICES)} "
            f"({args.get('variants', '?')} renditions per sentence: plain and perturbed in F0, tempo, "
            f"vocal-tract length and level); held out: voice {', '.join(data.HELD_OUT_VOICES)} and every "
            f"sentence i with i % 10 in (0, 5) (test, validation)"),
        "steps": int(checkpoint["step"]),
        "final_loss": rounded_or_none(checkpoint.get("train_loss")),
        checkpoint.get("validation_metric", "validation_mr_spectral_distance"):
            rounded_or_none(checkpoint.get("val_mr_distance")),
        "command": command,
        "seconds": round(float(checkpoint["seconds"]), 1),
        "loss": "multi-resolution STFT (FFT 2048/1024/512/256/128: spectral convergence + mean |log10 magnitude|)",
        "parameters": None,
    }


def random_inputs(config: ModelConfig, frames: int, seed: int = 0) -> np.ndarray:
    """Plausible input frames [frames, num_inputs] for the model's declared inputs."""
    rng = np.random.default_rng(seed)
    f0 = np.where(rng.random(frames) < 0.2, 0.0, rng.uniform(80, 300, frames))
    columns = {"f0_hz": f0, "voiced": (f0 > 0).astype(float), "voicing_confidence": rng.random(frames),
               "loudness_db": rng.uniform(-80, -10, frames)}
    parts = [rng.uniform(-16, 0, (frames, config.n_mels)) if name == "log_mel" else columns[name][:, None]
             for name in config.inputs]
    return np.concatenate(parts, axis=1).astype(np.float32)


def check_streaming(module, model: VoiceResynth, metadata: Dict[str, Any], config: ModelConfig) -> float:
    """Max |difference| between the package streamed in 2-frame chunks and in the engine's own chunks
    (1 frame for most packages: the graph's one-row path, row_ops.py) and the eager model in one pass."""
    inputs = random_inputs(config, 41)
    whole = full_controls(model, inputs, config)
    return max(float((stream_controls(module, inputs, config.context_frames, config.lookahead_frames,
                                      state_shapes(metadata), chunk=chunk, names=config.inputs) - whole).abs().max())
               for chunk in sorted({2, int(metadata.get("realtime_chunk_frames", 2))}))


def export(checkpoint_path: Path, output: Path, name: str = DEFAULT_NAME, description: str = DEFAULT_DESCRIPTION,
           metrics: Optional[Dict[str, Any]] = None, command: str = REPRODUCE_COMMAND,
           timing_calls: int = 2000) -> Dict[str, Any]:
    checkpoint = torch.load(checkpoint_path, map_location="cpu")
    model = load_model(checkpoint)
    config = ModelConfig.from_dict(checkpoint["config"])
    # Frozen: parameters become constants and attribute look-ups disappear (~10 % less time per call).
    scripted = torch.jit.freeze(torch.jit.script(model), preserved_attrs=["initial_state"])
    training = training_facts(checkpoint, command)
    training["parameters"] = count_parameters(model)
    if getattr(model, "warp_exponent", 0.0):
        training["formant_warp_exponent"] = round(model.warp_exponent, 4)   # vc_model.py (model cards)
    if getattr(model, "source_detail_weight", 1.0) != 1.0:
        training["source_detail"] = round(model.source_detail_weight, 4)
    if "checkpoint_choice" in checkpoint:   # vc_select.py chose between the run's candidates (model cards)
        training["checkpoint_choice"] = checkpoint["checkpoint_choice"]
    args = checkpoint.get("args", {})
    kept = frozen_layers(args.get("init"), args.get("freeze", "none"))
    if kept:   # a fine-tune that kept layers of its base (model cards)
        training["frozen_layers"] = list(kept)
    state_names, shapes = MODEL_CLASSES[model_class(checkpoint)][1](config)
    metadata = build_metadata(config, name=name, description=description,
                              state_shapes=shapes, state_names=state_names,
                              training=training, metrics=dict(metrics or {}),
                              targets=checkpoint.get("targets", ["the input voice (resynthesis, no conversion)"]),
                              kind=checkpoint.get("kind", "voice"))
    if "instrument" in checkpoint:
        metadata["instrument"] = checkpoint["instrument"]
    if "realtime_chunk_frames" in checkpoint:
        metadata["realtime_chunk_frames"] = int(checkpoint["realtime_chunk_frames"])
    if "effect_f0_range_hz" in checkpoint:
        # The engine analyses the performer, not the instrument: its own F0 range (instrument_train.py).
        metadata["features"]["f0_min_hz"], metadata["features"]["f0_max_hz"] = checkpoint["effect_f0_range_hz"]
    if timing_calls > 0:
        metadata["metrics"]["ms_per_2_frame_call"] = round(ms_per_call(scripted, metadata, calls=timing_calls), 4)
        # the engine's own call size, where the package sets another one
        chunk = int(metadata.get("realtime_chunk_frames", 2))
        if chunk != 2:
            metadata["metrics"]["ms_per_realtime_call"] = round(
                ms_per_call(scripted, metadata, chunk=chunk, calls=timing_calls), 4)
    output.parent.mkdir(parents=True, exist_ok=True)
    save_package(scripted, output, metadata)

    check_package(output)
    module, _ = load_package(output)
    difference = check_streaming(module, model, metadata, config)
    if difference > 1e-4:
        raise RuntimeError(f"{output}: streamed controls differ from the one-pass model by {difference}")
    return metadata


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    metrics: Dict[str, Any] = {}
    for path in args.metrics:
        values = json.loads(path.read_text())
        if not isinstance(values, dict):
            print(f"{path}: expected a JSON object", file=sys.stderr)
            return 2
        metrics.update(values)
    metadata = export(args.checkpoint, args.output, args.name, args.description, metrics, args.command,
                      args.timing_calls)
    size = args.output.stat().st_size
    print(f"wrote {args.output} ({size / 1e6:.2f} MB): {metadata['training']['parameters']} parameters, "
          f"step {metadata['training']['steps']}, "
          f"{metadata['metrics'].get('ms_per_2_frame_call', '?')} ms per 2-frame call"
          + (f", {metadata['metrics']['ms_per_realtime_call']} ms per {metadata['realtime_chunk_frames']}-frame call"
             if "ms_per_realtime_call" in metadata["metrics"] else "")
          + "; reloaded, dry run and streaming check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
