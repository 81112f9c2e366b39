#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measures `mynah resynth` (DSP-only analysis/resynthesis) on speech generated with Debian's flite
voices and prints the table for docs/QUALITY.md.

    MYNAH_BUILD_DIR=build /usr/bin/python3 models/training/measure_resynth.py

Per voice: multi-resolution spectral distance and log-mel distance of the resynthesis to its input
(mynah_train.metrics), and the share of the words pocketsphinx (en-us) recognises in the input that it
still recognises, in order, in the resynthesis. Needs flite, sox and pocketsphinx
(scripts/install-deps.sh installs them).
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mynah_train.dsp_module import build_dir  # noqa: E402
from mynah_train.metrics import log_mel_distance_db, multi_resolution_spectral_distance, words_kept  # noqa: E402
from mynah_train.voices import SAMPLE_RATE_HZ, synthesise  # noqa: E402
from mynah_train.wav import read_wav, write_wav  # noqa: E402

VOICES = ["slt", "awb", "rms", "kal16"]  # flite's 16 kHz voices
SENTENCES = [
    "The quick brown fox jumps over the lazy dog near the river bank.",
    "Please call Stella and ask her to bring these things with her from the store.",
    "Music is the universal language of mankind, said the poet.",
    "The birch canoe slid on the smooth planks.",
    "Glue the sheet to the dark blue background.",
]


def recognise(path: Path, work: Path) -> list[str]:
    pcm = work / "asr.wav"
    subprocess.run(["sox", "-D", str(path), "-r", "16000", "-b", "16", "-c", "1", str(pcm)], check=True,
                   capture_output=True)
    out = subprocess.run(["pocketsphinx_continuous", "-infile", str(pcm), "-logfn", "/dev/null"], check=True,
                         capture_output=True, text=True).stdout
    return out.split()


def main() -> int:
    mynah = Path(os.environ.get("MYNAH_CLI", str(build_dir() / "bin" / "mynah")))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for voice in VOICES:
            mr, lm, kept, total = [], [], 0, 0
            for i, sentence in enumerate(SENTENCES):
                source = work / f"{voice}_{i}.wav"
                resynth = work / f"{voice}_{i}_resynth.wav"
                write_wav(source, synthesise(voice, sentence), SAMPLE_RATE_HZ)
                subprocess.run([str(mynah), "resynth", str(source), "-o", str(resynth)], check=True,
                               capture_output=True)
                rate, x = read_wav(source)
                _, y = read_wav(resynth)
                mr.append(multi_resolution_spectral_distance(x, y))
                lm.append(log_mel_distance_db(x, y, rate))
                k, t = words_kept(recognise(source, work), recognise(resynth, work))
                kept += k
                total += t
            rows.append((voice, np.mean(mr), np.mean(lm), kept, total))
    print("| flite voice | MR spectral distance | log-mel distance (dB) | words kept (pocketsphinx) |")
    print("|---|---|---|---|")
    for voice, mr, lm, kept, total in rows:
        print(f"| {voice} | {mr:.3f} | {lm:.2f} | {kept} / {total} ({100 * kept / max(total, 1):.0f} %) |")
    mr_all = np.mean([r[1] for r in rows])
    lm_all = np.mean([r[2] for r in rows])
    kept_all = sum(r[3] for r in rows)
    total_all = sum(r[4] for r in rows)
    print(f"| **all** | **{mr_all:.3f}** | **{lm_all:.2f}** | **{kept_all} / {total_all} "
          f"({100 * kept_all / max(total_all, 1):.0f} %)** |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
