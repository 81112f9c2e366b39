#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Cost of the MIDI instrument per voice (docs/BENCHMARKS.md): `mynah render` at 48 kHz of 20 s of
# VOICES sustained notes (re-struck every second, so every voice sounds all the time), for 1 and 8
# voices; prints the real-time factor and the factor per sounding voice. One thread (OMP and torch
# use one intra-op thread in Mynah).
# Usage: bench/instrument_rtf.sh [INSTRUMENT] [MYNAH]     (REPEATS=3: the best of three runs)
set -euo pipefail
instrument=${1:-violin}
mynah=${2:-build/bin/mynah}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for voices in 1 8; do
  PYTHONPATH=models/training /usr/bin/python3 - "$work/v$voices.mid" "$voices" <<'PY'
import sys
from mynah_train.midi_io import Event, write_midi
path, voices = sys.argv[1], int(sys.argv[2])
events = []
for second in range(20):            # 120 bpm, 480 ticks per quarter: 960 ticks per second
    for v in range(voices):
        pitch = 62 + 3 * v
        events.append(Event(second * 960, "note_on", 0, pitch, 90))
        events.append(Event(second * 960 + 940, "note_off", 0, pitch, 0))
write_midi(path, sorted(events, key=lambda e: (e.tick, e.kind != "note_off")))
PY
  best=""
  for _ in $(seq "${REPEATS:-3}"); do
    rtf=$("$mynah" render --instrument "$instrument" "$work/v$voices.mid" -o "$work/out.wav" --json |
          grep -o '"realtime_factor":[0-9.e-]*' | cut -d: -f2)
    best=$(awk -v a="$rtf" -v b="$best" 'BEGIN {print (b == "" || a < b) ? a : b}')
  done
  awk -v r="$best" -v v="$voices" 'BEGIN {printf "%d voice(s): real-time factor %.4f, %.4f per voice\n", v, r, r / v}'
done
