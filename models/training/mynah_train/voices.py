# SPDX-License-Identifier: GPL-3.0-or-later
"""Every English TTS voice Mynah can generate speech with from Debian packages, and the fixed voice
splits of the voice-conversion work (issue 5). The one place that knows how to run each TTS engine.

    synthesise("slt", "Hello there.")   # float32 mono at 16 kHz (SAMPLE_RATE_HZ)

Engines (scripts/install-deps.sh installs them): ``flite`` 2.2 (``flite -voice V``: cmu_us slt, awb, rms,
kal16 at 16 kHz, kal at 8 kHz); ``festival`` 2.5 (``text2wave -eval '(voice_V)'``: kal_diphone and
ked_diphone from festvox-kallpc16k / festvox-kdlpc16k at 16 kHz, cmu_us_slt_arctic_hts from
festvox-us-slt-hts at 32 kHz); ``espeak-ng`` 1.51 (``espeak-ng -v LANG+VARIANT``, formant synthesis at
22.05 kHz; the ``klatt*``, edward, caleb and anika variants use espeak-ng's Klatt synthesiser). Audio
that is not at 16 kHz is resampled with ``scipy.signal.resample_poly``; leading and trailing silence is
left as the engine writes it. mbrola voices are not installed (espeak-ng lists them but cannot speak them).

Each voice has a register (female / male) and its mean F0, measured with Mynah's own pitch tracker
(``mynah_dsp.features``: geometric mean of f0_hz over voiced frames of its first 10 train sentences;
``python3 -m mynah_train.voices`` re-measures and prints the table). ``speaker`` names the recorded
person behind a voice: flite kal/kal16 and festival kal_diphone are all Kal, flite slt and festival
slt_hts are both SLT; espeak-ng voices are rule-based (each its own "speaker").

Voice splits for conversion (fixed; no two groups share a speaker, except where said):

- ``TARGET_VOICES`` slt, awb, rms: the voices the shipped models learn. Three registers and timbres:
  slt (US female, ~170 Hz), awb (Scottish male, ~130 Hz, a bright, breathy timbre) and rms (US male,
  ~100 Hz, the lowest and darkest flite voice, and the most intelligible one). kal16 was the other
  candidate for the low male, but Kal also speaks festival's kal_diphone, which we need as an unseen
  natural-sounding source: taking rms keeps every Kal voice out of training.
- ``TEST_SOURCE_VOICES``: converted for the test (test sentences only), never used in any training or
  checkpoint choice: festival ked_diphone and kal_diphone, flite kal16 (Kal, held out with his diphone
  voice) and four espeak-ng variants (two female, two male, from very high to very low) that
  pocketsphinx can follow (word error rates of the sources must mean something).
- ``VALIDATION_SOURCE_VOICES``: converted to choose checkpoints (val sentences only), never trained on,
  never in the test: three espeak-ng variants.
- ``PRETRAINING_VOICES``: may train a base model (train sentences only; the targets' train sentences
  too): festival slt_hts (the SLT speaker, a different synthesiser) and the other espeak-ng variants.
- ``EXCLUDED_VOICES``: flite kal (8 kHz, Kal): same speaker as two test sources, and band-limited.

Sentences split as sentences.py says (test / val / train by position in sentences.txt). The speaker
classifier of vc_evaluate.py trains on the train and val sentences of every voice, never on a test one.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import scipy.signal

from .wav import read_wav

SAMPLE_RATE_HZ = 16000
ENGINES = ("flite", "festival", "espeak-ng")
# Bump when the audio of any voice changes (engine options, resampling): it keys the TTS cache.
VOICES_VERSION = 1


@dataclasses.dataclass(frozen=True)
class Voice:
    name: str            # registry name, used in file names and on the command line
    engine: str          # one of ENGINES
    engine_voice: str    # what the engine is given: flite -voice, festival voice_<x>, espeak-ng -v
    register: str        # "female" or "male"
    mean_f0_hz: float    # measured (module docstring)
    speaker: str         # the person (or rule set) behind the voice
    description: str


@dataclasses.dataclass(frozen=True)
class Prosody:
    """Optional changes to a voice's delivery. flite takes all three; festival and espeak-ng only
    ``duration_stretch`` (> 1 = slower)."""
    f0_mean_hz: Optional[float] = None
    f0_stdev_hz: Optional[float] = None
    duration_stretch: Optional[float] = None


def _espeak(variant: str, register: str, f0_hz: float, description: str) -> Voice:
    return Voice(f"espeak-{variant}", "espeak-ng", variant, register, f0_hz, f"espeak-{variant}", description)


VOICES: List[Voice] = [
    Voice("slt", "flite", "slt", "female", 172.5, "slt", "flite cmu_us_slt, US female (clustergen)"),
    Voice("awb", "flite", "awb", "male", 127.9, "awb", "flite cmu_us_awb, Scottish male (clustergen)"),
    Voice("rms", "flite", "rms", "male", 101.2, "rms", "flite cmu_us_rms, US male, low (clustergen)"),
    Voice("kal16", "flite", "kal16", "male", 90.6, "kal", "flite cmu_us_kal16, US male (diphone)"),
    Voice("kal", "flite", "kal", "male", 90.1, "kal", "flite cmu_us_kal, US male (diphone, 8 kHz)"),
    Voice("festival-kal", "festival", "kal_diphone", "male", 104.4, "kal",
          "festival kal_diphone, US male (LPC diphone)"),
    Voice("festival-ked", "festival", "ked_diphone", "male", 104.0, "ked",
          "festival ked_diphone, US male (LPC diphone)"),
    Voice("festival-slt-hts", "festival", "cmu_us_slt_arctic_hts", "female", 171.6, "slt",
          "festival cmu_us_slt_arctic_hts, US female (HTS statistical)"),
    _espeak("en-us+f1", "female", 179.4, "espeak-ng US English, female variant f1"),
    _espeak("en-us+f2", "female", 193.8, "espeak-ng US English, female variant f2"),
    _espeak("en-us+f3", "female", 210.3, "espeak-ng US English, female variant f3"),
    _espeak("en-us+f4", "female", 178.1, "espeak-ng US English, female variant f4"),
    _espeak("en-us+f5", "female", 203.2, "espeak-ng US English, female variant f5"),
    _espeak("en+f4", "female", 178.1, "espeak-ng British English, female variant f4"),
    _espeak("en-us+anika", "female", 269.6, "espeak-ng US English, Klatt female 'anika', high"),
    _espeak("en-us", "male", 101.8, "espeak-ng US English, default male"),
    _espeak("en-us+m1", "male", 93.3, "espeak-ng US English, male variant m1"),
    _espeak("en-us+m2", "male", 100.3, "espeak-ng US English, male variant m2"),
    _espeak("en-us+m3", "male", 105.0, "espeak-ng US English, male variant m3"),
    _espeak("en-us+m4", "male", 93.6, "espeak-ng US English, male variant m4"),
    _espeak("en-us+m6", "male", 101.0, "espeak-ng US English, male variant m6"),
    _espeak("en-us+m7", "male", 106.6, "espeak-ng US English, male variant m7"),
    _espeak("en-gb-scotland+m1", "male", 93.3, "espeak-ng Scottish English, male variant m1"),
    _espeak("en-gb-x-rp", "male", 101.5, "espeak-ng British English (RP), default male"),
    _espeak("en-029", "male", 101.7, "espeak-ng Caribbean English, default male"),
    _espeak("en-us-nyc", "male", 102.0, "espeak-ng New York City English, default male"),
    _espeak("en-us+klatt", "male", 101.5, "espeak-ng US English, Klatt synthesiser"),
    _espeak("en-us+klatt2", "male", 101.4, "espeak-ng US English, Klatt synthesiser variant 2"),
    _espeak("en-us+klatt4", "male", 101.3, "espeak-ng US English, Klatt synthesiser variant 4"),
    _espeak("en-us+edward", "male", 100.8, "espeak-ng US English, Klatt male 'edward'"),
    _espeak("en-us+caleb", "male", 101.5, "espeak-ng US English, Klatt male 'caleb'"),
    _espeak("en-us+david", "male", 74.7, "espeak-ng US English, male 'david', very low"),
    _espeak("en-us+victor", "male", 94.9, "espeak-ng US English, male 'victor'"),
]
VOICES_BY_NAME: Dict[str, Voice] = {v.name: v for v in VOICES}

TARGET_VOICES = ["slt", "awb", "rms"]
TEST_SOURCE_VOICES = ["festival-ked", "festival-kal", "kal16", "espeak-en-us+f5", "espeak-en-us+anika",
                      "espeak-en-us+edward", "espeak-en-us+david"]
VALIDATION_SOURCE_VOICES = ["espeak-en-us+f2", "espeak-en-us+klatt4", "espeak-en-us+m3"]
EXCLUDED_VOICES = ["kal"]
PRETRAINING_VOICES = [v.name for v in VOICES
                      if v.name not in TARGET_VOICES + TEST_SOURCE_VOICES + VALIDATION_SOURCE_VOICES
                      + EXCLUDED_VOICES]


def voice(name: str) -> Voice:
    """The registry entry of ``name``; a clear error for an unknown one."""
    try:
        return VOICES_BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown voice {name!r} (known: {', '.join(VOICES_BY_NAME)})") from None


def voice_group(name: str) -> str:
    """``target``, ``test source``, ``validation source``, ``pretraining`` or ``excluded``."""
    voice(name)
    for group, members in (("target", TARGET_VOICES), ("test source", TEST_SOURCE_VOICES),
                           ("validation source", VALIDATION_SOURCE_VOICES), ("excluded", EXCLUDED_VOICES)):
        if name in members:
            return group
    return "pretraining"


def _run(command: Sequence[str], what: str) -> None:
    try:
        subprocess.run(list(command), check=True, capture_output=True)
    except FileNotFoundError:
        raise RuntimeError(f"{command[0]} is not installed (scripts/install-deps.sh installs {what})") from None
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode(errors="replace").strip().splitlines()
        raise RuntimeError(f"{what} failed: {message[-1] if message else f'exit status {error.returncode}'}") \
            from None


def _flite(v: Voice, text: str, prosody: Prosody, out: Path) -> None:
    command = ["flite", "-voice", v.engine_voice]
    for name, value in (("int_f0_target_mean", prosody.f0_mean_hz), ("int_f0_target_stdev", prosody.f0_stdev_hz),
                        ("duration_stretch", prosody.duration_stretch)):
        if value is not None:
            command += ["--setf", f"{name}={value}"]
    _run(command + ["-t", text, "-o", str(out)], f"flite voice {v.engine_voice}")


def _festival(v: Voice, text: str, prosody: Prosody, out: Path) -> None:
    text_file = out.with_suffix(".txt")
    text_file.write_text(text + "\n", encoding="latin-1", errors="replace")
    command = ["text2wave", "-eval", f"(voice_{v.engine_voice})"]
    if prosody.duration_stretch is not None:
        command += ["-eval", f"(Parameter.set 'Duration_Stretch {float(prosody.duration_stretch)})"]
    _run(command + [str(text_file), "-o", str(out)], f"festival voice {v.engine_voice}")


def _espeak_ng(v: Voice, text: str, prosody: Prosody, out: Path) -> None:
    text_file = out.with_suffix(".txt")
    text_file.write_text(text + "\n", encoding="utf-8")
    command = ["espeak-ng", "-v", v.engine_voice]
    if prosody.duration_stretch is not None:
        command += ["-s", str(int(round(175.0 / prosody.duration_stretch)))]  # espeak-ng's default: 175 wpm
    _run(command + ["-f", str(text_file), "-w", str(out)], f"espeak-ng voice {v.engine_voice}")


_ENGINE_RUNNERS = {"flite": _flite, "festival": _festival, "espeak-ng": _espeak_ng}


def to_model_rate(audio: np.ndarray, rate_hz: int) -> np.ndarray:
    """float32 audio at SAMPLE_RATE_HZ (resample_poly by the exact rational ratio; unchanged at 16 kHz)."""
    if rate_hz == SAMPLE_RATE_HZ:
        return audio.astype(np.float32)
    ratio = Fraction(SAMPLE_RATE_HZ, int(rate_hz))
    return scipy.signal.resample_poly(audio, ratio.numerator, ratio.denominator).astype(np.float32)


def synthesise(voice_name: str, text: str, prosody: Optional[Prosody] = None) -> np.ndarray:
    """``text`` spoken by the registry voice ``voice_name``: float32 mono at 16 kHz, as the engine wrote it."""
    v = voice(voice_name)
    prosody = prosody or Prosody()
    if v.engine != "flite" and (prosody.f0_mean_hz is not None or prosody.f0_stdev_hz is not None):
        raise ValueError(f"voice {v.name} ({v.engine}) cannot take F0 settings; only flite voices can")
    if not text.strip():
        raise ValueError("synthesise: empty text")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "tts.wav"
        _ENGINE_RUNNERS[v.engine](v, text, prosody, out)
        rate_hz, audio = read_wav(out)
    return to_model_rate(audio, rate_hz)


def default_cache_dir() -> Path:
    """$MYNAH_DATA_DIR, else ~/.cache/mynah/data (shared with data.py)."""
    return Path(os.environ.get("MYNAH_DATA_DIR", str(Path.home() / ".cache" / "mynah" / "data")))


def load_or_synthesise(voice_name: str, text: str, cache_dir: Optional[Path] = None) -> np.ndarray:
    """``synthesise(voice_name, text)``, cached as ``<cache>/tts-v<VOICES_VERSION>/<voice>/<sha1(text)>.npy``."""
    folder = Path(cache_dir or default_cache_dir()) / f"tts-v{VOICES_VERSION}" / voice(voice_name).name
    path = folder / f"{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    audio = synthesise(voice_name, text)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".npy.tmp")
    with os.fdopen(fd, "wb") as f:
        np.save(f, audio)
    os.replace(tmp, path)
    return audio


def measured_mean_f0_hz(voice_name: str, sentences: int = 10, cache_dir: Optional[Path] = None) -> float:
    """Geometric mean of mynah_dsp.features' f0_hz over the voiced frames of the voice's first train sentences."""
    from .dsp_module import mynah_dsp
    from .sentences import load_sentences, sentence_indices
    texts = load_sentences()
    log_f0 = []
    for i in sentence_indices("train", sentences):
        f = mynah_dsp.features(load_or_synthesise(voice_name, texts[i], cache_dir), float(SAMPLE_RATE_HZ))
        voiced = np.asarray(f["voiced"], bool) & (f["f0_hz"] > 0)
        log_f0.append(np.log(f["f0_hz"][voiced]))
    values = np.concatenate(log_f0)
    return float(np.exp(values.mean())) if len(values) else float("nan")


def main() -> int:
    """Prints the registry with freshly measured mean F0 (Markdown)."""
    print("| voice | engine | engine voice | register | mean F0 (Hz): listed | measured | group |")
    print("|---|---|---|---|---|---|---|")
    for v in VOICES:
        print(f"| {v.name} | {v.engine} | {v.engine_voice} | {v.register} | {v.mean_f0_hz:.0f} | "
              f"{measured_mean_f0_hz(v.name):.0f} | {voice_group(v.name)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
