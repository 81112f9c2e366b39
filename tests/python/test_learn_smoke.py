# SPDX-License-Identifier: GPL-3.0-or-later
"""CI smoke test of learning a voice (issue: "a short fine-tune whose loss must fall and whose output must
get measurably closer to the target"), a couple of minutes on two cores:

1. fine-tunes the shipped conversion base (models/zoo/voice_convert_base.pt) on a few training sentences of
   one corpus voice (the target) for a few dozen steps with vc_train.py;
2. the training loss falls (mean of the last steps below the mean of the first) and so does the
   validation conversion score vc_train.py chooses checkpoints by;
3. a held-out voice reading held-out sentences, converted by the fine-tuned model, is closer to the target
   reading them (mean mel-cepstral distortion, DTW-aligned: vc_metrics.py) than the same input converted
   by the base before fine-tuning (the base with only the target's mean timbre);
4. the layers a fine-tune keeps (vc_train.FROZEN_LAYERS) are exactly the base's, and every other layer learned;
5. vc_select.py, given two candidates (the fine-tune's final weights as last.pt, its starting point, the base
   with the target's statistics, as best.pt), converts the development set (1 sentence here) through the engine
   and writes the candidate with the fewer word errors (the lower validation MCD on a tie) to chosen.pt, with
   the choice recorded; the exported package carries it.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

from mynah_train import data, vc_select, vc_train
from mynah_train.export import export, load_model
from mynah_train.model import ModelConfig
from mynah_train.rendering import aligned, full_controls, latency_samples, synthesise
from mynah_train.vc_metrics import mcd_db, speech_cepstra

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "models/zoo/voice_convert_base.pt"
TARGET, SOURCE = "awb", "kal16"   # a target voice, and a held-out test source voice (voices.py)
STEPS = 150
TEST_SENTENCES = 3


def converted(model, config: ModelConfig, inputs: np.ndarray, num_samples: int) -> np.ndarray:
    audio = synthesise(full_controls(model, inputs, config), config)
    return aligned(audio.numpy(), num_samples, latency_samples(config))


def checkpoint_choice(run: Path, last, base, tmp: Path) -> list:
    """Check 5: the fine-tune's final weights against its starting point (step 0), chosen by vc_select."""
    candidates = tmp / "candidates"
    candidates.mkdir()
    parameters = {name for name, _ in base.named_parameters()}
    start = {k: (base.state_dict()[k] if k in parameters else v) for k, v in last["model"].items()}
    first = last["history"][0]
    torch.save(dict(last, step=0, model=start,
                    val_mr_distance=first.get("val_conversion_mcd_db", first["val_conversion_mr_distance"])),
               candidates / "best.pt")
    torch.save(last, candidates / "last.pt")
    chosen = vc_select.select(candidates, TARGET, sentences=1, jobs=1)
    saved = torch.load(candidates / "chosen.pt", map_location="cpu")
    table = saved.get("checkpoint_candidates", {})
    print(f"vc_select: {saved.get('checkpoint_choice')}")
    failures = []
    if set(table) != {"best", "last"}:
        return [f"chosen.pt records the candidates {sorted(table)}, not best and last"]
    expected = min(table, key=lambda n: (table[n]["word_error_rate"], table[n]["validation_mcd_db"]))
    if saved["step"] != table[expected]["step"]:
        failures.append(f"vc_select chose step {saved['step']}, not the fewer word errors (step {table[expected]['step']})")
    source = start if expected == "best" else last["model"]
    if not all(torch.equal(saved["model"][k], source[k]) for k in source):
        failures.append("chosen.pt's weights are not the chosen candidate's")
    if chosen["step"] != saved["step"]:
        failures.append("vc_select returned another checkpoint than it saved")
    metadata = export(candidates / "chosen.pt", tmp / "chosen.mynah", name="chosen", timing_calls=0)
    if metadata["training"].get("checkpoint_choice") != saved.get("checkpoint_choice"):
        failures.append("the exported package does not record the checkpoint choice")
    return failures


def main() -> int:
    torch.manual_seed(0)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "run"
        status = vc_train.main(["--out", str(run), "--init", str(BASE), "--target-voice", TARGET,
                                "--max-sentences", "24", "--max-steps", str(STEPS), "--val-utterances", "3",
                                "--checkpoint-seconds", "100000", "--log-steps", "20", "--lr", "5e-4",
                                "--warmup-steps", "10", "--batch", "6", "--crop-frames", "120"])
        if status != 0:
            print(f"FAIL: vc_train exited with {status}")
            return 1
        last = torch.load(run / "last.pt", map_location="cpu")
        losses = last["recent_losses"]
        first, final = float(np.mean(losses[:15])), float(np.mean(losses[-15:]))
        print(f"training loss: first 15 steps {first:.4f}, last 15 steps {final:.4f}")
        if not final < first:
            failures.append("the training loss did not fall")
        history = last["history"]
        start, end = history[0]["val_conversion_mr_distance"], history[-1]["val_conversion_mr_distance"]
        print(f"validation conversion score: {start:.4f} -> {end:.4f}")
        if not end < start:
            failures.append("the validation conversion score did not fall")

        tuned = load_model(torch.load(run / "best.pt", map_location="cpu"))
        base = load_model(torch.load(BASE, map_location="cpu"))
        kept = set(vc_train.FROZEN_LAYERS[vc_train.FREEZE])
        base_parameters = dict(base.named_parameters())
        unchanged = {name.split(".")[0] for name, p in tuned.named_parameters() if torch.equal(p, base_parameters[name])}
        learned = {name.split(".")[0] for name, _ in tuned.named_parameters()} - unchanged
        print(f"layers kept as the base's: {sorted(unchanged)}; learned: {sorted(learned)}")
        if unchanged != kept:
            failures.append(f"the fine-tune kept {sorted(unchanged)} as the base's, not {sorted(kept)}")
        base.set_voice_statistics(base.prior_log_mel, float(base.prior_log_f0), tuned.target_log_mel,
                                  float(tuned.target_log_f0))
        config = ModelConfig.from_dict(last["config"])
        before, after, unconverted = [], [], []
        for sentence in data.sentence_indices("test")[:TEST_SENTENCES]:
            source = data.load_or_make(data.UtteranceSpec(SOURCE, sentence, 0), config, data.default_cache_dir())
            target = data.load_or_make(data.UtteranceSpec(TARGET, sentence, 0), config, data.default_cache_dir())
            reference = speech_cepstra(target.audio)
            before.append(mcd_db(reference, speech_cepstra(converted(base, config, source.inputs, len(source.audio)))))
            after.append(mcd_db(reference, speech_cepstra(converted(tuned, config, source.inputs, len(source.audio)))))
            unconverted.append(mcd_db(reference, speech_cepstra(source.audio)))
        before, after, unconverted = float(np.mean(before)), float(np.mean(after)), float(np.mean(unconverted))
        print(f"MCD to the target ({SOURCE} -> {TARGET}, {TEST_SENTENCES} test sentences): unconverted "
              f"{unconverted:.2f} dB, base {before:.2f} dB, fine-tuned {after:.2f} dB")
        if not after < before:
            failures.append("the fine-tuned conversion is not closer to the target than the base's")
        failures += checkpoint_choice(run, last, base, Path(tmp))
    for f in failures:
        print(f"FAIL: {f}")
    if not failures:
        print("learn smoke test: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
