#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""CI smoke test of the training pipeline (well under a minute on two cores):

1. the held-F0 rule and the silence frame (inputs.py);
2. the fast training synthesiser equals the parity-tested torch synthesiser;
3. a tiny flite corpus (3 training sentences x 3 voices x 2 renditions, 1 validation sentence) in a
   temporary cache, 20 training steps, a checkpoint; the training loss must go down;
4. export to a .mynah package, reload, the loader's checks and dry run, streaming in 2-frame chunks
   equals one pass (export.py does these), controls of the right shape, finite and >= 0; a checkpoint
   without a training loss exports it as null (valid JSON), and the model card says no step was trained.

    PYTHONPATH=models/training MYNAH_BUILD_DIR=build /usr/bin/python3 models/training/smoke_test.py
"""
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mynah_train import inputs, train  # noqa: E402
from mynah_train.export import export  # noqa: E402
from mynah_train.fast_synth import FastHarmonicNoiseSynth  # noqa: E402
from mynah_train.model import ModelConfig  # noqa: E402
from mynah_train.package import load_package, state_shapes, training_summary  # noqa: E402
from mynah_train.rendering import make_band_noise, make_synth, stream_controls  # noqa: E402


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)
    print(f"ok: {message}", flush=True)


def check_inputs() -> None:
    f0 = np.array([0, 120, 0, 130, 0, 0], np.float32)
    voiced = np.array([0, 1, 0, 1, 0, 0], bool)
    check(inputs.held_f0(f0, voiced).tolist() == [0, 120, 120, 130, 130, 130], "held F0 rule")
    frame = inputs.silence_frame(80)
    check(frame.shape == (84,) and frame[3] == -100.0 and abs(frame[4] - np.log(np.float32(1e-7))) < 1e-6,
          "silence frame")


def check_fast_synth() -> None:
    config = ModelConfig()
    reference = make_synth(config)
    fast = FastHarmonicNoiseSynth(reference)
    g = torch.Generator().manual_seed(0)
    frames = 60
    f0 = 90.0 + 200.0 * torch.rand(2, frames, generator=g)
    f0[:, :5] = 0.0
    f0[1, 30:40] = 0.0
    amplitudes = 0.02 * torch.rand(2, frames, config.num_harmonics, generator=g)
    gains = 0.02 * torch.rand(2, frames, config.noise_bands, generator=g)
    noise = make_band_noise(config, frames * config.hop_samples)[None].expand(2, -1, -1)
    a = reference(f0, amplitudes, gains, noise)
    b = fast(f0, amplitudes, gains, noise)
    check(float((a - b).abs().max()) <= 1e-4 * float(a.abs().max()), "fast training synth == torch synth (1e-4 of peak)")


def main() -> int:
    started = time.time()
    torch.set_num_threads(1)
    check_inputs()
    check_fast_synth()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run = work / "run"
        code = train.main(["--out", str(run), "--data", str(work / "data"), "--max-sentences", "3", "--variants", "2",
                           "--max-steps", "20", "--minutes", "5", "--batch", "4", "--crop-frames", "100",
                           "--lr", "3e-3", "--warmup-steps", "1", "--val-utterances", "3", "--log-steps", "5",
                           "--checkpoint-seconds", "1000", "--conv-channels", "64", "--hidden-size", "64"])
        check(code == 0, "training ran")
        last = torch.load(run / "last.pt")
        losses = last["recent_losses"]
        check(last["step"] == 20 and len(losses) == 20, "20 training steps")
        check(np.mean(losses[-5:]) < 0.9 * np.mean(losses[:5]),
              f"training loss went down ({np.mean(losses[:5]):.3f} -> {np.mean(losses[-5:]):.3f})")
        check((run / "best.pt").exists(), "best checkpoint chosen by validation")

        package = work / "smoke.mynah"
        metadata = export(run / "best.pt", package, name="smoke", timing_calls=100)
        check(package.exists(), "exported, reloaded, dry run and streaming check passed")
        module, meta = load_package(package)
        check(meta == metadata and meta["format_version"] == 1, "metadata round trip")
        config = ModelConfig.from_dict(torch.load(run / "best.pt")["config"])
        frames = np.repeat(inputs.silence_frame(config.n_mels)[None], 7, 0)
        frames[:, 0], frames[:, 1], frames[:, 3], frames[:, 4:] = 150.0, 1.0, -20.0, -5.0
        controls = stream_controls(module, frames, config.context_frames, config.lookahead_frames,
                                   state_shapes(meta), chunk=2)
        check(tuple(controls.shape) == (7, config.num_outputs), f"controls shape {tuple(controls.shape)}")
        check(bool(torch.isfinite(controls).all()) and bool((controls >= 0).all()), "controls finite and >= 0")
        check(bool((controls[:, 0] == 150.0).all()), "output F0 = held input F0")

        # a run exported before its first step has no training loss: JSON null, not NaN (which is not JSON)
        untrained = torch.load(run / "best.pt")
        untrained["train_loss"] = float("nan")
        torch.save(untrained, work / "untrained.pt")
        meta = export(work / "untrained.pt", work / "untrained.mynah", name="untrained", timing_calls=10)
        check(meta["training"]["final_loss"] is None, "no training loss exported as null")
        check(training_summary(meta["training"]).endswith("final training loss none (no step trained)"),
              "the model card says no step was trained")
    print(f"smoke test passed in {time.time() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
