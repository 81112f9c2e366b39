# SPDX-License-Identifier: GPL-3.0-or-later
"""A neural instrument learns, exports and plays (CI smoke test, about a minute):

- instrument_train on 4 flute phrases for 60 steps: the training loss falls and the validation
  phrases' spectral distance ends below the untrained network's;
- the exporter writes a package that passes the loader's checks, with the instrument section;
- `mynah render` plays a MIDI file with it (not silent, the right length), and the evaluation's
  pitch measure on its rendering of a test phrase is within 10 cents.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from mynah_train import export, instrument_evaluate, instrument_train
from mynah_train.package import check_package, load_package
from mynah_train.wav import read_wav

MYNAH = Path(os.environ.get("MYNAH_CLI", "build/bin/mynah"))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run = tmp / "run"
        status = instrument_train.main(["--instrument", "flute", "--out", str(run), "--train-phrases", "4",
                                        "--val-phrases", "1", "--max-steps", "60", "--log-steps", "20",
                                        "--crop-frames", "100", "--checkpoint-seconds", "1000", "--data", str(tmp / "data")])
        assert status == 0, status
        history = json.loads((run / "history.json").read_text())
        checkpoint = __import__("torch").load(run / "last.pt")
        losses = checkpoint["recent_losses"]
        first, last = float(np.mean(losses[:10])), float(np.mean(losses[-10:]))
        print(f"training loss {first:.3f} -> {last:.3f}; validation {history[0]['val_mr_distance']:.3f} -> "
              f"{history[-1]['val_mr_distance']:.3f}")
        assert last < first, "the training loss did not fall"
        assert history[-1]["val_mr_distance"] < history[0]["val_mr_distance"], "validation did not improve"

        package = tmp / "flute_smoke.mynah"
        export.export(run / "best.pt", package, name="flute_smoke", description="smoke test", timing_calls=0)
        check_package(package)
        _, metadata = load_package(package)
        assert metadata["kind"] == "instrument" and metadata["instrument"]["name"] == "flute", metadata["kind"]
        assert metadata["realtime_chunk_frames"] == 1

        phrase = instrument_evaluate.instrument_data.build_dataset("flute", "test", 1, tmp / "test", rate_hz=16000)[0]
        out = tmp / "phrase.wav"
        subprocess.run([str(MYNAH), "render", "--instrument", str(package), str(phrase.with_suffix(".mid")), "-o", str(out)],
                       check=True)
        rate, audio = read_wav(out)
        last_note_end = max(float(n["end_s"]) for n in json.loads(phrase.with_suffix(".json").read_text())["notes"])
        assert rate == 48000
        assert last_note_end <= len(audio) / rate <= last_note_end + 3.0, (len(audio) / rate, last_note_end)
        assert np.sqrt(np.mean(audio ** 2)) > 1e-3, "the rendering is silent"
        score = instrument_evaluate.score_phrase(phrase, package, metadata["instrument"], MYNAH, tmp)
        cents = float(np.median(np.abs(score["cents"])))
        print(f"rendered {len(audio) / rate:.1f} s; pitch median error {cents:.1f} cents over {score['notes']} notes")
        assert cents <= 10.0
    print("instrument smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
