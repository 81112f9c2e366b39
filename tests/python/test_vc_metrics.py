#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of the voice-conversion measurements (models/training/mynah_train: voices, vc_metrics, speaker_id,
vc_evaluate, vc_report), with no trained conversion model.

    MYNAH_BUILD_DIR=build /usr/bin/python3 tests/python/test_vc_metrics.py [GROUP ...]

GROUP ``metrics``: the metric functions on synthetic cases (MCD of a signal with itself is 0; DTW undoes a
time stretch; the cepstral-mean baseline undoes an EQ; F0 correlation of a contour with its transposed
copy is 1; the speaker classifier tells two TTS voices apart on held-out sentences; word errors; the voice
registry and its splits; vc_compare's paired differences; vc_select's choice between checkpoints; vc_evaluate without comparisons runs
pocketsphinx on the converted audio only). GROUP ``evaluate``: vc_evaluate end to end through the real engine (`mynah
convert`) with models/zoo/voice_resynth.mynah, which does no conversion: its MCD drop must be near 0, it
must not pass for the target, and the section must land between the markers of a QUALITY.md copy.
Default: both. TTS audio is cached under $MYNAH_DATA_DIR (default ~/.cache/mynah/data). Prints one
PASS/FAIL line per check with the measured numbers; exits 1 if any check fails.
"""
import dataclasses
import os
import sys
import tempfile
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "models" / "training"))

try:
    import numpy as np
except ImportError as error:
    sys.exit(f"test_vc_metrics.py: {error}; run it with /usr/bin/python3 (Debian's numpy, scipy)")

from mynah_train import vc_metrics as vm  # noqa: E402  (exits with a one-line error if mynah_dsp is missing)
from mynah_train import vc_compare, vc_evaluate, vc_report, vc_select, voices  # noqa: E402
from mynah_train.metrics import text_words, word_errors  # noqa: E402
from mynah_train.sentences import load_sentences, sentence_indices  # noqa: E402
from mynah_train.speaker_id import train_speaker_classifier, utterance_frames  # noqa: E402

CHECKS = []
TEXTS = load_sentences()


def check(group):
    def register(function):
        CHECKS.append((group, function))
        return function
    return register


def speech(voice, split="test", k=0):
    return voices.load_or_synthesise(voice, TEXTS[sentence_indices(split)[k]])


@check("metrics")
def mcd_of_a_signal_with_itself_is_zero():
    c = vm.speech_cepstra(speech("slt"))
    self_mcd = vm.mcd_db(c, c)
    other = vm.mcd_db(c, vm.speech_cepstra(speech("rms")))
    assert self_mcd == 0.0 and other > 2.0, (self_mcd, other)
    return f"MCD(slt, slt) = {self_mcd} dB, MCD(slt, rms) = {other:.2f} dB"


@check("metrics")
def dtw_aligns_a_time_stretched_copy():
    c = vm.speech_cepstra(speech("slt"))
    # the first third three times slower, the rest as it was: the same frames, unevenly stretched
    stretched = c[np.repeat(np.arange(len(c)), np.where(np.arange(len(c)) < len(c) // 3, 3, 1))]
    exact = vm.mcd_db(c, stretched)
    linear = float(vm.frame_mcd_db(c, stretched[np.linspace(0, len(stretched) - 1, len(c)).round().astype(int)])
                   .mean())
    slow = voices.synthesise("slt", TEXTS[sentence_indices("test")[0]], voices.Prosody(duration_stretch=1.3))
    tts_stretch = vm.mcd_db(c, vm.speech_cepstra(slow))
    other_voice = vm.mcd_db(c, vm.speech_cepstra(speech("awb")))
    assert exact < 1e-9 and linear > 0.3, (exact, linear)
    assert tts_stretch < 0.6 * other_voice, (tts_stretch, other_voice)
    return (f"first third 3x slower: DTW MCD {exact:.2g} dB (linear alignment {linear:.2f} dB); flite slt at "
            f"duration_stretch 1.3: {tts_stretch:.2f} dB (slt vs awb {other_voice:.2f} dB)")


@check("metrics")
def cepstral_mean_baseline_undoes_an_eq():
    x = speech("festival-ked")
    tilt = np.zeros(vm.CEPSTRAL_ORDER)
    tilt[0], tilt[2] = 0.4, -0.15           # a spectral tilt and a broad bump, in cepstral units
    bright, dark = vm.global_eq(x, tilt), vm.global_eq(x, -tilt)
    c_bright, c_dark = vm.speech_cepstra(bright), vm.speech_cepstra(dark)
    before = vm.mcd_db(c_dark, c_bright)
    shifted = vm.mcd_db(c_dark, vm.cepstral_mean_shift(c_bright, c_dark.mean(axis=0)))
    rendered = vm.mcd_db(c_dark, vm.speech_cepstra(vm.global_eq(bright, c_dark.mean(axis=0) - c_bright.mean(axis=0))))
    identity = float(np.abs(vm.global_eq(x, np.zeros(vm.CEPSTRAL_ORDER)) - x).max())
    assert before > 3.0 and shifted < 0.25 * before and rendered < 0.35 * before and identity < 1e-5, \
        (before, shifted, rendered, identity)
    return (f"two EQs of one utterance: MCD {before:.2f} dB; after the cepstral-mean shift {shifted:.2f} dB "
            f"(rendered as audio {rendered:.2f} dB); a zero EQ changes samples by {identity:.1e}")


@check("metrics")
def f0_correlation_of_a_transposed_contour_is_one():
    t = np.arange(400)
    contour = 120.0 * 2.0 ** (0.3 * np.sin(t / 25.0) + 0.1 * np.sin(t / 7.0))
    contour[(t % 90) < 20] = 0.0            # unvoiced stretches
    up = contour * 2.0 ** (7 / 12)          # a fifth higher
    same = vm.f0_agreement(contour, up, target_mean_f0_hz=vm.geometric_mean_f0_hz(up))
    wrong_register = vm.f0_agreement(contour, up, target_mean_f0_hz=vm.geometric_mean_f0_hz(contour))
    jumps = up.copy()
    jumps[[30, 31, 200]] *= 2.0             # three octave errors of a pitch tracker
    with_jumps = vm.f0_agreement(contour, jumps, target_mean_f0_hz=vm.geometric_mean_f0_hz(up))
    unrelated = vm.f0_agreement(contour, np.where(contour > 0, 150.0 + np.cos(t), 0.0), 150.0)
    real = vm.f0_contour_hz(speech("awb"))
    real_self = vm.f0_agreement(real, real, 200.0)
    assert abs(same.correlation - 1.0) < 1e-9 and same.rmse_cents < 1e-6 and same.gross_error_rate == 0.0
    assert abs(wrong_register.correlation - 1.0) < 1e-9 and abs(wrong_register.rmse_cents - 700.0) < 1e-6
    assert abs(with_jumps.correlation - 1.0) < 1e-9 and abs(with_jumps.gross_error_rate - 3 / same.frames) < 1e-12
    assert abs(unrelated.correlation) < 0.3 and abs(real_self.correlation - 1.0) < 1e-9, (unrelated, real_self)
    return (f"transposed +7 semitones: r = {same.correlation:.12f}, RMSE {same.rmse_cents:.1e} cents over "
            f"{same.frames} frames (700 cents when mapped to the wrong register); 3 octave jumps: r = "
            f"{with_jumps.correlation:.12f}, gross errors {100 * with_jumps.gross_error_rate:.1f} %; an unrelated "
            f"contour r = {unrelated.correlation:.2f}")


@check("metrics")
def speaker_classifier_separates_two_voices_on_held_out_sentences():
    classifier = train_speaker_classifier(["slt", "rms"], sentence_indices("train", 8))
    tests = [(v, k) for v in ("slt", "rms") for k in range(4)]
    predicted = [classifier.predict(utterance_frames(speech(v, "test", k))) for v, k in tests]
    right = sum(p == v for p, (v, _) in zip(predicted, tests))
    assert right == len(tests), predicted
    return f"slt vs rms, trained on 8 train sentences each: {right} / {len(tests)} test utterances right"


@check("metrics")
def word_error_counts():
    assert text_words("Don't stop -- the well-known cat, please!") == ["don't", "stop", "the", "well", "known",
                                                                      "cat", "please"]
    assert word_errors("a b c d".split(), "a b c d".split()) == (0, 4)
    assert word_errors("a b c d".split(), "a x c".split()) == (2, 4)       # one substitution, one deletion
    assert word_errors("a b".split(), "z a b y".split()) == (2, 2)         # two insertions
    assert word_errors("a b".split(), []) == (2, 2)
    return "substitutions, deletions, insertions counted"


@check("metrics")
def voice_registry_and_splits():
    groups = [voices.TARGET_VOICES, voices.TEST_SOURCE_VOICES, voices.VALIDATION_SOURCE_VOICES,
              voices.PRETRAINING_VOICES, voices.EXCLUDED_VOICES]
    every = [v for g in groups for v in g]
    assert sorted(every) == sorted(voices.VOICES_BY_NAME) and len(every) == len(set(every)), "groups overlap"
    speaker = {v.name: v.speaker for v in voices.VOICES}
    test_speakers = {speaker[v] for v in voices.TEST_SOURCE_VOICES}
    for other in voices.TARGET_VOICES + voices.VALIDATION_SOURCE_VOICES + voices.PRETRAINING_VOICES:
        assert speaker[other] not in test_speakers, f"{other} shares a speaker with a test source"
    assert len({voices.voice(v).register for v in voices.TARGET_VOICES}) == 2
    lengths = {}
    for name in ("kal", "festival-slt-hts", "espeak-en-us+f5"):   # 8, 32 and 22.05 kHz engines
        audio = voices.synthesise(name, "Hello there.")
        assert audio.dtype == np.float32 and audio.ndim == 1 and np.abs(audio).max() > 0.01, name
        lengths[name] = len(audio) / voices.SAMPLE_RATE_HZ
        assert 0.4 < lengths[name] < 2.5, lengths
    for bad in (lambda: voices.voice("nobody"), lambda: voices.synthesise("festival-ked", "Hi.",
                                                                          voices.Prosody(f0_mean_hz=120.0))):
        try:
            bad()
            raise AssertionError("no error")
        except ValueError as error:
            assert "\n" not in str(error)
    return (f"{len(every)} voices in 5 disjoint groups, no test-source speaker elsewhere; 'Hello there.' at "
            f"16 kHz lasts " + ", ".join(f"{n} {s:.2f} s" for n, s in lengths.items()))


@check("metrics")
def paired_comparison_resolves_a_real_difference_and_not_noise():
    rng = np.random.default_rng(3)
    words = rng.integers(5, 12, size=60)
    a = rng.binomial(words, 0.45)
    same = vc_compare.paired_wer_difference(a, a, words)
    assert same == (0.0, 0.0, 0.0), same
    better = np.maximum(a - rng.integers(1, 3, size=60), 0)                   # 1-2 fewer errors everywhere
    d, low, high = vc_compare.paired_wer_difference(a, better, words)
    assert 0.0 < low <= d <= high, (d, low, high)
    noisy = rng.binomial(words, 0.45)                                          # the same rate, other draws
    d2, low2, high2 = vc_compare.paired_wer_difference(a, noisy, words)
    assert low2 < 0.0 < high2, (d2, low2, high2)
    row = {f.name: None for f in dataclasses.fields(vc_evaluate.UtteranceScore)}   # as --utterances-json writes
    row.update(target="slt", source="rms", errors_source=0, errors_baseline=0, mcd_source_db=4.0,
               mcd_converted_db=3.0, mcd_baseline_db=3.5, voice_converted="slt", voice_baseline="rms",
               voice_source="rms")
    rows = [dict(row, model=m, sentence=i, words=int(w), errors_converted=int(e))
            for m, errors in (("a", a), ("b", better)) for i, (w, e) in enumerate(zip(words, errors))]
    report = vc_compare.compare(rows)
    assert any(line.startswith("  a - b: +") for line in report), report
    for bad in (lambda: vc_compare.paired_wer_difference([1], [1, 2], [5]),
                lambda: vc_compare.paired_wer_difference([], [], [])):
        try:
            bad()
            raise AssertionError("no error")
        except ValueError as error:
            assert "\n" not in str(error)
    return (f"identical models: 0 points; 1-2 fewer errors per utterance: {100 * d:+.1f} points (95 % "
            f"{100 * low:+.1f} to {100 * high:+.1f}); the same rate redrawn: {100 * d2:+.1f} ({100 * low2:+.1f} to "
            f"{100 * high2:+.1f})")


@check("metrics")
def checkpoint_choice_prefers_fewer_word_errors():
    assert vc_select.choose({"best": 0.53, "last": 0.46}, {"best": 2.536, "last": 2.547}) == "last"
    assert vc_select.choose({"best": 0.40, "last": 0.46}, {"best": 2.536, "last": 2.547}) == "best"
    assert vc_select.choose({"best": 0.46, "last": 0.46}, {"best": 2.547, "last": 2.536}) == "last"   # tie: MCD
    assert vc_select.development_sources("awb") == [v for v in voices.TARGET_VOICES if v != "awb"]
    for bad in ("kal16", "nobody"):
        try:
            vc_select.development_sources(bad)
            raise AssertionError(f"no error for {bad}")
        except ValueError as error:
            assert "\n" not in str(error) and bad in str(error), error
    try:
        vc_select.select(Path("/nonexistent-run"), "awb")
        raise AssertionError("no error for a run folder without checkpoints")
    except ValueError as error:
        assert "\n" not in str(error) and "best.pt" in str(error), error
    import torch
    with tempfile.TemporaryDirectory() as run:
        for name in vc_select.CANDIDATES:   # checkpoints without a validation score of their own
            torch.save({"step": 1, "history": []}, Path(run) / f"{name}.pt")
        try:
            vc_select.select(Path(run), "awb")
            raise AssertionError("no error for checkpoints without a validation score")
        except ValueError as error:
            assert "\n" not in str(error) and "best.pt" in str(error) and "validation score" in str(error), error
    return ("fewer word errors win, a tie goes to the lower validation MCD; non-target voices, a run without "
            "checkpoints and checkpoints without a validation score get a one-line error")


@check("metrics")
def evaluate_without_comparisons_recognises_the_converted_audio_only():
    # what vc_select needs: no speaker classifier, no pocketsphinx run on the source or the EQ baseline, and
    # no EQ baseline rendered as audio (its MCD is cepstral)
    recognised = []
    real_recognise, real_classifier, real_eq = (vc_evaluate.recognised_words, vc_evaluate.train_speaker_classifier,
                                                vc_evaluate.global_eq)

    def counting_recognise(audio, work):
        recognised.append(len(audio))
        return real_recognise(audio, work)

    def no_classifier(*args, **kwargs):
        raise AssertionError("the speaker classifier was trained")

    def no_baseline(*args, **kwargs):
        raise AssertionError("the EQ baseline was rendered")

    identity = vc_evaluate.ModelUnderTest("identity", "slt", lambda inputs: [np.array(x) for x in inputs])
    vc_evaluate.recognised_words, vc_evaluate.train_speaker_classifier, vc_evaluate.global_eq = \
        counting_recognise, no_classifier, no_baseline
    try:
        scores, facts = vc_evaluate.evaluate([identity], "val", 1, ["awb", "rms"], log=lambda line: None,
                                             comparisons=False)
    finally:
        vc_evaluate.recognised_words, vc_evaluate.train_speaker_classifier, vc_evaluate.global_eq = \
            real_recognise, real_classifier, real_eq
    g = vc_report.aggregate(scores)
    assert len(scores) == 2 and len(recognised) == 2 and facts == {}, (scores, recognised, facts)
    assert all(s.errors_source is None and s.errors_baseline is None and s.voice_converted is None
               for s in scores), scores
    assert g["wer_converted"] is not None and g["wer_source"] is None and g["speaker_target_rate"] is None, g
    assert vc_report.bars_met(g)["speaker"] is None and vc_report.bars_met(g)["wer"] is None, g
    return (f"2 utterances, 2 recognitions (converted audio only), WER {100 * g['wer_converted']:.0f} %, "
            "no classifier, no baseline audio")


@check("evaluate")
def vc_evaluate_with_voice_resynth_measures_no_conversion():
    package = REPO / "models" / "zoo" / "voice_resynth.mynah"
    with tempfile.TemporaryDirectory() as tmp:
        quality = Path(tmp) / "QUALITY.md"
        quality.write_text("# Quality\n\nbefore\n\n" + vc_report.BEGIN_MARKER + "\nold\n" + vc_report.END_MARKER
                           + "\n\nafter\n")
        summary_path, markdown_path = Path(tmp) / "summary.json", Path(tmp) / "section.md"
        rows_path = Path(tmp) / "utterances.json"
        argv = ["--model", f"voice_resynth={package}", "--target", "voice_resynth=slt", "--sentences", "1",
                "--classifier-sentences", "8", "--update-quality", str(quality), "--json", str(summary_path),
                "--markdown", str(markdown_path), "--utterances-json", str(rows_path)]
        status = vc_evaluate.main(argv)
        assert status == 0, status
        assert vc_evaluate.main(argv[:4] + ["--model", "broken"]) == 1          # a one-line error, exit 1
        text = quality.read_text()
        assert text.count(vc_report.BEGIN_MARKER) == 1 and "old" not in text and "before" in text \
            and "after" in text and "voice_resynth → slt" in text, text
        import json
        s = json.loads(summary_path.read_text())["voice_resynth"]
        rows = json.loads(rows_path.read_text())
    # one row per converted utterance, whose word errors add up to the summary's
    assert len(rows) == s["utterances"] and {r["source"] for r in rows} == set(voices.TEST_SOURCE_VOICES), rows
    words = sum(r["words"] for r in rows)
    assert abs(sum(r["errors_converted"] for r in rows) / words - s["wer_converted"]) < 1e-4, (rows, s)
    assert "--utterances-json" not in text, "output files are not part of the reproducing command"
    assert abs(s["mcd_drop"]) < 0.10, s
    assert s["mcd_baseline_drop"] > 0.05, s
    assert s["speaker_target_rate"] <= 1 / 7 and s["speaker_target_rate_source"] == 0.0, s
    assert s["f0_correlation"] > 0.9 and s["f0_gross_error_rate"] < 0.05, s
    assert s["wer_converted"] <= s["wer_source"] + 0.25, s
    return (f"{s['utterances']} utterances: MCD source {s['mcd_source_db']:.2f} dB, converted "
            f"{s['mcd_converted_db']:.2f} dB (drop {100 * s['mcd_drop']:.1f} %), EQ baseline "
            f"{s['mcd_baseline_db']:.2f} dB (drop {100 * s['mcd_baseline_drop']:.1f} %); WER source "
            f"{100 * s['wer_source']:.0f} %, converted {100 * s['wer_converted']:.0f} %; F0 r "
            f"{s['f0_correlation']:.3f} (octave errors {100 * s['f0_gross_error_rate']:.1f} %); heard as slt "
            f"{100 * s['speaker_target_rate']:.0f} %")


def main(argv):
    groups = argv or ["metrics", "evaluate"]
    unknown = set(groups) - {g for g, _ in CHECKS}
    if unknown:
        sys.exit(f"test_vc_metrics.py: unknown group(s) {', '.join(sorted(unknown))} (metrics, evaluate)")
    failures = 0
    for group, function in CHECKS:
        if group not in groups:
            continue
        try:
            print(f"PASS {function.__name__}: {function()}", flush=True)
        except Exception:  # noqa: BLE001 - report every failing check
            failures += 1
            print(f"FAIL {function.__name__}:\n{traceback.format_exc()}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main(sys.argv[1:]))
