#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Throughput of `mynah convert` on a folder (docs/BENCHMARKS.md): UTTERANCES flite utterances (4 voices,
# the project's own sentences) resampled to 48 kHz, converted with --jobs 1 and --jobs 2, in the default
# mode (2-frame network calls, bit-identical to the plugin) and with --chunk 64 (batch mode).
# Prints audio seconds, wall seconds and x real time per run, and the fixed start-up cost of one process
# (libtorch's static initialisation), measured with `mynah --help`.
# Usage: bench/convert_throughput.sh [MODEL] [MYNAH]     (UTTERANCES=96 by default: about 5 minutes)
set -euo pipefail
model=${1:-voice_resynth}
mynah=${2:-build/bin/mynah}
count=${UTTERANCES:-96}
sentences=$(dirname "$0")/../models/training/mynah_train/sentences.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/in" "$work/out"
voices=(slt awb rms kal16)
i=0
while IFS= read -r text && [ "$i" -lt "$count" ]; do
  voice=${voices[$((i % 4))]}
  i=$((i + 1))
  flite -voice "$voice" -t "$text" -o "$work/tmp.wav"
  sox "$work/tmp.wav" -r 48000 "$work/in/utt$i.wav"
done < <(grep -v '^#' "$sentences" | grep -v '^ *$')
audio=$(soxi -D "$work"/in/*.wav | awk '{s += $1} END {printf "%.1f", s}')
echo "$i files, $audio s of 48 kHz audio"

seconds() { awk -v s="$1" -v e="$2" 'BEGIN {printf "%.2f", e - s}'; }
start=$(date +%s.%N)
"$mynah" --help >/dev/null
echo "start-up of one process (mynah --help): $(seconds "$start" "$(date +%s.%N)") s"

for chunk in 2 64; do
  for jobs in 1 2; do
    rm -f "$work"/out/*
    start=$(date +%s.%N)
    "$mynah" convert --model "$model" "$work"/in/*.wav --out-dir "$work/out" --jobs "$jobs" --chunk "$chunk" >/dev/null
    wall=$(seconds "$start" "$(date +%s.%N)")
    awk -v a="$audio" -v w="$wall" -v j="$jobs" -v c="$chunk" \
      'BEGIN {printf "--chunk %d --jobs %d: %.2f s wall = %.0fx real time\n", c, j, w, a / w}'
  done
done
