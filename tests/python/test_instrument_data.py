#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of the neural-instrument data generator (models/training/mynah_train: midi_io, melodies, instruments,
instrument_data), through the real fluidsynth and SoundFonts (scripts/install-deps.sh installs them).

    /usr/bin/python3 tests/python/test_instrument_data.py

Builds 2 phrases for each of 2 instruments (violin train: one FluidR3_GM and one MuseScore_General phrase;
cello val) into a temporary folder, then checks: the .wav files (16 kHz, not clipped, not silent), the .json
next to them, that a second build renders nothing (resume) and a rebuild elsewhere is byte-identical
(determinism); the MIDI files round-trip through midi_io (the written phrase, every event kind, and a
hand-made format 1 file with running status and a tempo change); the melody splits are disjoint; and the
rendered pitch of long notes is the requested one within 20 cents (F0 from autocorrelation, refined by the
power centroids of the harmonics, over at least 0.3 s in the middle of the note; the SoundFonts' own tuning
is within +-13 cents of A440 for these instruments). Prints one PASS/FAIL line per check with the
measured numbers; exits 1 if any check fails. About 10 s.
"""
import functools
import json
import math
import os
import struct
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "models" / "training"))

try:
    import numpy as np
except ImportError as error:
    sys.exit(f"test_instrument_data.py: {error}; run it with /usr/bin/python3 (Debian's numpy, scipy)")

from mynah_train import instrument_data as idata  # noqa: E402
from mynah_train import midi_io  # noqa: E402
from mynah_train.melodies import SAMPLE_DIR, SPLITS, load_melodies, melody_dir, nottingham_split  # noqa: E402
from mynah_train.wav import read_wav  # noqa: E402

RATE_HZ = 16000
BUILDS = [("violin", "train"), ("cello", "val")]
COUNT = 2
CHECKS = []
TEMP = tempfile.TemporaryDirectory(prefix="mynah-instrument-data-")


def check(function):
    CHECKS.append(function)
    return function


@functools.lru_cache(maxsize=None)
def built():
    """{(instrument, split): [wav paths]} in the temporary folder, and the seconds per phrase."""
    started = time.monotonic()
    paths = {(i, s): idata.build_dataset(i, s, COUNT, Path(TEMP.name), RATE_HZ) for i, s in BUILDS}
    return paths, (time.monotonic() - started) / (COUNT * len(BUILDS))


def record(wav):
    return json.loads(wav.with_suffix(".json").read_text())


def f0_hz(audio, rate, expected_hz):
    """F0 of a steady segment: the autocorrelation peak between expected/1.5 and expected*1.5 (no octave
    errors, no bias towards the answer within a fifth), then the mean over harmonics of each harmonic's
    power centroid divided by its number (centroids stay centred under symmetric vibrato)."""
    x = (audio - audio.mean()) * np.hanning(len(audio))
    n = 1 << int(math.ceil(math.log2(len(x)))) + 3
    spectrum = np.fft.rfft(x, n)
    acf = np.fft.irfft(np.abs(spectrum) ** 2)[:len(x)]
    lags = np.arange(int(rate / (expected_hz * 1.5)), int(rate / (expected_hz / 1.5)) + 1)
    f0 = rate / lags[np.argmax(acf[lags])]
    power, freqs = np.abs(spectrum) ** 2, np.fft.rfftfreq(n, 1.0 / rate)
    for _ in range(3):
        estimates, weights = [], []
        for k in range(1, 9):
            if (k + 0.25) * f0 > 0.45 * rate:
                break
            band = np.abs(freqs - k * f0) < 0.25 * f0
            estimates.append(np.sum(freqs[band] * power[band]) / np.sum(power[band]) / k)
            weights.append(np.sum(power[band]))
        f0 = float(np.average(estimates, weights=weights))
    return f0


@check
def phrases_are_rendered_clean():
    paths, seconds = built()
    lines = []
    for (instrument, split), wavs in paths.items():
        assert len(wavs) == COUNT, wavs
        for wav in wavs:
            rate, audio = read_wav(wav)
            meta = record(wav)
            peak = float(np.abs(audio).max())
            rms = float(np.sqrt(np.mean(audio.astype(np.float64) ** 2)))
            assert rate == RATE_HZ and meta["rate_hz"] == RATE_HZ, (wav, rate)
            assert peak <= 10 ** (-1 / 20) + 1 / 32768, (wav, peak)                 # below -1 dBFS: no clipping
            assert np.mean(np.abs(audio) >= 32767 / 32768) == 0, wav
            assert rms > 10 ** (-50 / 20), (wav, rms)                              # not silent
            assert abs(len(audio) / rate - meta["duration_s"]) < 1e-3, wav
            assert 4.0 < meta["duration_s"] < 20.0, meta["duration_s"]
            assert meta["instrument"] == instrument and meta["split"] == split
            assert {"notes", "cc11", "cc1", "tempo_bpm", "melody", "soundfont"} <= set(meta), sorted(meta)
            assert len(meta["notes"]) >= 4 and meta["cc11"] and meta["cc1"]
            assert 60 <= meta["tempo_bpm"] <= 160
            assert set(n["articulation"] for n in meta["notes"]) <= {"legato", "normal", "detached", "breath"}
            lines.append(f"{wav.stem} {meta['duration_s']:.1f} s peak {20 * math.log10(peak):.1f} dBFS "
                         f"rms {20 * math.log10(rms):.1f} dBFS ({meta['soundfont']})")
    assert {record(w)["soundfont"] for w in paths[("violin", "train")]} == {idata.FLUIDR3.name, idata.MUSESCORE.name}
    assert {record(w)["soundfont"] for w in paths[("cello", "val")]} == {idata.FLUIDR3.name}
    return f"{seconds:.2f} s per phrase; " + "; ".join(lines)


@check
def builds_resume_and_are_deterministic():
    paths, _ = built()
    wavs = [w for ws in paths.values() for w in ws]
    stamps = [w.stat().st_mtime_ns for w in wavs]
    started = time.monotonic()
    again = {(i, s): idata.build_dataset(i, s, COUNT, Path(TEMP.name), RATE_HZ) for i, s in BUILDS}
    resumed = time.monotonic() - started
    assert again == paths and [w.stat().st_mtime_ns for w in wavs] == stamps, "a present phrase was rendered again"
    with tempfile.TemporaryDirectory() as other:
        fresh = idata.build_dataset("cello", "val", 1, Path(other), RATE_HZ)[0]
        first = paths[("cello", "val")][0]
        for suffix in (".wav", ".json", ".mid"):
            assert fresh.with_suffix(suffix).read_bytes() == first.with_suffix(suffix).read_bytes(), suffix
    a, b = idata.make_phrase("violin", "train", 7, seed=3), idata.make_phrase("violin", "train", 7, seed=3)
    c = idata.make_phrase("violin", "train", 7, seed=4)
    assert a.events == b.events and a.events != c.events
    return f"second build skipped all {len(wavs)} phrases in {resumed:.2f} s; a rebuild is byte-identical"


@check
def midi_round_trips():
    paths, _ = built()
    checked = 0
    for wav in (w for ws in paths.values() for w in ws):
        notes = midi_io.read_notes(wav.with_suffix(".mid"))
        assert [(n.pitch, n.velocity) for n in notes] == [(n["pitch"], n["velocity"]) for n in record(wav)["notes"]]
        assert all(abs(n.start_s - m["start_s"]) < 1e-6 and abs(n.end_s - m["end_s"]) < 1e-6
                   for n, m in zip(notes, record(wav)["notes"]))
        checked += len(notes)
    # every event kind the writer knows, through a file and back
    events = [midi_io.Event(0, "tempo", value=midi_io.us_per_quarter(90)),
              midi_io.Event(0, "program", channel=2, data1=73),
              midi_io.Event(0, "control", channel=2, data1=11, data2=99),
              midi_io.Event(10, "pitch_bend", channel=2, value=-8192),
              midi_io.Event(20, "pitch_bend", channel=2, value=8191),
              midi_io.Event(480, "note_on", channel=2, data1=60, data2=100),
              midi_io.Event(960, "note_off", channel=2, data1=60),
              midi_io.Event(960, "note_on", channel=2, data1=60, data2=50),   # same tick: the off comes first
              midi_io.Event(1440, "tempo", value=midi_io.us_per_quarter(120)),
              midi_io.Event(1920, "note_off", channel=2, data1=60)]
    path = Path(TEMP.name) / "kinds.mid"
    midi_io.write_midi(path, events, end_tick=2400)
    back = midi_io.read_midi(path)
    assert back.format == 0 and back.ticks_per_quarter == 480 and len(back.tracks) == 1
    assert [e for e in back.tracks[0] if e.kind != "note_off"] == [e for e in events if e.kind != "note_off"]
    assert [(e.tick, e.data1) for e in back.tracks[0] if e.kind == "note_off"] == [(960, 60), (1920, 60)]
    q = midi_io.us_per_quarter(90) / 1e6   # 666667 us: 90 bpm to the microsecond
    expect = [(1 * q, 2 * q, 60, 100), (2 * q, 3 * q + 0.5, 60, 50)]
    got = midi_io.read_notes(path)
    assert all(abs(a - b) < 1e-9 for n, e in zip(got, expect) for a, b in zip(n, e)) and len(got) == 2, got
    # a hand-made format 1 file: tempo track + note track with running status and note-on velocity 0 as off
    tempo_track = b"\x00\xFF\x51\x03\x07\xA1\x20" + b"\x83\x60\xFF\x51\x03\x03\xD0\x90" + b"\x00\xFF\x2F\x00"
    note_track = (b"\x00\x90\x45\x40" + b"\x83\x60\x45\x00" + b"\x00\x47\x50" + b"\x83\x60\x47\x00"
                  + b"\x00\xFF\x2F\x00")
    data = b"MThd" + struct.pack(">IHHH", 6, 1, 2, 480)
    for track in (tempo_track, note_track):
        data += b"MTrk" + struct.pack(">I", len(track)) + track
    path.write_bytes(data)   # 500000 us (120 bpm) for a quarter, then 250000 us (240 bpm)
    got = midi_io.read_notes(path)
    assert [(n.pitch, n.velocity) for n in got] == [(69, 64), (71, 80)], got
    assert [(round(n.start_s, 9), round(n.end_s, 9)) for n in got] == [(0.0, 0.5), (0.5, 0.75)], got
    assert midi_io.read_notes(path, in_beats=True)[1][:2] == (1.0, 2.0)
    return f"{checked} rendered notes read back from the .mid files as the .json lists them; all event kinds and " \
           "a format 1 file with running status and a tempo change"


@check
def melody_splits_are_disjoint():
    names = {split: {m.name for m in load_melodies(split)} for split in SPLITS}
    for a in SPLITS:
        for b in SPLITS:
            assert a == b or not names[a] & names[b], (a, b, sorted(names[a] & names[b])[:5])
    chorales = {split: {m.name.rsplit("-", 1)[0] for m in load_melodies(split, ("jsb",))} for split in SPLITS}
    assert not (chorales["train"] & chorales["val"]) and not (chorales["train"] & chorales["test"])
    assert (nottingham_split("jigs12.mid"), nottingham_split("waltzes1.mid")) == ("train", "test")  # fixed forever
    counts = {split: {corpus: sum(1 for m in load_melodies(split, (corpus,))) for corpus in ("nottingham", "jsb")}
              for split in SPLITS}
    nottingham = sum(c["nottingham"] for c in counts.values())
    if melody_dir() == SAMPLE_DIR:  # a clone without the shared corpora: the repository's sample
        assert [counts[s]["nottingham"] for s in SPLITS] == [24, 4, 4], counts
    else:
        assert nottingham == 1034 and 0.75 < counts["train"]["nottingham"] / nottingham < 0.85, counts
        assert [counts[s]["jsb"] for s in SPLITS] == [4 * 229, 4 * 76, 4 * 77], counts
    return "; ".join(f"{s}: {c['nottingham']} Nottingham tunes, {c['jsb']} chorale lines" for s, c in counts.items())


@check
def rendered_pitch_is_the_requested_pitch():
    paths, _ = built()
    errors = []
    for wav in (w for ws in paths.values() for w in ws):
        rate, audio = read_wav(wav)
        notes = record(wav)["notes"]
        for i, note in enumerate(notes):
            # the middle of a long note, clear of the previous note's release and of the next onset
            begin = max(note["start_s"] + 0.15, notes[i - 1]["end_s"] + 0.15 if i else 0.0)
            end = min(note["end_s"], notes[i + 1]["start_s"] if i + 1 < len(notes) else note["end_s"]) - 0.05
            if end - begin < 0.3:   # shorter windows catch part of a vibrato cycle (FluidR3's violin: 21 cents)
                continue
            expected = 440.0 * 2 ** ((note["pitch"] - 69) / 12)
            measured = f0_hz(audio[int(begin * rate):int(end * rate)], rate, expected)
            errors.append((1200 * math.log2(measured / expected), wav.stem, note["pitch"]))
    assert len(errors) >= 6, errors
    worst = max(errors, key=lambda e: abs(e[0]))
    assert abs(worst[0]) <= 20.0, worst
    mean_abs = sum(abs(e[0]) for e in errors) / len(errors)
    return (f"{len(errors)} long notes: mean |error| {mean_abs:.1f} cents, worst {worst[0]:+.1f} cents "
            f"({worst[1]}, MIDI {worst[2]})")


def main():
    failures = 0
    for function in CHECKS:
        try:
            print(f"PASS {function.__name__}: {function()}", flush=True)
        except Exception:  # noqa: BLE001 - report every failing check
            failures += 1
            print(f"FAIL {function.__name__}:\n{traceback.format_exc()}", flush=True)
    TEMP.cleanup()
    return 1 if failures else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
