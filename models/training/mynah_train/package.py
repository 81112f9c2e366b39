# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes, reads and checks ``.mynah`` packages (docs/MODEL_FORMAT.md, format version 1).

A package is ``torch.jit.save(scripted, path, _extra_files={"mynah.json": metadata})``. ``check_package``
does in Python what the C++ loader does (models/runtime): every required field with its type and range,
then a dry run on zeros (context + 1 + look-ahead frames, zero state) that must return controls
``[1, 1, num_outputs]``, finite, and a state list of the declared shapes.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import torch

from .inputs import INPUT_NAMES
from .model import ModelConfig

FORMAT_VERSION = 1
METADATA_FILE = "mynah.json"


def build_metadata(config: ModelConfig, *, name: str, description: str, state_shapes: List[List[int]],
                   training: Dict[str, Any], metrics: Dict[str, Any], targets: List[str],
                   licence: str = "GPL-3.0-or-later", kind: str = "voice",
                   state_names: Optional[List[str]] = None) -> Dict[str, Any]:
    names = state_names or [f"state{i}" for i in range(len(state_shapes))]
    return {
        "format_version": FORMAT_VERSION,
        "name": name,
        "kind": kind,
        "description": description,
        "licence": licence,
        "sample_rate_hz": float(config.sample_rate_hz),
        "hop_samples": int(config.hop_samples),
        "fft_size": int(config.fft_size),
        "window": "hann_periodic",
        "features": {
            "inputs": list(config.inputs),
            "n_mels": int(config.n_mels),
            "mel_min_hz": float(config.mel_min_hz),
            "mel_max_hz": float(config.mel_max_hz),
            "f0_min_hz": float(config.f0_min_hz),
            "f0_max_hz": float(config.f0_max_hz),
            "voicing_threshold": float(config.voicing_threshold),
            "silence_gate_db": float(config.silence_gate_db),
            "f0_window_fraction": float(config.f0_window_fraction),
        },
        "outputs": {
            "num_harmonics": int(config.num_harmonics),
            "noise_bands": int(config.noise_bands),
            "noise_min_hz": float(config.noise_min_hz),
            "noise_max_hz": float(config.noise_max_hz),
            "harmonic_limit_hz": float(config.harmonic_limit_hz),
        },
        "context_frames": int(config.context_frames),
        "lookahead_frames": int(config.lookahead_frames),
        "state": [{"name": n, "shape": [int(d) for d in s]} for n, s in zip(names, state_shapes)],
        "targets": list(targets),
        "training": training,
        "metrics": metrics,
    }


def save_package(module: torch.jit.ScriptModule, path: Path, metadata: Dict[str, Any] | str) -> None:
    """Writes the package (atomically: a temporary file next to it, then a rename)."""
    path = Path(path)
    # allow_nan=False: NaN is not JSON, and the C++ reader rejects it; a NaN here is a bug to report, not to ship
    text = metadata if isinstance(metadata, str) else json.dumps(metadata, indent=1, sort_keys=False, allow_nan=False)
    tmp = path.with_name(path.name + ".tmp")
    torch.jit.save(module, str(tmp), _extra_files={METADATA_FILE: text})
    tmp.replace(path)


def load_package(path: Path) -> Tuple[torch.jit.ScriptModule, Dict[str, Any]]:
    extra = {METADATA_FILE: ""}
    module = torch.jit.load(str(path), map_location="cpu", _extra_files=extra)
    if not extra[METADATA_FILE]:
        raise ValueError(f"{path}: no {METADATA_FILE} in the package")
    return module, json.loads(extra[METADATA_FILE])


class PackageError(ValueError):
    pass


def _get(d: Dict[str, Any], path: str):
    node: Any = d
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise PackageError(f"metadata has no '{path}'")
        node = node[part]
    return node


def _number(d, path, lo=-math.inf, hi=math.inf, whole=False):
    v = _get(d, path)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise PackageError(f"metadata field '{path}' must be a number")
    if whole and v != int(v):
        raise PackageError(f"metadata field '{path}' must be a whole number")
    if not lo <= v <= hi:
        raise PackageError(f"metadata field '{path}' = {v} is outside {lo} .. {hi}")
    return v


def _string(d, path):
    v = _get(d, path)
    if not isinstance(v, str):
        raise PackageError(f"metadata field '{path}' must be a string")
    return v


def validate_metadata(m: Dict[str, Any]) -> None:
    """The loader's metadata checks (models/runtime/src/model_metadata.cpp), raising PackageError."""
    if not isinstance(m, dict):
        raise PackageError("metadata is not a JSON object")
    version = _get(m, "format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PackageError("metadata field 'format_version' must be a whole number")
    if version != FORMAT_VERSION:
        raise PackageError(f"package format version {version} is not supported")
    if not re.fullmatch(r"[a-z0-9_-]+", _string(m, "name")):
        raise PackageError("metadata 'name' must be lower-case letters, digits, '_' or '-'")
    if _string(m, "kind") not in ("voice", "instrument"):
        raise PackageError("metadata 'kind' must be 'voice' or 'instrument'")
    if m["kind"] == "instrument":
        _check_instrument(m)
    _string(m, "description")
    _string(m, "licence")
    rate = _number(m, "sample_rate_hz", 8000, 192000)
    hop = _number(m, "hop_samples", 1, 8192, whole=True)
    if _number(m, "fft_size", 16, 65536, whole=True) < hop:
        raise PackageError("metadata 'fft_size' is smaller than 'hop_samples'")
    if _string(m, "window") != "hann_periodic":
        raise PackageError("metadata 'window' must be 'hann_periodic'")
    inputs = _get(m, "features.inputs")
    if not isinstance(inputs, list) or not inputs or any(i not in INPUT_NAMES for i in inputs):
        raise PackageError("metadata 'features.inputs' must be a non-empty list of known feature names")
    nyquist = rate / 2
    _number(m, "features.n_mels", 1, 512, whole=True)
    mel_min = _number(m, "features.mel_min_hz", 0, nyquist)
    _number(m, "features.mel_max_hz", mel_min + 1, nyquist)
    f0_min = _number(m, "features.f0_min_hz", 10, nyquist)
    _number(m, "features.f0_max_hz", f0_min + 1, nyquist - 1)
    _number(m, "features.voicing_threshold", 0, 1)
    _number(m, "features.silence_gate_db", -200, 0)
    if "f0_window_fraction" in m["features"]:
        _number(m, "features.f0_window_fraction", 0.1, 1)
    _number(m, "outputs.num_harmonics", 1, 1024, whole=True)
    _number(m, "outputs.noise_bands", 1, 1024, whole=True)
    noise_min = _number(m, "outputs.noise_min_hz", 1, 96000)
    _number(m, "outputs.noise_max_hz", noise_min + 1, 96000)
    _number(m, "outputs.harmonic_limit_hz", 0, 96000)
    _number(m, "context_frames", 0, 4096, whole=True)
    _number(m, "lookahead_frames", 0, 64, whole=True)
    state = _get(m, "state")
    if not isinstance(state, list):
        raise PackageError("metadata 'state' must be a list")
    for s in state:
        if not isinstance(s, dict) or not isinstance(s.get("name"), str):
            raise PackageError("metadata 'state' entries must be objects with a name")
        shape = s.get("shape")
        if not isinstance(shape, list) or not shape or any(
                not isinstance(d, int) or isinstance(d, bool) or d < 1 for d in shape):
            raise PackageError(f"metadata 'state[].shape' of '{s['name']}' must hold positive whole numbers")
    if "targets" in m and (not isinstance(m["targets"], list) or not all(isinstance(t, str) for t in m["targets"])):
        raise PackageError("metadata 'targets' must be a list of strings")
    for key in ("training", "metrics"):
        if not isinstance(_get(m, key), dict):
            raise PackageError(f"metadata field '{key}' must be an object")


def _midi_range(m: Dict[str, Any], key: str) -> List[int]:
    pair = _get(m, key)
    if (not isinstance(pair, list) or len(pair) != 2 or any(not isinstance(v, int) or not 0 <= v <= 127 for v in pair)
            or pair[0] > pair[1]):
        raise PackageError(f"metadata '{key}' must be a [low, high] pair of MIDI notes")
    return pair


def _check_instrument(m: Dict[str, Any]) -> None:
    """The ``instrument`` section, as the C++ loader checks it."""
    _string(m, "instrument.name")
    _number(m, "instrument.gm_program", 0, 127, whole=True)
    low, high = _midi_range(m, "instrument.midi_range")
    comfort = _midi_range(m, "instrument.comfortable_range")
    if comfort[0] < low or comfort[1] > high:
        raise PackageError("metadata 'instrument.comfortable_range' must lie inside 'instrument.midi_range'")
    _number(m, "instrument.loudness_at_full_db", -100, 20)
    _number(m, "instrument.loudness_slope", 0.01, 10)
    if m["features"]["inputs"] != ["f0_hz", "loudness_db"]:
        raise PackageError("an instrument's metadata 'features.inputs' must be [f0_hz, loudness_db]")


def training_summary(training: Dict[str, Any]) -> str:
    """The model cards' line on a run: steps, minutes on one thread, the loss and its final value (null in
    the metadata when no step was trained)."""
    final = training.get("final_loss")
    return (f"{training['steps']} steps, {training['seconds'] / 60:.1f} min of training on one thread; loss "
            f"{training['loss']}; final training loss {'none (no step trained)' if final is None else final}")


def num_inputs(m: Dict[str, Any]) -> int:
    return sum(int(m["features"]["n_mels"]) if name == "log_mel" else 1 for name in m["features"]["inputs"])


def num_outputs(m: Dict[str, Any]) -> int:
    return 1 + int(m["outputs"]["num_harmonics"]) + int(m["outputs"]["noise_bands"])


def state_shapes(m: Dict[str, Any]) -> List[List[int]]:
    return [list(s["shape"]) for s in m["state"]]


@torch.no_grad()
def dry_run(module, m: Dict[str, Any], chunk: int = 1) -> None:
    """The loader's dry run on zeros; raises PackageError."""
    frames = int(m["context_frames"]) + chunk + int(m["lookahead_frames"])
    state = [torch.zeros(shape) for shape in state_shapes(m)]
    try:
        controls, new_state = module(torch.zeros(1, frames, num_inputs(m)), state)
    except Exception as error:  # noqa: BLE001 - any failure of the network is the package's fault
        raise PackageError(f"dry run failed: {str(error).splitlines()[0] if str(error) else error!r}") from None
    if not isinstance(controls, torch.Tensor) or tuple(controls.shape) != (1, chunk, num_outputs(m)):
        shape = tuple(controls.shape) if isinstance(controls, torch.Tensor) else type(controls).__name__
        raise PackageError(f"dry run returned controls {shape}, expected {(1, chunk, num_outputs(m))}")
    if not bool(torch.isfinite(controls).all()):
        raise PackageError("dry run returned non-finite controls")
    shapes = state_shapes(m)
    if len(new_state) != len(shapes) or any(list(s.shape) != shape for s, shape in zip(new_state, shapes)):
        raise PackageError(f"dry run returned state shapes {[list(s.shape) for s in new_state]}, "
                           f"declared {shapes}")


def check_package(path: Path) -> Dict[str, Any]:
    """Loads a package as the C++ loader would and returns its metadata; raises on any problem."""
    module, metadata = load_package(path)
    validate_metadata(metadata)
    dry_run(module, metadata)
    return metadata
