# SPDX-License-Identifier: GPL-3.0-or-later
"""Trains the voice conversion network (vc_model.py) on the CPU: a base model on many voices, then a
target by fine-tuning the base on the target's own speech alone (no transcripts, no parallel data).

    # base model: every training voice of the generated corpus (data.py), each its own target
    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.vc_train --out RUN_BASE --minutes 20
    # a target from the corpus, or from recordings (any rate; mono mix)
    ... -m mynah_train.vc_train --out RUN_SLT --init RUN_BASE/best.pt --target-voice slt --minutes 6
    ... -m mynah_train.vc_train --out RUN_ME --init RUN_BASE/best.pt --wav me1.wav me2.flac --minutes 6

Each step: random crops of a voice's input frames, perturbed (perturb.py: formants, F0, tilt, EQ,
level, noise), go through the network, which must render that voice's clean audio (the torch twin of
the C++ synthesiser, multi-resolution STFT loss, F0 taken from the clean audio). The network's
"target timbre" is that voice's mean log-mel: one voice when fine-tuning, each crop's own voice for the
base. The running means the network normalises with start as a long-running stream would have them
(the crop's own means) in most crops and from zero (a fresh stream) in the others.

Checkpoints are chosen by a conversion score, never by the training loss. A corpus target
(``--target-voice``): the mean MCD (vc_metrics.py) of the validation source voices
(voices.VALIDATION_SOURCE_VOICES: never trained on, never in the test) reading validation sentences,
converted as in use, against the target reading the same sentences. Recordings and the base model have
no such pairs: their validation speech is converted from fixed strong perturbations (formant warps 0.82
and 1.22 and the other draws of perturb.py; a fresh stream, as in use) and scored by its
multi-resolution spectral distance to the clean speech. ``DIR/last.pt`` resumes (``--resume``);
``DIR/best.pt`` is what export.py packages (vc_base.py for the base weights). For a corpus target,
vc_select.py then weighs ``best.pt`` against ``last.pt`` (the final weights) by the word errors of
validation sentences read by the other targets, and writes the one it keeps to ``DIR/chosen.pt``.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from . import data, training_loop
from .inputs import LOG_MEL_FLOOR
from .metrics import multi_resolution_spectral_distance
from .model import F0_FLOOR_HZ, ModelConfig, count_parameters
from .perturb import Perturbation
from .recordings import recording_utterances
from .rendering import aligned, latency_samples, make_band_noise, padded_inputs, synthesise
from .train import CropSampler, Trainer, save_atomic, select_validation
from .vc_metrics import mcd_db, speech_cepstra
from .vc_model import STATS_GATE_DB, VoiceConvert
from .voices import PRETRAINING_VOICES, TARGET_VOICES, VALIDATION_SOURCE_VOICES

TTS_LICENCE = ("speech synthesised locally with Debian's flite 2.2 (CMU voices, BSD-like licence, "
               "/usr/share/doc/libflite1/copyright), festival 2.5 (festvox voices, free licences, "
               "/usr/share/doc/festvox-*/copyright) and espeak-ng 1.51 (GPL-3.0-or-later) reading Mynah's own "
               "sentences (models/training/mynah_train/sentences.txt, GPL-3.0-or-later)")
FRESH_STREAM_FRACTION = 0.3
VALIDATION_WARPS = (0.82, 1.22)
VALIDATION_SENTENCES = 4   # per validation source voice, for a corpus target's conversion score
# The analysis of a new base model, chosen for latency (docs/BENCHMARKS.md): a 400-point FFT and a YIN
# window of 0.6 x the longest lag with a 60 Hz floor make a 431-sample (27 ms) history, centred 13.5 ms
# back, and the engine calls the network once per 5 ms frame. Fine-tunes inherit their base's analysis.
BASE_FFT_SIZE = 400
BASE_F0_MIN_HZ = 60.0
BASE_F0_WINDOW_FRACTION = 0.6
REALTIME_CHUNK_FRAMES = 1
# Formant warp alpha = (target / input register) ^ 0.3 (vc_model.py): with 0.2, 0.3 or 0.45, a global EQ after
# the warp brought the validation voices equally closer to the targets (docs/QUALITY.md); the middle one.
FORMANT_WARP_EXPONENT = 0.3
# The input's own spectral detail kept in the network's starting point (vc_model.py). Chosen on the validation
# voices (10 val sentences x 3 sources; first the bars met, then word errors; docs/QUALITY.md): with all of it,
# as the base keeps, the speaker check failed (33 / 70 / 60 % heard as awb / rms / slt); with none or half,
# every bar was met, half with the fewest word errors (mean WER 80.2 %, none 80.7 %, all 85.4 %; sources 83 %).
# Validation conversion MCD (slt / awb / rms): half 3.083 / 2.584 / 2.617 dB, none 2.926 / 2.462 / 2.500, all
# 3.341 / 2.846 / 2.868. A fine-tune from the base switches within its first ~150 steps (test_learn_smoke.py).
SOURCE_DETAIL = 0.5
# What a fine-tune leaves as the base trained it (--freeze): the base learned its input convolutions from many
# voices; a fine-tune on one voice alone that retrains them too learns to hear that voice's phonetics only.
# Measured on the other targets' val sentences (clear sources, never trained on by the fine-tune; docs/QUALITY.md):
# keeping the convolutions lowered the word error rate from 60 / 57 / 45 % to 57 / 48 / 42 % (slt / awb / rms;
# sources 28 / 23 / 34 %) at the same MCD; keeping the GRU as well (only the head learning): 62 / 60 / 41 %.
FROZEN_LAYERS = {"none": (), "front": ("conv1", "conv2")}
FREEZE = "front"


def frozen_layers(init: Optional[object], freeze: str) -> Tuple[str, ...]:
    """The layers a run keeps as its base trained them: ``freeze``'s for a fine-tune (a run with ``--init``),
    none for a base (training and the exporter's record both ask here)."""
    return FROZEN_LAYERS[freeze] if init else ()


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m mynah_train.vc_train", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, type=Path, help="run folder (checkpoints)")
    p.add_argument("--init", type=Path, default=None, help="start from this checkpoint (a base model)")
    p.add_argument("--target-voice", default=None, help="fine-tune on this corpus voice (data.py)")
    p.add_argument("--wav", type=Path, nargs="*", default=[], help="fine-tune on these recordings")
    p.add_argument("--voices", nargs="*", default=None,
                   help="base model voices (default: voices.TARGET_VOICES + voices.PRETRAINING_VOICES)")
    training_loop.add_budget_arguments(p, default_minutes=20.0)
    p.add_argument("--resume", action="store_true", help="continue DIR/last.pt")
    p.add_argument("--data", type=Path, default=None, help="corpus cache (default ~/.cache/mynah/data)")
    p.add_argument("--variants", type=int, default=1, help="corpus renditions per sentence (base model)")
    p.add_argument("--max-sentences", type=int, default=None, help="use only the first N sentences per split")
    p.add_argument("--val-utterances", type=int, default=12)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--crop-frames", type=int, default=160)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup-steps", type=int, default=100)
    p.add_argument("--checkpoint-seconds", type=float, default=60.0)
    p.add_argument("--log-steps", type=int, default=25)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--conv-channels", type=int, default=192)
    p.add_argument("--hidden-size", type=int, default=192)
    p.add_argument("--context-frames", type=int, default=4)
    p.add_argument("--formant-warp-exponent", type=float, default=FORMANT_WARP_EXPONENT,
                   help="formants follow the register to this power (vc_model.py; 0: no warp); a resumed run keeps its own")
    p.add_argument("--freeze", choices=sorted(FROZEN_LAYERS), default=FREEZE,
                   help="layers a fine-tune leaves as the base trained them: none, or front (the two input convolutions)")
    p.add_argument("--source-detail", type=float, default=SOURCE_DETAIL,
                   help="share of the input's spectral detail in the starting point (vc_model.py); a resumed run keeps its own")
    return p.parse_args(argv)


def voice_means(frames: Sequence[np.ndarray]) -> tuple[np.ndarray, float]:
    """Mean log-mel over input frames louder than the statistics gate, and mean log-F0 over voiced frames."""
    x = np.concatenate(frames, 0)
    loud = x[:, 3] > STATS_GATE_DB
    voiced = (x[:, 1] > 0.5) & (x[:, 0] > 0)
    log_mel = x[loud, 4:].mean(0) if np.any(loud) else np.full(x.shape[1] - 4, LOG_MEL_FLOOR)
    log_f0 = float(np.log(x[voiced, 0]).mean()) if np.any(voiced) else math.log(140.0)
    return log_mel.astype(np.float32), log_f0


def normalised_inputs(u: data.Utterance, log_mel_mean: np.ndarray, log_f0_mean: float) -> np.ndarray:
    """The network's input before standardisation, with the utterance's voice means removed."""
    x = u.inputs.astype(np.float64).copy()
    voiced = x[:, 0] > 0
    x[:, 0] = np.where(voiced, np.log(np.maximum(x[:, 0], F0_FLOOR_HZ)) - log_f0_mean, 0.0)
    x[:, 4:] -= log_mel_mean
    return x


class VoiceSet:
    """Utterances grouped by voice, with each voice's means."""

    def __init__(self, utterances: Dict[str, List[data.Utterance]]):
        self.voices = sorted(utterances)
        self.utterances = [u for v in self.voices for u in utterances[v]]
        self.voice_of = [i for i, v in enumerate(self.voices) for _ in utterances[v]]
        means = [voice_means([u.inputs for u in utterances[v]]) for v in self.voices]
        self.log_mel = np.stack([m[0] for m in means])
        self.log_f0 = np.array([m[1] for m in means])

    def targets(self, voices: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        """The conversion targets of these voice indices: mean log-mel [B, n_mels] and mean log-F0 [B, 1]."""
        return (torch.from_numpy(self.log_mel[voices]),
                torch.tensor(self.log_f0[voices], dtype=torch.float32).reshape(-1, 1))


class ConversionTrainer(Trainer):
    model_class = VoiceConvert

    perturbation: Perturbation   # set with the exponent (set_formant_warp_exponent) before the first step

    def set_formant_warp_exponent(self, exponent: float) -> None:
        """The network's formant warp (vc_model.py) and the part of the perturbation's warp that follows
        its F0 draw (perturb.py): one exponent, so that the network learns to undo the rest."""
        self.model.set_formant_warp_exponent(exponent)
        self.perturbation = Perturbation(self.config, warp_follows_f0=exponent)

    def stream_state(self, frames: np.ndarray, rng: np.random.Generator) -> List[torch.Tensor]:
        """The state a stream would carry into these frames: the frames' own means (a long-running
        stream), or zeros (a fresh one)."""
        m, c = self.model, self.config
        state = [torch.zeros(1, 1, c.hidden_size), torch.zeros(1, 1, 3 + c.n_mels),
                 torch.zeros(c.context_frames, 1, 1 + c.n_mels)]
        if rng.random() < FRESH_STREAM_FRACTION:
            return state
        log_mel, log_f0 = voice_means([frames])
        means = torch.cat([torch.tensor([log_f0]) - m.prior_log_f0, torch.from_numpy(log_mel) - m.prior_log_mel])
        state[1][0, 0] = torch.cat([torch.tensor([m.max_count, m.f0_max_count]), means])
        state[2][:, 0] = means
        return state

    def batch_state(self, frames: np.ndarray, rng: np.random.Generator) -> List[torch.Tensor]:
        states = [self.stream_state(f, rng) for f in frames]
        return [torch.cat([s[i] for s in states], dim=1) for i in range(3)]

    def conversion_step(self, clean: torch.Tensor, target: torch.Tensor, voices: np.ndarray,
                        voice_set: VoiceSet, rng: np.random.Generator) -> float:
        c = self.config
        self.begin_step()
        frames = np.stack([self.perturbation.apply(f, rng) for f in clean.numpy()])
        state = self.batch_state(frames, rng)
        now = slice(c.context_frames, clean.shape[1] - c.lookahead_frames)
        f0 = clean[:, now, :1]
        controls, _ = self.model.convert(torch.from_numpy(frames), state, *voice_set.targets(voices), f0)
        offsets = rng.integers(0, self.noise.shape[1] - target.shape[1], size=clean.shape[0])
        return self.synthesise_and_step(controls, target, offsets)

    @torch.no_grad()
    def conversion_score(self, utterances: Sequence[data.Utterance], voices: Sequence[int],
                         voice_set: VoiceSet) -> float:
        """Mean MR spectral distance of held-out speech converted from fixed strong perturbations."""
        self.model.eval()
        c = self.config
        latency = latency_samples(c)
        scores = []
        for n, (u, v) in enumerate(zip(utterances, voices)):
            for warp in VALIDATION_WARPS:
                rng = np.random.default_rng(1000 * n + int(warp * 100))
                frames = padded_inputs(self.perturbation.apply(u.inputs, rng, warp=warp), c.context_frames,
                                       c.lookahead_frames)
                clean_f0 = torch.from_numpy(u.inputs[None, :, :1])
                controls, _ = self.model.convert(torch.from_numpy(frames)[None], self.model.initial_state(1),
                                                 *voice_set.targets(np.array([v])), clean_f0)
                audio = synthesise(controls[0], c, self.synth, self.validation_noise)
                scores.append(multi_resolution_spectral_distance(u.audio, aligned(audio.numpy(), len(u.audio),
                                                                                  latency)))
        return float(np.mean(scores))

    @torch.no_grad()
    def parallel_conversion_mcd(self, pairs: Sequence[tuple[data.Utterance, np.ndarray]]) -> float:
        """Mean MCD (dB, DTW-aligned, vc_metrics.py) of validation sources converted as in use (a fresh
        stream, the model's own F0 mapping) to the target reading the same sentences (cepstra given)."""
        self.model.eval()
        c = self.config
        scores = []
        for source, reference in pairs:
            frames = padded_inputs(source.inputs, c.context_frames, c.lookahead_frames)
            controls, _ = self.model(torch.from_numpy(frames)[None], self.model.initial_state(1))
            audio = synthesise(controls[0], c, self.synth, self.validation_noise)
            scores.append(mcd_db(reference, speech_cepstra(aligned(audio.numpy(), len(source.audio),
                                                                   latency_samples(c)))))
        return float(np.mean(scores))

    def state(self) -> Dict:
        s = super().state()
        s["model_class"] = "VoiceConvert"
        return s


def load_sets(args: argparse.Namespace, config: ModelConfig) -> tuple[VoiceSet, VoiceSet, str]:
    """Training and validation voice sets, and a sentence for the model card's data field."""
    if args.wav:
        train, val = recording_utterances(args.wav, config)
        name = "target"
        return VoiceSet({name: train}), VoiceSet({name: val}), f"recordings: {', '.join(p.name for p in args.wav)}"
    voices = [args.target_voice] if args.target_voice else (args.voices or TARGET_VOICES + PRETRAINING_VOICES)
    variants = range(args.variants) if not args.target_voice else (0,)
    train = data.load_corpus(data.specs("train", variants, voices=voices, max_sentences=args.max_sentences),
                             config, args.data, progress=True)
    val = data.load_corpus(data.specs("val", (0,), voices=voices, max_sentences=args.max_sentences), config, args.data)
    group = lambda us: {v: [u for u in us if u.spec.voice == v] for v in voices}  # noqa: E731
    description = (f"{TTS_LICENCE}; voices {', '.join(voices)}, train sentences (i % 10 not in (0, 5))"
                   f"{'' if args.max_sentences is None else f', the first {args.max_sentences}'}, "
                   f"{len(variants)} rendition(s) each")
    return VoiceSet(group(train)), VoiceSet(group(val)), description


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    if args.wav and args.target_voice:
        print("vc_train: give --target-voice or --wav, not both", file=sys.stderr)
        return 2
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    last_path, best_path = args.out / "last.pt", args.out / "best.pt"
    source = last_path if args.resume else args.init
    checkpoint = torch.load(source, map_location="cpu") if source is not None else None
    if args.resume and checkpoint is None:
        print(f"--resume: {last_path} does not exist", file=sys.stderr)
        return 2
    config = (ModelConfig.from_dict(checkpoint["config"]) if checkpoint is not None else
              ModelConfig(conv_channels=args.conv_channels, hidden_size=args.hidden_size,
                          context_frames=args.context_frames, fft_size=BASE_FFT_SIZE, f0_min_hz=BASE_F0_MIN_HZ,
                          f0_window_fraction=BASE_F0_WINDOW_FRACTION))

    started = time.time()
    train_set, val_set, data_description = load_sets(args, config)
    picks = select_validation(list(range(len(val_set.utterances))), args.val_utterances)
    val_utts = [val_set.utterances[i] for i in picks]
    val_voices = [train_set.voices.index(val_set.voices[val_set.voice_of[i]]) for i in picks]
    print(f"data ready in {time.time() - started:.0f} s: {len(train_set.utterances)} training utterances "
          f"({sum(len(u.audio) for u in train_set.utterances) / config.sample_rate_hz / 60:.1f} min) of "
          f"{len(train_set.voices)} voice(s), {len(val_utts)} validation utterances", flush=True)

    # A corpus target is scored by real conversions: validation voices (never trained on, never tested)
    # reading validation sentences, against the target reading them. Recordings have no such pairs: they
    # are scored by the perturbed-input proxy (conversion_score).
    pairs = []
    if args.target_voice:
        for i in data.sentence_indices("val", VALIDATION_SENTENCES):
            reference = data.load_or_make(data.UtteranceSpec(args.target_voice, i, 0), config,
                                          args.data or data.default_cache_dir())
            for voice in VALIDATION_SOURCE_VOICES:
                source = data.load_or_make(data.UtteranceSpec(voice, i, 0), config, args.data or data.default_cache_dir())
                pairs.append((source, speech_cepstra(reference.audio)))
        print(f"checkpoints chosen by the MCD of {len(pairs)} validation conversions "
              f"({', '.join(VALIDATION_SOURCE_VOICES)} -> {args.target_voice})", flush=True)

    trainer = ConversionTrainer(args, config)
    fine_tune = args.init is not None and not args.resume
    if fine_tune:
        data_description += (f"; fine-tuned from {args.init.name} ({checkpoint.get('step', '?')} steps on: "
                             f"{checkpoint.get('data_description', '?')})")
    elif args.resume and checkpoint.get("data_description"):
        data_description = checkpoint["data_description"]
    if checkpoint is not None:
        trainer.model.load_weights(checkpoint["model"])
        if args.resume:
            trainer.load(checkpoint)
    if checkpoint is None:
        # Priors: the average voice. Input standardisation: the speaker-normalised inputs.
        normalised = np.concatenate([normalised_inputs(u, train_set.log_mel[v], train_set.log_f0[v])
                                     for u, v in zip(train_set.utterances, train_set.voice_of)])
        trainer.model.set_normalisation(torch.tensor(normalised.mean(0), dtype=torch.float32),
                                        torch.tensor(normalised.std(0), dtype=torch.float32))
        trainer.model.set_voice_statistics(torch.from_numpy(train_set.log_mel.mean(0)),
                                           float(train_set.log_f0.mean()),
                                           torch.from_numpy(train_set.log_mel.mean(0)), float(train_set.log_f0.mean()))
    if fine_tune or (checkpoint is None and len(train_set.voices) == 1):
        trainer.model.set_voice_statistics(trainer.model.prior_log_mel, float(trainer.model.prior_log_f0),
                                           torch.from_numpy(train_set.log_mel[0]), float(train_set.log_f0[0]))
    trainer.set_formant_warp_exponent(trainer.model.warp_exponent if args.resume else args.formant_warp_exponent)
    if not args.resume:
        trainer.model.set_source_detail(args.source_detail)
    for layer in frozen_layers(args.init, args.freeze):
        getattr(trainer.model, layer).requires_grad_(False)   # Adam skips parameters without gradients
    trainer.validation_noise = make_band_noise(config, max(len(u.audio) for u in val_utts) + 4096)
    sampler = CropSampler(train_set.utterances, config, args.crop_frames)
    voice_of_input = [train_set.voice_of[i] for i, u in enumerate(train_set.utterances)
                      if u.inputs.shape[0] >= args.crop_frames]
    rng = np.random.default_rng(args.seed + trainer.step)
    print(f"model: {count_parameters(trainer.model)} parameters; batch {args.batch} x {args.crop_frames} frames; "
          f"training for {args.minutes} min in total", flush=True)

    def checkpoint_now() -> None:
        t = time.time()
        proxy = trainer.conversion_score(val_utts, val_voices, train_set)
        score = trainer.parallel_conversion_mcd(pairs) if pairs else proxy
        losses = trainer.recent_losses[-args.log_steps * 4:]
        entry = {"step": trainer.step, "seconds": round(trainer.seconds, 1), "val_conversion_mr_distance": proxy,
                 "train_loss": float(np.mean(losses)) if losses else float("nan")}
        if pairs:
            entry["val_conversion_mcd_db"] = score
        trainer.history.append(entry)
        improved = score < trainer.best_score
        state = trainer.state()
        state.update(data_description=data_description, realtime_chunk_frames=REALTIME_CHUNK_FRAMES,
                     validation_metric="validation_conversion_mcd_db" if pairs else "validation_conversion_mr_distance",
                     targets=train_set.voices if len(train_set.voices) == 1
                     else ["base model: the average of " + ", ".join(train_set.voices)],
                     val_mr_distance=score, train_loss=entry["train_loss"])   # this checkpoint's own scores
        if improved:
            trainer.best_score, trainer.best_step = score, trainer.step
            state.update(best_score=score, best_step=trainer.step)
            save_atomic(state, best_path)
        save_atomic(state, last_path)
        print(f"checkpoint step {trainer.step}: validation conversion {'MCD' if pairs else 'MR distance'} {score:.4f}"
              f"{' (best)' if improved else f' (best {trainer.best_score:.4f} at step {trainer.best_step})'}"
              f" [{time.time() - t:.1f} s]", flush=True)

    if not args.resume:
        checkpoint_now()  # the starting point's score, for reference

    def take_step() -> float:
        clean, target = sampler.sample(args.batch, rng)
        voices = np.array([voice_of_input[i] for i in sampler.last_indices])
        return trainer.conversion_step(clean, target, voices, train_set, rng)

    status = training_loop.run(args, trainer, take_step, checkpoint_now, last_path)
    if status != 0:
        return status
    print(f"done: {trainer.step} steps, {trainer.seconds / 60:.1f} min; best validation conversion score "
          f"{trainer.best_score:.4f} at step {trainer.best_step} -> {best_path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
