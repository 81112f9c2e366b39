#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `mynah resynth` must keep speech intelligible: pocketsphinx (en-us) must recognise at least 70 % of
# the words it recognises in the original, in order (word-level longest common subsequence).
# Usage: resynth_intelligibility.sh MYNAH SAMPLE.wav
set -eu
mynah=$1
sample=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$mynah" resynth "$sample" -o "$work/resynth.wav" >/dev/null
sox -D "$work/resynth.wav" -r 16000 -b 16 -c 1 "$work/resynth16.wav" 2>/dev/null
sox -D "$sample" -r 16000 -b 16 -c 1 "$work/orig16.wav" 2>/dev/null
orig=$(pocketsphinx_continuous -infile "$work/orig16.wav" -logfn /dev/null 2>/dev/null | tr '\n' ' ')
resy=$(pocketsphinx_continuous -infile "$work/resynth16.wav" -logfn /dev/null 2>/dev/null | tr '\n' ' ')
echo "original: $orig"
echo "resynth:  $resy"
/usr/bin/python3 - "$orig" "$resy" <<'PY'
import sys
a, b = sys.argv[1].split(), sys.argv[2].split()
lcs = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
for i in range(len(a)):
    for j in range(len(b)):
        lcs[i + 1][j + 1] = lcs[i][j] + 1 if a[i] == b[j] else max(lcs[i][j + 1], lcs[i + 1][j])
share = lcs[-1][-1] / max(1, len(a))
print(f"words kept: {lcs[-1][-1]} of {len(a)} ({100 * share:.0f} %)")
sys.exit(0 if len(a) >= 8 and share >= 0.7 else 1)
PY
