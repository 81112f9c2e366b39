#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes small `.mynah` packages, good and broken, for the C++ model loader's tests.

    /usr/bin/python3 models/training/make_test_packages.py OUTDIR

| file | what the loader should say |
|---|---|
| valid.mynah | loads: a tiny random VoiceResynth (context 4, no look-ahead, 8 harmonics, 4 noise bands, GRU state [1, 1, 8]) |
| lookahead.mynah | loads: the same network with context 2 and look-ahead 1 (for latency arithmetic) |
| nan_output.mynah | dry run returns non-finite controls |
| wrong_shape.mynah | dry run returns [1, 1, num_outputs - 1] |
| wrong_state.mynah | dry run returns a state of shape [1, 1, 9] where [1, 1, 8] is declared |
| no_metadata.mynah | TorchScript archive without mynah.json |
| bad_json.mynah | mynah.json is not valid JSON |
| unknown_version.mynah | format_version 99 |
| missing_field.mynah | metadata has no 'hop_samples' |
| not_torchscript.mynah | a zip archive that is not TorchScript |

Deterministic (seeded) and fast (a few seconds, mostly importing torch). Every package except the
last four passes mynah_train.package.validate_metadata; the good ones pass the Python dry run too.
"""
import json
import sys
import zipfile
from pathlib import Path
from typing import List, Tuple

import torch
from torch import Tensor, nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mynah_train.model import ModelConfig, VoiceResynth  # noqa: E402
from mynah_train.package import build_metadata, check_package, save_package, validate_metadata  # noqa: E402

TINY = dict(num_harmonics=8, noise_bands=4, conv_channels=8, hidden_size=8)


class NanOutput(nn.Module):
    def __init__(self, inner: nn.Module):
        super().__init__()
        self.inner = inner

    def forward(self, features: Tensor, state: List[Tensor]) -> Tuple[Tensor, List[Tensor]]:
        controls, new_state = self.inner(features, state)
        return controls + float("nan"), new_state


class WrongShape(nn.Module):
    def __init__(self, inner: nn.Module):
        super().__init__()
        self.inner = inner

    def forward(self, features: Tensor, state: List[Tensor]) -> Tuple[Tensor, List[Tensor]]:
        controls, new_state = self.inner(features, state)
        return controls[:, :, :-1], new_state


class WrongState(nn.Module):
    def __init__(self, inner: nn.Module):
        super().__init__()
        self.inner = inner

    def forward(self, features: Tensor, state: List[Tensor]) -> Tuple[Tensor, List[Tensor]]:
        controls, new_state = self.inner(features, state)
        return controls, [torch.zeros(1, 1, new_state[0].size(2) + 1)]


def tiny_model(config: ModelConfig) -> VoiceResynth:
    """Random weights, with outputs kept well below the model's clamps (amplitudes and gains <= 1), so
    that they move with the input and the state whatever the input (e.g. features all 0.5)."""
    model = VoiceResynth(config).eval()
    with torch.no_grad():
        model.head.bias.sub_(8.0)
        model.head.weight.mul_(10.0)
    return model


def metadata_for(config: ModelConfig, name: str) -> dict:
    return build_metadata(config, name=name, description="test package for the model loader (random weights)",
                          state_shapes=[[1, 1, config.hidden_size]], state_names=["gru_hidden"],
                          training={"data": "none (random weights)", "steps": 0, "final_loss": 0.0,
                                    "command": "models/training/make_test_packages.py", "seconds": 0.0},
                          metrics={}, targets=["test"])


def main(argv: List[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    config = ModelConfig(**TINY)
    model = tiny_model(config)
    scripted = torch.jit.script(model)
    meta = metadata_for(config, "test_valid")

    save_package(scripted, out / "valid.mynah", meta)
    look = ModelConfig(**TINY, context_frames=2, lookahead_frames=1)
    save_package(torch.jit.script(tiny_model(look)), out / "lookahead.mynah",
                 metadata_for(look, "test_lookahead"))
    short = ModelConfig(**TINY, f0_window_fraction=0.6)
    save_package(scripted, out / "short_yin.mynah", metadata_for(short, "test_short_yin"))
    window = metadata_for(config, "test_yin_window")
    window["features"]["f0_window_fraction"] = 2.0
    save_package(scripted, out / "bad_yin_window.mynah", window)
    save_package(torch.jit.script(NanOutput(model)), out / "nan_output.mynah", metadata_for(config, "test_nan"))
    save_package(torch.jit.script(WrongShape(model)), out / "wrong_shape.mynah", metadata_for(config, "test_shape"))
    save_package(torch.jit.script(WrongState(model)), out / "wrong_state.mynah", metadata_for(config, "test_state"))
    torch.jit.save(scripted, str(out / "no_metadata.mynah"))
    save_package(scripted, out / "bad_json.mynah", '{"format_version": 1, "name": "test_bad_json",')
    version = metadata_for(config, "test_version")
    version["format_version"] = 99
    save_package(scripted, out / "unknown_version.mynah", version)
    missing = metadata_for(config, "test_missing")
    del missing["hop_samples"]
    save_package(scripted, out / "missing_field.mynah", missing)
    with zipfile.ZipFile(out / "not_torchscript.mynah", "w") as z:
        z.writestr("not_torchscript/mynah.json", json.dumps(meta))
        z.writestr("not_torchscript/readme.txt", "a zip archive, but not a TorchScript module")

    # Self-check: the good packages pass the Python twin of the loader's checks, the broken ones fail it.
    for good in ("valid", "lookahead", "short_yin"):
        check_package(out / f"{good}.mynah")
    for bad in ("bad_yin_window", "nan_output", "wrong_shape", "wrong_state", "unknown_version", "missing_field", "bad_json",
                "no_metadata", "not_torchscript"):
        try:
            check_package(out / f"{bad}.mynah")
        except Exception:  # noqa: BLE001 - any refusal is what we want
            continue
        raise RuntimeError(f"{bad}.mynah passed the checks")
    validate_metadata(meta)
    print(f"wrote {len(list(out.glob('*.mynah')))} test packages to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
