# SPDX-License-Identifier: GPL-3.0-or-later
"""Measures voice conversion (issue 5): held-out source voices reading held-out sentences, converted to each
model's target voice, scored against that target reading the same sentences (docs/QUALITY.md).

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.vc_evaluate \\
        --model slt=models/zoo/slt.mynah --model awb=models/zoo/awb.mynah [--target NAME=VOICE ...] \\
        [--split test|val] [--sentences N] [--sources VOICE ...] [--no-words] [--update-quality docs/QUALITY.md]

Each ``--model NAME=PATH`` is a ``.mynah`` package; its target voice (a voices.py name) comes from
``--target NAME=VOICE`` or else from the first entry of the package's metadata ``targets`` that names a
registry voice. Sources and sentences (voices.py, sentences.py): ``--split test`` (default) converts the
TEST_SOURCE_VOICES reading the test sentences; ``--split val`` the VALIDATION_SOURCE_VOICES reading the val
sentences (for choosing checkpoints; never the test). Conversion runs the real engine, ``mynah convert
--model PATH`` (offline, latency compensated, so the output lines up with its input); from Python,
``evaluate`` takes any converter function instead.

Measured per utterance (vc_metrics.py, speaker_id.py, metrics.py):

- MCD (dB, DTW) of the converted audio, of the unconverted source and of the global-EQ baseline to the
  target reading the same sentence. The baseline is evaluated in the cepstral domain (the source's cepstral
  mean replaced by the target's mean over its first train sentences); for word errors and the speaker check
  it is rendered as audio (vc_metrics.global_eq);
- word error rate of pocketsphinx (en-us) on the source, the converted and the baseline audio, against the
  sentence's text;
- F0 correlation (and RMSE, cents) of the converted contour with the source's contour moved into the
  target's register (the registry's mean F0 of the target voice), octave jumps counted apart;
- the voice that a speaker classifier, trained on the train (and, for the test, val) sentences of every
  registry voice, hears in the converted, baseline and source audio; and its accuracy on the real
  utterances of the evaluated sentences (targets and sources, unconverted).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import vc_report, voices
from .dsp_module import build_dir
from .metrics import text_words, word_errors
from .sentences import load_sentences, sentence_indices
from .speaker_id import SpeakerClassifier, train_speaker_classifier, utterance_frames
from .vc_metrics import SAMPLE_RATE_HZ, cepstral_mean_shift, f0_agreement, f0_contour_hz, global_eq, mcd_db, \
    speech_cepstra
from .wav import read_wav, write_wav

Converter = Callable[[Sequence[np.ndarray]], List[np.ndarray]]   # 16 kHz inputs -> time-aligned outputs
CLASSIFIER_TRAIN_SENTENCES = 20   # per voice: the first train sentences, plus 3/10 as many val sentences
TARGET_MEAN_SENTENCES = 20        # target train sentences whose cepstral mean the baseline moves to
OUTPUT_OPTIONS = ("--json", "--utterances-json", "--markdown", "--save-audio")


@dataclasses.dataclass
class ModelUnderTest:
    name: str
    target: str            # a voices.py voice
    convert: Converter


@dataclasses.dataclass
class UtteranceScore:
    model: str
    target: str
    source: str
    sentence: int
    mcd_source_db: float
    mcd_converted_db: float
    mcd_baseline_db: float
    f0_correlation: float
    f0_rmse_cents: float
    f0_gross_error_rate: float
    words: int                   # in the reference text
    errors_source: Optional[int]
    errors_converted: Optional[int]
    errors_baseline: Optional[int]
    voice_converted: Optional[str]   # what the speaker classifier hears (None: no speaker check)
    voice_baseline: Optional[str]
    voice_source: Optional[str]


def quantised(audio: np.ndarray) -> np.ndarray:
    """What a 16-bit WAV of ``audio`` holds (the engine's input), float32."""
    return (np.clip(np.round(np.asarray(audio, np.float64) * 32768.0), -32768, 32767) / 32768.0).astype(np.float32)


def package_targets(path: Path) -> List[str]:
    """The ``targets`` list of a .mynah package's metadata, read from the archive without torch."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith("/extra/mynah.json")]
            if not names:
                raise ValueError(f"{path}: no extra/mynah.json metadata in the package")
            return list(json.loads(archive.read(names[0])).get("targets", []))
    except FileNotFoundError:
        raise ValueError(f"{path}: no such model package") from None
    except zipfile.BadZipFile:
        raise ValueError(f"{path}: not a .mynah package (not a zip archive)") from None


def engine_converter(package: Path, mynah_cli: Path, jobs: int = 2) -> Converter:
    """A converter that runs ``mynah convert --model package`` (the C++ engine, offline) on all inputs at once."""
    def convert(inputs: Sequence[np.ndarray]) -> List[np.ndarray]:
        with tempfile.TemporaryDirectory(prefix="mynah-vc-") as tmp:
            in_dir, out_dir = Path(tmp) / "in", Path(tmp) / "out"
            in_dir.mkdir()
            out_dir.mkdir()
            paths = [in_dir / f"u{k:05d}.wav" for k in range(len(inputs))]
            for path, audio in zip(paths, inputs):
                write_wav(path, audio, SAMPLE_RATE_HZ)
            command = [str(mynah_cli), "convert", "--model", str(package), "--out-dir", str(out_dir),
                       "--jobs", str(jobs)] + [str(p) for p in paths]
            try:
                subprocess.run(command, check=True, capture_output=True, text=True)
            except FileNotFoundError:
                raise RuntimeError(f"{mynah_cli} not found: build target mynah or pass --mynah") from None
            except subprocess.CalledProcessError as error:
                lines = (error.stderr or error.stdout).strip().splitlines()
                raise RuntimeError(f"mynah convert failed: {lines[-1] if lines else error.returncode}") from None
            outputs = []
            for path in paths:
                found = sorted(out_dir.glob(f"{path.stem}.*.wav"))
                if len(found) != 1:
                    raise RuntimeError(f"mynah convert wrote {len(found)} outputs for {path.name} in {out_dir}")
                rate_hz, audio = read_wav(found[0])
                if rate_hz != SAMPLE_RATE_HZ:
                    raise RuntimeError(f"mynah convert wrote {rate_hz} Hz audio for a {SAMPLE_RATE_HZ} Hz input")
                outputs.append(audio)
            return outputs
    return convert


def recognised_words(audio: np.ndarray, work: Path) -> List[str]:
    """pocketsphinx's words for 16 kHz audio (evaluate.recognise)."""
    from .evaluate import recognise   # imports torch: only when word errors are measured
    return recognise(audio, SAMPLE_RATE_HZ, work)


def _mean_cepstrum(voice_name: str, texts: Sequence[str], cache_dir: Optional[Path]) -> np.ndarray:
    means = [speech_cepstra(voices.load_or_synthesise(voice_name, texts[i], cache_dir)).mean(axis=0)
             for i in sentence_indices("train", TARGET_MEAN_SENTENCES)]
    return np.mean(means, axis=0)


def classifier_sentences(split: str, train_sentences: int = CLASSIFIER_TRAIN_SENTENCES) -> List[int]:
    """The sentences the speaker classifier trains on: the first ``train_sentences`` train sentences and, when
    the test split is evaluated, the first 3/10 as many val sentences; never the evaluated split or a test one."""
    if train_sentences < 2:
        raise ValueError(f"the speaker classifier needs at least 2 sentences per voice, got {train_sentences}")
    chosen = sentence_indices("train", train_sentences)
    if split == "test":
        chosen += sentence_indices("val", max(1, train_sentences * 3 // 10))
    return chosen


def _check_converted(outputs: List[np.ndarray], inputs: Sequence[np.ndarray], model: str) -> None:
    if len(outputs) != len(inputs):
        raise RuntimeError(f"model {model}: the converter returned {len(outputs)} outputs for {len(inputs)} inputs")
    for x, y in zip(inputs, outputs):
        if len(y) != len(x):
            raise RuntimeError(f"model {model}: the converter returned {len(y)} samples for a {len(x)}-sample input "
                               "(outputs must be time-aligned with their inputs)")


@dataclasses.dataclass
class _Corpus:
    """What every model's scoring shares: the real utterances and what was measured on them."""
    texts: List[str]
    audio: Dict[Tuple[str, int], np.ndarray]            # (voice, sentence) -> 16 kHz audio
    cepstra: Dict[Tuple[str, int], np.ndarray]          # speech-frame mel-cepstra of the same
    f0_hz: Dict[Tuple[str, int], np.ndarray]            # F0 contours of the sources
    heard: Dict[Tuple[str, int], str]                   # the classifier's voice for each (empty: no classifier)
    classifier: Optional[SpeakerClassifier]             # None: no comparisons (evaluate's comparisons=False)
    source_errors: Dict[Tuple[str, int], int] = dataclasses.field(default_factory=dict)
    # the EQ baseline depends on the target, the source and the sentence only, not on the model
    baseline_errors: Dict[Tuple[str, str, int], int] = dataclasses.field(default_factory=dict)

    @property
    def comparisons(self) -> bool:
        """Whether the source and the EQ baseline are measured too (speaker check, word errors)."""
        return self.classifier is not None


def _score(m: ModelUnderTest, source: str, i: int, converted: np.ndarray, corpus: _Corpus,
           target_mean: np.ndarray, work: Optional[Path]) -> Tuple[UtteranceScore, Optional[np.ndarray]]:
    """All measures of one converted utterance (word errors only when ``work``, a scratch folder, is given;
    the source's and the baseline's only with ``corpus.comparisons``), and the rendered EQ baseline (None
    without comparisons: its MCD is computed in the cepstral domain, its audio serves only the comparisons)."""
    c_source, reference = corpus.cepstra[source, i], corpus.cepstra[m.target, i]
    x = corpus.audio[source, i]
    baseline = global_eq(x, target_mean - c_source.mean(axis=0)) if corpus.comparisons else None
    f0 = f0_agreement(corpus.f0_hz[source, i], f0_contour_hz(converted), voices.voice(m.target).mean_f0_hz)
    ref_words = text_words(corpus.texts[i])
    e_source = e_converted = e_baseline = None
    if work and corpus.comparisons:
        if (source, i) not in corpus.source_errors:
            corpus.source_errors[source, i] = word_errors(ref_words, recognised_words(x, work))[0]
        e_source = corpus.source_errors[source, i]
        if (m.target, source, i) not in corpus.baseline_errors:
            corpus.baseline_errors[m.target, source, i] = word_errors(ref_words, recognised_words(baseline, work))[0]
        e_baseline = corpus.baseline_errors[m.target, source, i]
    if work:
        e_converted = word_errors(ref_words, recognised_words(converted, work))[0]
    classifier = corpus.classifier
    heard = (lambda audio: classifier.predict(utterance_frames(audio))) if classifier else (lambda audio: None)
    return UtteranceScore(
        m.name, m.target, source, i, mcd_db(reference, c_source), mcd_db(reference, speech_cepstra(converted)),
        mcd_db(reference, cepstral_mean_shift(c_source, target_mean)), f0.correlation, f0.rmse_cents,
        f0.gross_error_rate, len(ref_words),
        e_source, e_converted, e_baseline, heard(converted), heard(baseline),
        corpus.heard.get((source, i))), baseline


def evaluate(models: Sequence[ModelUnderTest], split: str = "test", sentences: Optional[int] = None,
             sources: Optional[Sequence[str]] = None, words: bool = True, cache_dir: Optional[Path] = None,
             classifier_train_sentences: int = CLASSIFIER_TRAIN_SENTENCES, save_audio: Optional[Path] = None,
             log: Callable[[str], None] = print, comparisons: bool = True
             ) -> Tuple[List[UtteranceScore], Dict[str, float]]:
    """Scores every model on the split's source voices and sentences: (per-utterance scores, classifier facts).
    ``comparisons=False`` measures the converted audio only (MCD, F0 and word errors, as a choice between
    models needs): no speaker classifier (voices None, facts empty) and no word errors of the source or the
    EQ baseline (None)."""
    if split not in ("test", "val"):
        raise ValueError(f"split must be test or val, got {split!r}")
    sources = list(sources) if sources else list(voices.TEST_SOURCE_VOICES if split == "test"
                                                 else voices.VALIDATION_SOURCE_VOICES)
    for name in sources:
        voices.voice(name)
    for m in models:
        voices.voice(m.target)
        if m.target in sources:
            raise ValueError(f"model {m.name}: its target {m.target} is also a source voice")
    texts = load_sentences()
    chosen = sentence_indices(split, sentences)
    audio = {}
    for name in sorted(set(sources) | {m.target for m in models}):
        for i in chosen:
            audio[name, i] = quantised(voices.load_or_synthesise(name, texts[i], cache_dir))
    classifier, heard, facts = None, {}, {}
    if comparisons:
        trained_on = classifier_sentences(split, classifier_train_sentences)
        log(f"training the speaker classifier: {len(voices.VOICES)} voices x {len(trained_on)} non-test sentences")
        classifier = train_speaker_classifier([v.name for v in voices.VOICES], trained_on, cache_dir)
        heard = {k: classifier.predict(utterance_frames(a)) for k, a in audio.items()}
        facts = {"classifier_voices": len(classifier.labels), "classifier_real_utterances": len(heard),
                 "classifier_real_correct": sum(v == k[0] for k, v in heard.items())}
    corpus = _Corpus(texts, audio, {k: speech_cepstra(a) for k, a in audio.items()},
                     {(s, i): f0_contour_hz(audio[s, i]) for s in sources for i in chosen}, heard, classifier)
    scores: List[UtteranceScore] = []
    with tempfile.TemporaryDirectory(prefix="mynah-vc-asr-") as work_dir:
        work = Path(work_dir)
        for m in models:
            keys = [(s, i) for s in sources for i in chosen]
            log(f"model {m.name} -> {m.target}: converting {len(keys)} utterances")
            inputs = [audio[k] for k in keys]
            outputs = m.convert(inputs)
            _check_converted(outputs, inputs, m.name)
            target_mean = _mean_cepstrum(m.target, texts, cache_dir)
            for (s, i), y in zip(keys, outputs):
                try:
                    score, baseline = _score(m, s, i, y, corpus, target_mean, work if words else None)
                except ValueError as error:
                    raise ValueError(f"model {m.name}, source {s}, sentence {i}: {error}") from None
                scores.append(score)
                if save_audio:
                    save_audio.mkdir(parents=True, exist_ok=True)
                    for suffix, signal in (("source", audio[s, i]), ("converted", y),
                                           ("eq_baseline", baseline),
                                           ("target", audio[m.target, i])):
                        if signal is not None:   # no baseline without comparisons
                            write_wav(save_audio / f"{m.name}_{s}_{i:03d}_{suffix}.wav", signal, SAMPLE_RATE_HZ)
    return scores, facts


def parse_pairs(values: Sequence[str], form: str) -> Dict[str, str]:
    """NAME=VALUE strings -> dict, with a one-line error (naming ``form``) for a malformed or repeated one."""
    out: Dict[str, str] = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise ValueError(f"expected {form}, got {value!r}")
        if name in out:
            raise ValueError(f"{form.split()[0]} {name} given twice")
        out[name] = rest
    return out


def default_mynah_cli() -> Path:
    """$MYNAH_CLI, or the mynah CLI of the build folder (build_dir)."""
    return Path(os.environ.get("MYNAH_CLI", str(build_dir() / "bin" / "mynah")))


def models_from_args(args: argparse.Namespace) -> List[ModelUnderTest]:
    """The ``--model``/``--target`` pairs as engine-converted models, each target a registry voice."""
    paths = parse_pairs(args.model, "--model NAME=PATH")
    targets = parse_pairs(args.target, "--target NAME=VOICE")
    unknown = set(targets) - set(paths)
    if unknown:
        raise ValueError(f"--target names a model not given with --model: {', '.join(sorted(unknown))}")
    mynah = args.mynah or default_mynah_cli()
    models = []
    for name, path in paths.items():
        target = targets.get(name)
        if target is None:
            listed = package_targets(Path(path))
            target = next((t for t in listed if t in voices.VOICES_BY_NAME), None)
            if target is None:
                raise ValueError(f"model {name}: its metadata targets {listed} name no voice of voices.py; "
                                 f"give --target {name}=VOICE")
        else:
            package_targets(Path(path))   # a clear error now for a missing or broken file
        voices.voice(target)
        models.append(ModelUnderTest(name, target, engine_converter(Path(path), mynah, args.jobs)))
    return models


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m mynah_train.vc_evaluate", description=__doc__.split("\n\n")[0])
    p.add_argument("--model", action="append", required=True, metavar="NAME=PATH", help="a .mynah package")
    p.add_argument("--target", action="append", default=[], metavar="NAME=VOICE",
                   help="the target voice of model NAME (default: from its metadata targets)")
    p.add_argument("--split", choices=["test", "val"], default="test")
    p.add_argument("--sentences", type=int, default=None, help="only the first N sentences of the split")
    p.add_argument("--sources", nargs="+", default=None, help="source voices (default: the split's)")
    p.add_argument("--no-words", action="store_true", help="skip pocketsphinx word error rates (faster)")
    p.add_argument("--classifier-sentences", type=int, default=CLASSIFIER_TRAIN_SENTENCES,
                   help="train sentences per voice for the speaker classifier (plus 3/10 as many val sentences)")
    p.add_argument("--data", type=Path, default=None, help="TTS cache (default $MYNAH_DATA_DIR or ~/.cache/mynah/data)")
    p.add_argument("--mynah", type=Path, default=None, help="the mynah CLI (default <build>/bin/mynah)")
    p.add_argument("--jobs", type=int, default=2, help="parallel jobs of mynah convert")
    p.add_argument("--markdown", type=Path, default=None, help="write the Markdown section here")
    p.add_argument("--update-quality", type=Path, default=None, metavar="QUALITY_MD",
                   help="replace the section between the vc-quality markers of this file (docs/QUALITY.md)")
    p.add_argument("--json", type=Path, default=None, help="write the summary metrics here")
    p.add_argument("--utterances-json", type=Path, default=None,
                   help="write every utterance's measures here (for paired comparisons of models)")
    p.add_argument("--save-audio", type=Path, default=None, help="write source/converted/baseline/target WAVs here")
    return p.parse_args(argv)


def reproducible_arguments(argv: Sequence[str]) -> List[str]:
    """The command-line arguments that decide the numbers: without the output files (OUTPUT_OPTIONS), which
    need not be repeated to reproduce them."""
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in OUTPUT_OPTIONS:
            skip = True
        elif arg.split("=", 1)[0] not in OUTPUT_OPTIONS:
            out.append(arg)
    return out


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        models = models_from_args(args)
        scores, facts = evaluate(models, args.split, args.sentences, args.sources, not args.no_words, args.data,
                                 args.classifier_sentences, args.save_audio,
                                 log=lambda line: print(line, file=sys.stderr, flush=True))
    except (ValueError, RuntimeError) as error:
        print(f"vc_evaluate: {error}", file=sys.stderr)
        return 1
    command = "PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.vc_evaluate " + " ".join(
        reproducible_arguments(argv if argv is not None else sys.argv[1:]))
    section = vc_report.markdown(scores, facts, args.split, command, datetime.date.today().isoformat())
    print(section)
    if args.markdown:
        args.markdown.write_text(section + "\n", encoding="utf-8")
    if args.update_quality:
        vc_report.replace_section(args.update_quality, section)
    if args.json:
        args.json.write_text(json.dumps(vc_report.summary(scores, args.split), indent=1) + "\n")
    if args.utterances_json:
        rows = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v)   # null, not NaN: valid JSON
                 for k, v in dataclasses.asdict(s).items()} for s in scores]
        args.utterances_json.write_text(json.dumps(rows, allow_nan=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
