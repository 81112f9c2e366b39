# SPDX-License-Identifier: GPL-3.0-or-later
"""A small speaker classifier for the voice-conversion speaker check (vc_evaluate.py).

Frames: the 24 mel-cepstra of vc_metrics (c1..c24 of the speech frames, level excluded) and their slopes
(numpy.gradient over time, per 10 ms), 48 numbers describing timbre: the spectral envelope and its movement,
with no F0 (a pitch shift alone must not pass for a speaker change). Each voice is a Gaussian mixture over
its frames (COMPONENTS diagonal Gaussians, EM from frames picked with a fixed seed, variances floored), an
utterance goes to the voice whose mixture gives its frames the highest mean log-likelihood. Mixtures
model the voice's sounds one by one (vowels, fricatives ...), so a global EQ that copies a target's average
spectrum does not copy the voice. Measured on the 7 test sources x 4 test sentences equalised towards each
target (vc_metrics.global_eq), 0, 7 and 0 of 28 passed for slt, awb and rms with mixtures; a linear
discriminant on per-utterance means and deviations of the same cepstra passed 14, 21 and 16 (both named the
right voice for 40 of 40 real test utterances). It is trained on the train and val sentences of the voices
(sentences.py), never on a test sentence.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

from .sentences import load_sentences
from .vc_metrics import SAMPLE_RATE_HZ, speech_cepstra
from .voices import load_or_synthesise

COMPONENTS = 8
EM_ITERATIONS = 15
VARIANCE_FLOOR = 1e-3
TRAINING_FRAME_STEP = 2     # every 2nd frame (10 ms apart) trains the mixtures


def utterance_frames(audio: np.ndarray, sample_rate_hz: float = SAMPLE_RATE_HZ) -> np.ndarray:
    """The classifier's frames of one utterance: [c1..c24, their slope per 10 ms] of its speech frames [T, 48]."""
    cepstra = speech_cepstra(audio, sample_rate_hz)
    return np.hstack([cepstra, 2.0 * np.gradient(cepstra, axis=0)])


class _Mixture:
    """A diagonal-covariance Gaussian mixture fitted by EM."""

    def __init__(self, frames: np.ndarray, seed: int) -> None:
        x = np.asarray(frames, dtype=np.float64)
        k = min(COMPONENTS, len(x))
        self.means = x[np.random.default_rng(seed).choice(len(x), k, replace=False)]
        self.variances = np.tile(x.var(axis=0) + VARIANCE_FLOOR, (k, 1))
        self.log_weights = np.full(k, -np.log(k))
        for _ in range(EM_ITERATIONS):
            joint = self._joint(x)
            resp = np.exp(joint - joint.max(axis=1, keepdims=True))
            resp /= resp.sum(axis=1, keepdims=True)
            counts = resp.sum(axis=0) + 1e-9
            self.log_weights = np.log(counts / counts.sum())
            self.means = resp.T @ x / counts[:, None]
            self.variances = np.maximum(resp.T @ (x * x) / counts[:, None] - self.means ** 2, VARIANCE_FLOOR)

    def _joint(self, x: np.ndarray) -> np.ndarray:
        """ln(weight_k N(x_t; mean_k, var_k)) [T, K]."""
        precision = 1.0 / self.variances
        quadratic = (x * x) @ precision.T - 2.0 * x @ (self.means * precision).T \
            + np.sum(self.means ** 2 * precision, axis=1)
        return self.log_weights - 0.5 * (quadratic + np.sum(np.log(2.0 * np.pi * self.variances), axis=1))

    def mean_log_likelihood(self, frames: np.ndarray) -> float:
        """Mean over frames of ln p(frame)."""
        joint = self._joint(np.asarray(frames, dtype=np.float64))
        peak = joint.max(axis=1)
        return float(np.mean(peak + np.log(np.exp(joint - peak[:, None]).sum(axis=1))))


class SpeakerClassifier:
    """One Gaussian mixture per voice (module docstring). ``fit`` then ``predict``."""

    def __init__(self) -> None:
        self.labels: List[str] = []
        self._mixtures: List[_Mixture] = []

    def fit(self, frames_by_voice: Dict[str, Sequence[np.ndarray]]) -> "SpeakerClassifier":
        """Learns each voice from its utterances' frames ({voice: [frames [T, D], ...]}, two voices or more)."""
        if len(frames_by_voice) < 2:
            raise ValueError("a speaker classifier needs at least two voices")
        self.labels = sorted(frames_by_voice)
        self._mixtures = []
        for seed, label in enumerate(self.labels):
            x = np.vstack([np.asarray(f)[::TRAINING_FRAME_STEP] for f in frames_by_voice[label]])
            if len(x) < 10 * COMPONENTS:
                raise ValueError(f"voice {label}: {len(x)} training frames, need at least {10 * COMPONENTS}")
            self._mixtures.append(_Mixture(x, seed))
        return self

    def scores(self, frames: np.ndarray) -> np.ndarray:
        """Mean log-likelihood of one utterance's frames [T, D] under each voice, in ``labels`` order."""
        if not self._mixtures:
            raise RuntimeError("SpeakerClassifier used before fit")
        return np.array([m.mean_log_likelihood(frames) for m in self._mixtures])

    def predict(self, frames: np.ndarray) -> str:
        """The voice one utterance's frames [T, D] sound most like."""
        return self.labels[int(np.argmax(self.scores(frames)))]


def train_speaker_classifier(voice_names: Sequence[str], sentence_indices: Sequence[int],
                             cache_dir: Optional[Path] = None) -> SpeakerClassifier:
    """A classifier over ``voice_names``, trained on each voice reading the given sentences (positions in
    sentences.txt; the caller keeps test sentences out). Audio comes from the TTS cache (voices.py)."""
    texts = load_sentences()
    return SpeakerClassifier().fit({name: [utterance_frames(load_or_synthesise(name, texts[i], cache_dir))
                                           for i in sentence_indices] for name in voice_names})
