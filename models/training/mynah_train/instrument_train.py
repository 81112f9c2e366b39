# SPDX-License-Identifier: GPL-3.0-or-later
"""Trains a neural instrument (instrument_model.py) on fluidsynth renderings of real melodies, on the CPU.

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.instrument_train --instrument violin \\
        --out RUN --minutes 10 [--resume]

Data: ``--train-phrases`` expressive phrases of the train split's tunes and ``--val-phrases`` of the
validation split's (instrument_data.py; rendered once, cached in ``--data``). The network learns to
rebuild each phrase from its own pitch and loudness (features of the C++ extractor, analysed with an F0
range that covers every instrument), through the torch twin of the C++ synthesiser, with the
multi-resolution STFT loss (train.py's Trainer). Checkpoints are chosen by the validation phrases'
multi-resolution spectral distance; the test split's tunes are never seen (instrument_evaluate.py).

The checkpoint also carries what the C++ side needs to play the instrument (the package's
``instrument`` metadata, docs/MODEL_FORMAT.md): the MIDI range, the comfortable range effect mode maps
the input's pitch into, and the velocity -> loudness curve fitted on the training phrases.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np

from . import data, instrument_data, training_loop
from .inputs import INSTRUMENT_INPUT_NAMES, select_inputs
from .instrument_model import InstrumentSynth
from .instruments import INSTRUMENTS
from .loudness_curve import fit_velocity_loudness
from .model import ModelConfig
from .train import Trainer, argument_parser, train_on_crops
from .wav import read_wav

DATA_DESCRIPTION = (
    "Monophonic phrases rendered locally with Debian's fluidsynth from the General MIDI SoundFonts FluidR3_GM "
    "(fluid-soundfont-gm, MIT licence) and MuseScore_General (musescore-general-soundfont, MIT licence), "
    "playing melodies of the Nottingham Music Database (GPL-3.0) and the voices of Bach's chorales (public "
    "domain; JSB-Chorales-dataset split), transposed into the instrument's range, with velocity, expression "
    "(CC11) swells, vibrato (CC1) and legato/detached articulation (instrument_data.py).")

# Training analysis: an F0 range wide enough for every instrument (cello C2 65 Hz .. flute C7 2093 Hz).
TRAINING_F0_MIN_HZ = 60.0
TRAINING_F0_MAX_HZ = 2200.0
# Effect mode analyses the performer (voice, whistle, an instrument): 120 Hz .. 2 kHz. A floor of
# 120 Hz keeps the YIN window, and so the latency, short (8.4 ms); a lower voice may be tracked an octave up, which the
# octave-aware pitch mapping absorbs.
EFFECT_F0_MIN_HZ = 120.0
EFFECT_F0_MAX_HZ = 2000.0
# One frame (5 ms) per network call in real time: 5 ms less latency than the voices' two.
REALTIME_CHUNK_FRAMES = 1


def parse_args(argv: Optional[List[str]] = None):
    p = argument_parser("python3 -m mynah_train.instrument_train", __doc__.split("\n\n")[0],
                        conv_channels=96, hidden_size=128, context_frames=2)
    p.add_argument("--instrument", required=True, choices=sorted(INSTRUMENTS))
    p.add_argument("--train-phrases", type=int, default=80)
    p.add_argument("--val-phrases", type=int, default=8)
    p.add_argument("--fft-size", type=int, default=256, help="analysis FFT (its window sets the latency)")
    return p.parse_args(argv)


class Phrase:
    """A rendered phrase: audio at the model rate, its model inputs and the notes that were played."""

    def __init__(self, wav_path: Path, config: ModelConfig):
        self.name = wav_path.stem
        rate, audio = read_wav(wav_path)
        if rate != config.sample_rate_hz:
            raise ValueError(f"{wav_path}: {rate} Hz, expected {config.sample_rate_hz}")
        self.audio = np.asarray(audio, dtype=np.float32)
        self.inputs = select_inputs(cached_inputs(wav_path, self.audio, config), config.inputs)
        self.notes = json.loads(wav_path.with_suffix(".json").read_text())


def cached_inputs(wav_path: Path, audio: np.ndarray, config: ModelConfig) -> np.ndarray:
    """Full model input frames of the phrase, cached next to it per feature configuration."""
    key = hashlib.sha1(json.dumps(config.feature_kwargs(), sort_keys=True).encode()).hexdigest()[:10]
    path = wav_path.with_name(f"{wav_path.stem}.inputs-{key}.npy")
    if path.exists():
        return np.load(path)
    inputs = data.model_inputs(audio, config)
    tmp = path.with_name(path.name + ".tmp.npy")
    np.save(tmp, inputs)
    tmp.replace(path)
    return inputs


def load_phrases(instrument: str, split: str, count: int, config: ModelConfig, folder: Path) -> List[Phrase]:
    paths = instrument_data.build_dataset(instrument, split, count, folder / instrument / split,
                                          rate_hz=int(config.sample_rate_hz))
    return [Phrase(Path(p), config) for p in paths]


def instrument_metadata(instrument: str, phrases: List[Phrase]) -> Dict[str, Any]:
    """The package's ``instrument`` section (docs/MODEL_FORMAT.md)."""
    spec = INSTRUMENTS[instrument]
    curve = fit_velocity_loudness(phrases)
    return {"name": instrument, "gm_program": spec.program, "midi_range": [spec.lowest, spec.highest],
            "comfortable_range": [spec.comfortable_low, spec.comfortable_high], **curve}


class InstrumentTrainer(Trainer):
    model_class = InstrumentSynth


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
        config = ModelConfig(inputs=list(INSTRUMENT_INPUT_NAMES), n_mels=40, fft_size=args.fft_size,
                             f0_min_hz=TRAINING_F0_MIN_HZ, f0_max_hz=TRAINING_F0_MAX_HZ,
                             conv_channels=args.conv_channels, hidden_size=args.hidden_size,
                             context_frames=args.context_frames, lookahead_frames=args.lookahead_frames)

    started = time.time()
    folder = args.data or data.default_cache_dir() / "instruments"
    train_set = load_phrases(args.instrument, "train", args.train_phrases, config, folder)
    val_set = load_phrases(args.instrument, "val", args.val_phrases, config, folder)
    print(f"data ready in {time.time() - started:.0f} s: {len(train_set)} training phrases "
          f"({sum(len(p.audio) for p in train_set) / config.sample_rate_hz / 60:.1f} min), "
          f"{len(val_set)} validation phrases", flush=True)

    facts = {
        "model_class": "InstrumentSynth", "kind": "instrument", "targets": [args.instrument],
        "instrument": instrument_metadata(args.instrument, train_set),
        "effect_f0_range_hz": [EFFECT_F0_MIN_HZ, EFFECT_F0_MAX_HZ],
        "realtime_chunk_frames": REALTIME_CHUNK_FRAMES,
        "data_description": DATA_DESCRIPTION + f" Instrument: {args.instrument}; "
                            f"{len(train_set)} training phrases of train-split tunes, validation on "
                            f"{len(val_set)} phrases of validation-split tunes; test-split tunes held out.",
        "validation_metric": "validation_mr_spectral_distance",
    }
    return train_on_crops(args, InstrumentTrainer(args, config), config, train_set, val_set, checkpoint,
                          last_path, best_path, facts)

if __name__ == "__main__":
    sys.exit(main())
