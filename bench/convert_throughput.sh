#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Throughput of `mynah convert` on a folder (docs/BENCHMARKS.md): 24 flite utterances at 48 kHz,
# converted with --jobs 1 and --jobs 2; prints audio seconds, wall seconds and x real time.
# Usage: bench/convert_throughput.sh [MODEL] [MYNAH]
set -euo pipefail
model=${1:-voice_resynth}
mynah=${2:-build/bin/mynah}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/in" "$work/out1" "$work/out2"
i=0
for voice in slt awb rms kal16; do
  for text in "The quick brown fox jumps over the lazy dog near the river bank." \
              "Please call Stella and ask her to bring these things with her from the store." \
              "Music is the universal language of mankind, said the poet." \
              "The birch canoe slid on the smooth planks." \
              "Glue the sheet to the dark blue background." \
              "It is easy to tell the depth of a well."; do
    i=$((i + 1))
    flite -voice "$voice" -t "$text" -o "$work/tmp.wav"
    sox "$work/tmp.wav" -r 48000 "$work/in/utt$i.wav"
  done
done
audio=$(soxi -D "$work"/in/*.wav | awk '{s += $1} END {printf "%.1f", s}')
for jobs in 1 2; do
  start=$(date +%s.%N)
  "$mynah" convert --model "$model" "$work"/in/*.wav --out-dir "$work/out$jobs" --jobs "$jobs" ${CHUNK:+--chunk $CHUNK} >/dev/null
  end=$(date +%s.%N)
  awk -v a="$audio" -v s="$start" -v e="$end" -v j="$jobs" \
    'BEGIN {printf "jobs %d: %.1f s of 48 kHz audio in %.2f s wall = %.0fx real time\n", j, a, e - s, a / (e - s)}'
done
