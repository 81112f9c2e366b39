# SPDX-License-Identifier: GPL-3.0-or-later
"""Trains the voice resynthesis model (model.py) on the flite corpus (data.py), on the CPU.

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.train --out DIR --minutes 30 [--resume]

Each step: a batch of random crops (``--crop-frames`` feature frames, context and look-ahead frames
around them) -> network -> torch twin of the C++ synthesiser (with precomputed C++ band noise) ->
multi-resolution STFT loss against the input audio, time-aligned by the feature latency (see
rendering.py). ``--minutes`` is the total training time across resumes; the learning rate follows a
cosine from ``--lr`` to ``--lr / 10`` over it.

Every ``--checkpoint-seconds`` the run saves ``DIR/last.pt`` (everything needed to resume) and scores
the validation set (val sentences by the training voices, data.py): the mean
``multi_resolution_spectral_distance`` of the resynthesis to its input. The best-scoring weights go to
``DIR/best.pt``, which export.py turns into a package: the checkpoint is chosen by that held-out score,
never by the training loss. Progress goes to stdout (one line per ``--log-steps`` steps).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import torch

from . import data, training_loop
from .inputs import silence_frame
from .fast_synth import FastHarmonicNoiseSynth
from .losses import MultiResolutionStftLoss
from .metrics import multi_resolution_spectral_distance
from .model import F0_FLOOR_HZ, ModelConfig, VoiceResynth, count_parameters, split_controls
from .rendering import aligned, full_controls, latency_samples, make_band_noise, make_synth, synthesise

WARM_UP_FRAMES = 2   # the synthesiser ramps up from silence over its first frame: not scored


def argument_parser(prog: str = "python3 -m mynah_train.train", description: str = __doc__.split("\n\n")[0],
                    conv_channels: int = ModelConfig.conv_channels, hidden_size: int = ModelConfig.hidden_size,
                    context_frames: int = ModelConfig.context_frames) -> argparse.ArgumentParser:
    """The options every resynthesis-style trainer shares (instrument_train.py adds its own)."""
    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("--out", required=True, type=Path, help="run folder (checkpoints)")
    training_loop.add_budget_arguments(p, default_minutes=30.0)
    p.add_argument("--resume", action="store_true", help="continue DIR/last.pt")
    p.add_argument("--data", type=Path, default=None, help="corpus cache (default ~/.cache/mynah/data)")
    p.add_argument("--variants", type=int, default=3, help="renditions per training sentence and voice "
                                                           "(1 plain + perturbed ones)")
    p.add_argument("--max-sentences", type=int, default=None, help="use only the first N sentences per split")
    p.add_argument("--val-utterances", type=int, default=24, help="validation utterances scored per checkpoint")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--crop-frames", type=int, default=200, help="frames per training crop (200 = 1 s)")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup-steps", type=int, default=200, help="linear learning-rate warm-up")
    p.add_argument("--checkpoint-seconds", type=float, default=60.0)
    p.add_argument("--log-steps", type=int, default=50)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--conv-channels", type=int, default=conv_channels)
    p.add_argument("--hidden-size", type=int, default=hidden_size)
    p.add_argument("--context-frames", type=int, default=context_frames)
    p.add_argument("--lookahead-frames", type=int, default=ModelConfig.lookahead_frames)
    return p


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    return argument_parser().parse_args(argv)


def model_config(args: argparse.Namespace) -> ModelConfig:
    return ModelConfig(conv_channels=args.conv_channels, hidden_size=args.hidden_size,
                       context_frames=args.context_frames, lookahead_frames=args.lookahead_frames)


def input_statistics(utterances: List[data.Utterance]) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean and standard deviation of the transformed inputs (F0 -> ln max(f0, 50)) over all frames."""
    x = np.concatenate([u.inputs for u in utterances], 0).astype(np.float64)
    x[:, 0] = np.log(np.maximum(x[:, 0], F0_FLOOR_HZ))
    return torch.tensor(x.mean(0), dtype=torch.float32), torch.tensor(x.std(0), dtype=torch.float32)


class CropSampler:
    """Random training crops: features [B, context + L + lookahead, C] and the aligned input audio [B, L * hop]."""

    def __init__(self, utterances: List[data.Utterance], config: ModelConfig, crop_frames: int):
        self.config = config
        self.crop = crop_frames
        latency = latency_samples(config)
        fill = silence_frame(config.n_mels, config.inputs)
        self.inputs, self.targets = [], []
        for u in utterances:
            frames = np.concatenate([np.repeat(fill[None], config.context_frames, 0), u.inputs,
                                     np.repeat(fill[None], config.lookahead_frames, 0)], 0)
            # output sample s of a crop starting at frame a stands for input sample a * hop + s - latency
            audio = np.concatenate([np.zeros(latency, np.float32), u.audio])
            if u.inputs.shape[0] >= crop_frames:
                self.inputs.append(frames)
                self.targets.append(audio)
        if not self.inputs:
            raise ValueError(f"no utterance has {crop_frames} frames")
        lengths = np.array([f.shape[0] - config.context_frames - config.lookahead_frames for f in self.inputs])
        self.weights = (lengths - crop_frames + 1) / np.sum(lengths - crop_frames + 1)
        self.last_indices = np.zeros(0, dtype=int)   # which utterances the last batch came from

    def sample(self, batch: int, rng: np.random.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        c, hop, span = self.config, self.config.hop_samples, self.crop
        window = c.context_frames + span + c.lookahead_frames
        xs, ys = [], []
        self.last_indices = rng.choice(len(self.inputs), size=batch, p=self.weights)
        for i in self.last_indices:
            frames = self.inputs[i].shape[0] - c.context_frames - c.lookahead_frames
            a = int(rng.integers(0, frames - span + 1))
            xs.append(self.inputs[i][a:a + window])
            y = self.targets[i][a * hop:(a + span) * hop]
            ys.append(np.pad(y, (0, span * hop - len(y))))
        return torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ys))


class Trainer:
    model_class = VoiceResynth   # the network trained (vc_train.py trains VoiceConvert)

    def __init__(self, args: argparse.Namespace, config: ModelConfig):
        self.args, self.config = args, config
        self.model = self.model_class(config)
        self.synth = make_synth(config)
        self.train_synth = FastHarmonicNoiseSynth(self.synth)
        self.loss = MultiResolutionStftLoss()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=args.lr)
        self.noise = make_band_noise(config, 30 * int(config.sample_rate_hz), seed=7)
        self.step = 0
        self.seconds = 0.0           # training seconds so far (across resumes)
        self.best_score = math.inf
        self.best_step = -1
        self.history: List[Dict[str, float]] = []
        self.recent_losses: List[float] = []
        self.validation_noise: Optional[torch.Tensor] = None

    def learning_rate(self) -> float:
        """Linear warm-up, then a cosine from the full rate down to a tenth over the run's budget."""
        fraction = training_loop.budget_fraction(self.args, self.step, self.seconds)
        warm = min(1.0, (self.step + 1) / max(1, self.args.warmup_steps))
        return self.args.lr * warm * (0.1 + 0.9 * 0.5 * (1.0 + math.cos(math.pi * fraction)))

    def begin_step(self) -> None:
        """Training mode and this step's learning rate, before the network runs."""
        self.model.train()
        for group in self.optimizer.param_groups:
            group["lr"] = self.learning_rate()

    def synthesise_and_step(self, controls: torch.Tensor, target: torch.Tensor, noise_offsets: np.ndarray) -> float:
        """Renders the controls (noise from the bank at the given offsets), takes the loss against the
        target after the warm-up frames, and one optimiser step; returns the loss."""
        f0, amplitudes, gains = split_controls(controls, self.config.num_harmonics)
        length = target.shape[1]
        noise = torch.stack([self.noise[:, o:o + length] for o in noise_offsets])
        audio = self.train_synth(f0, amplitudes, gains, noise)
        skip = WARM_UP_FRAMES * self.config.hop_samples
        loss = self.loss(target[:, skip:], audio[:, skip:])
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.optimizer.step()
        self.step += 1
        return float(loss)

    def train_step(self, features: torch.Tensor, target: torch.Tensor) -> float:
        self.begin_step()
        controls, _ = self.model(features, self.model.initial_state(features.shape[0]))
        offsets = np.random.randint(0, self.noise.shape[1] - target.shape[1], size=features.shape[0])
        return self.synthesise_and_step(controls, target, offsets)

    def validate(self, utterances: List[data.Utterance]) -> float:
        """Mean MR spectral distance of the resynthesis to its input (one-pass inference, seed-1 noise)."""
        self.model.eval()
        c = self.config
        latency = latency_samples(c)
        scores = []
        for u in utterances:
            controls = full_controls(self.model, u.inputs, c)
            audio = synthesise(controls, c, self.synth, self.validation_noise)
            scores.append(multi_resolution_spectral_distance(u.audio, aligned(audio.numpy(), len(u.audio), latency)))
        return float(np.mean(scores))

    def state(self) -> Dict:
        return {"config": self.config.to_dict(), "model": self.model.state_dict(),
                "optimizer": self.optimizer.state_dict(), "step": self.step, "seconds": self.seconds,
                "best_score": self.best_score, "best_step": self.best_step, "history": self.history,
                "recent_losses": self.recent_losses[-1000:],
                "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(self.args).items()}}

    def load(self, checkpoint: Dict) -> None:
        self.model.load_weights(checkpoint["model"])
        self.optimizer.load_state_dict(checkpoint["optimizer"])
        self.step, self.seconds = checkpoint["step"], checkpoint["seconds"]
        self.best_score, self.best_step = checkpoint["best_score"], checkpoint["best_step"]
        self.history = checkpoint["history"]
        self.recent_losses = list(checkpoint.get("recent_losses", []))


def save_atomic(obj, path: Path) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def select_validation(utterances: List[data.Utterance], count: int) -> List[data.Utterance]:
    """An even spread over voices, sentences and variants."""
    if count >= len(utterances):
        return utterances
    picks = np.linspace(0, len(utterances) - 1, count).round().astype(int)
    return [utterances[i] for i in picks]


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        last_path, best_path, checkpoint = training_loop.start(args)
    except training_loop.ResumeError as e:
        print(e, file=sys.stderr)
        return 2
    if checkpoint is not None:
        config = ModelConfig.from_dict(checkpoint["config"])
    else:
        config = model_config(args)

    started = time.time()
    print(f"corpus: {data.corpus_dir(args.data or data.default_cache_dir(), config)}", flush=True)
    train_set = data.load_corpus(data.specs("train", range(args.variants), max_sentences=args.max_sentences),
                                 config, args.data, progress=True)
    val_set = data.load_corpus(data.specs("val", (0, 1), max_sentences=args.max_sentences), config, args.data)
    val_set = select_validation(val_set, args.val_utterances)
    print(f"corpus ready in {time.time() - started:.0f} s: {len(train_set)} training utterances "
          f"({sum(len(u.audio) for u in train_set) / config.sample_rate_hz / 60:.1f} min), "
          f"{len(val_set)} validation utterances", flush=True)

    return train_on_crops(args, Trainer(args, config), config, train_set, val_set, checkpoint, last_path, best_path)


def train_on_crops(args, trainer: Trainer, config: ModelConfig, train_set, val_set, checkpoint: Optional[Dict],
                   last_path: Path, best_path: Path, facts: Optional[Dict] = None) -> int:
    """The part of a run that train.py and instrument_train.py share: resume or set the input
    normalisation, train on random crops, and at every checkpoint score the validation set (MR spectral
    distance), keep the best as best_path and the latest as last_path (both resumable; ``facts`` are
    stored in both for the exporter). Returns the process exit status."""
    facts = facts or {}
    if checkpoint is not None:
        trainer.load(checkpoint)
        print(f"resumed at step {trainer.step}, {trainer.seconds / 60:.1f} min trained, "
              f"best validation {trainer.best_score:.4f} at step {trainer.best_step}", flush=True)
    else:
        mean, std = input_statistics(train_set)
        trainer.model.set_normalisation(mean, std)
    trainer.validation_noise = make_band_noise(config, max(len(u.audio) for u in val_set) + 4096)
    sampler = CropSampler(train_set, config, args.crop_frames)
    rng = np.random.default_rng(args.seed + trainer.step)
    np.random.seed((args.seed + trainer.step) % 2**32)
    print(f"model: {count_parameters(trainer.model)} parameters; batch {args.batch} x {args.crop_frames} frames; "
          f"training for {args.minutes} min in total", flush=True)

    def checkpoint_now() -> None:
        t = time.time()
        score = trainer.validate(val_set)
        losses = trainer.recent_losses[-args.log_steps * 4:]
        entry = {"step": trainer.step, "seconds": round(trainer.seconds, 1), "val_mr_distance": score,
                 "train_loss": float(np.mean(losses)) if losses else float("nan")}
        trainer.history.append(entry)
        improved = score < trainer.best_score
        if improved:
            trainer.best_score, trainer.best_step = score, trainer.step
        # each checkpoint records its own scores (export.py writes them into the package)
        state = {**trainer.state(), **facts, "val_mr_distance": score, "train_loss": entry["train_loss"]}
        if improved:
            save_atomic(state, best_path)
        save_atomic(state, last_path)
        (args.out / "history.json").write_text(json.dumps(trainer.history, indent=1))
        print(f"checkpoint step {trainer.step}: validation MR distance {score:.4f}"
              f"{' (best)' if improved else f' (best {trainer.best_score:.4f} at step {trainer.best_step})'}"
              f" [{time.time() - t:.1f} s]", flush=True)

    if checkpoint is None:
        checkpoint_now()  # the untrained model's score, for reference
    status = training_loop.run(args, trainer, lambda: trainer.train_step(*sampler.sample(args.batch, rng)),
                               checkpoint_now, last_path)
    if status == 0:
        print(f"done: {trainer.step} steps, {trainer.seconds / 60:.1f} min; best validation MR distance "
              f"{trainer.best_score:.4f} at step {trainer.best_step} -> {best_path}", flush=True)
    return status

if __name__ == "__main__":
    sys.exit(main())
