# SPDX-License-Identifier: GPL-3.0-or-later
"""The generated speech corpus: flite voices reading sentences.txt, cached on disk with the C++ features.

The audio comes from voices.synthesise (the TTS registry); sentences and their split from sentences.py.

Splits (fixed, by the sentence's position i in sentences.txt, 0-based):

- sentences: ``test`` when i % 10 == 0, ``val`` when i % 10 == 5, ``train`` otherwise;
- voices: ``TRAIN_VOICES`` (slt, awb, kal16) read train and val sentences; ``rms`` is held out entirely
  (it reads only test sentences); every voice reads the test sentences.

So the test split holds sentences no model saw and, for rms, a voice no model heard. Validation (the
checkpoint choice) uses val sentences by the training voices only, never rms or a test sentence.

Each utterance can be a plain flite rendering (variant 0) or a perturbed one (variant >= 1, used to
widen the range of voices the model sees): flite's F0 target mean and range and its duration stretch
are drawn at random, then the audio is resampled by a factor 0.89 ... 1.12 (as if played faster or
slower: F0 and formants move together, like a shorter or longer vocal tract) and scaled by
-14 ... 0 dB. The draws depend only on (voice, sentence, variant), so the corpus is reproducible.

Cache: ``<cache>/<corpus id>/<voice>_<sentence>_v<variant>.npz`` holding ``audio`` (float32 at the
model rate) and ``inputs`` (float32 [T, 4 + n_mels], inputs.input_frames of mynah_dsp.features);
the corpus id hashes the feature configuration and DATA_VERSION. Default cache: ~/.cache/mynah/data.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import tempfile
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

import numpy as np
import scipy.signal

from .dsp_module import mynah_dsp
from .inputs import input_frames
from .model import ModelConfig
from .sentences import SENTENCES_FILE, load_sentences, sentence_indices, sentence_split  # noqa: F401 (re-exported)
from .voices import Prosody, synthesise
from .voices import default_cache_dir  # noqa: F401 (re-exported)
from .wav import read_wav, write_wav  # noqa: F401 (re-exported)

DATA_VERSION = 1
TRAIN_VOICES = ["slt", "awb", "kal16"]
HELD_OUT_VOICES = ["rms"]
ALL_VOICES = TRAIN_VOICES + HELD_OUT_VOICES
FLITE_RATE_HZ = 16000
# Approximate mean F0 of flite's voices (measured with mynah_dsp.features): the centre of the F0 draws.
VOICE_F0_HZ = {"slt": 170.0, "awb": 115.0, "kal16": 100.0, "rms": 100.0}
# Resampling factors (up, down) for the vocal-tract perturbation: audio becomes up/down times longer.
WARPS = [(9, 8), (17, 16), (1, 1), (16, 17), (8, 9)]
DATA_LICENCE = ("speech synthesised locally with Debian's flite 2.2 and its voices cmu_us_slt, cmu_us_awb, "
                "cmu_us_rms and cmu_us_kal16 (Carnegie Mellon University, permissive BSD-like licence, see "
                "/usr/share/doc/libflite1/copyright) reading Mynah's own sentences "
                "(models/training/mynah_train/sentences.txt, GPL-3.0-or-later)")

def split_voices(split: str) -> List[str]:
    return ALL_VOICES if split == "test" else TRAIN_VOICES


@dataclasses.dataclass(frozen=True)
class UtteranceSpec:
    voice: str
    sentence: int   # index into load_sentences()
    variant: int    # 0 = plain flite, >= 1 = perturbed

    @property
    def key(self) -> str:
        return f"{self.voice}_{self.sentence:03d}_v{self.variant}"

    def perturbation(self) -> Dict[str, float]:
        """The random draws of a perturbed variant (empty for variant 0)."""
        if self.variant == 0:
            return {}
        rng = random.Random(f"{self.voice}/{self.sentence}/{self.variant}")
        f0_mean = VOICE_F0_HZ[self.voice] * 2.0 ** rng.uniform(-0.45, 0.55)
        up, down = WARPS[rng.randrange(len(WARPS))]
        return {"f0_mean_hz": round(f0_mean, 1), "f0_stdev_hz": round(f0_mean * rng.uniform(0.06, 0.25), 1),
                "duration_stretch": round(rng.uniform(0.85, 1.25), 3), "warp_up": up, "warp_down": down,
                "gain_db": round(rng.uniform(-14.0, 0.0), 2)}


@dataclasses.dataclass
class Utterance:
    spec: UtteranceSpec
    audio: np.ndarray    # float32 [N] at the model rate
    inputs: np.ndarray   # float32 [T, C] model input frames, T = N // hop


def render(spec: UtteranceSpec, sentences: Sequence[str]) -> np.ndarray:
    """The utterance's audio at 16 kHz: the voice (voices.synthesise), perturbed as ``spec.perturbation()`` says."""
    p = spec.perturbation()
    if not p:
        return synthesise(spec.voice, sentences[spec.sentence])
    audio = synthesise(spec.voice, sentences[spec.sentence],
                       Prosody(f0_mean_hz=p["f0_mean_hz"], f0_stdev_hz=p["f0_stdev_hz"],
                               duration_stretch=p["duration_stretch"]))
    if p["warp_up"] != p["warp_down"]:
        audio = scipy.signal.resample_poly(audio, int(p["warp_up"]), int(p["warp_down"])).astype(np.float32)
    return (audio * np.float32(10.0 ** (p["gain_db"] / 20.0))).astype(np.float32)


def model_inputs(audio: np.ndarray, config: ModelConfig) -> np.ndarray:
    """Model input frames [T, C] of audio at the model rate, from the C++ feature extractor."""
    features = mynah_dsp.features(np.ascontiguousarray(audio, dtype=np.float32), config.sample_rate_hz,
                                  **config.feature_kwargs())
    return input_frames(features)


def corpus_dir(cache_dir: Path, config: ModelConfig) -> Path:
    key = {"version": DATA_VERSION, "features": config.feature_kwargs(), "rate": config.sample_rate_hz}
    digest = hashlib.sha1(json.dumps(key, sort_keys=True).encode()).hexdigest()[:10]
    return Path(cache_dir) / f"flite-{digest}"


def load_or_make(spec: UtteranceSpec, config: ModelConfig, cache_dir: Path,
                 sentences: Optional[Sequence[str]] = None) -> Utterance:
    folder = corpus_dir(cache_dir, config)
    path = folder / f"{spec.key}.npz"
    if path.exists():
        with np.load(path) as z:
            return Utterance(spec, z["audio"], z["inputs"])
    if config.sample_rate_hz != FLITE_RATE_HZ:
        raise ValueError("the flite corpus is generated at 16 kHz; resample support is not implemented")
    audio = render(spec, sentences if sentences is not None else load_sentences())
    inputs = model_inputs(audio, config)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".npz.tmp")
    with os.fdopen(fd, "wb") as f:
        np.savez(f, audio=audio, inputs=inputs)
    os.replace(tmp, path)
    return Utterance(spec, audio, inputs)


def specs(split: str, variants: Iterable[int] = (0,), voices: Optional[Sequence[str]] = None,
          max_sentences: Optional[int] = None) -> List[UtteranceSpec]:
    voices = list(voices) if voices is not None else split_voices(split)
    return [UtteranceSpec(v, i, k) for i in sentence_indices(split, max_sentences) for v in voices
            for k in variants]


def load_corpus(spec_list: Sequence[UtteranceSpec], config: ModelConfig, cache_dir: Optional[Path] = None,
                progress: bool = False) -> List[Utterance]:
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    sentences = load_sentences()
    out = []
    for n, spec in enumerate(spec_list):
        out.append(load_or_make(spec, config, cache_dir, sentences))
        if progress and (n + 1) % 200 == 0:
            print(f"  corpus: {n + 1} / {len(spec_list)} utterances", flush=True)
    return out
