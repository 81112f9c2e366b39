#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Very long input: 20 minutes (at 8 kHz, to stay fast) convert to exactly the input's length, and the last
# seconds sound like the first (no drift in pitch or level); a file past the 2^31-sample limit is refused
# at once, in one line, without reading it. Usage: long_audio_test.sh MYNAH MODEL.mynah
set -u
mynah=$1
model=$2
source "$(dirname "$0")/test_lib.sh"

sox -n -r 8000 -c 1 -b 16 "$work/ten.wav" synth 10 sine 220 vol 0.3  # 2200 whole cycles: repeats seamlessly
sox "$work/ten.wav" "$work/long.wav" repeat 119
"$mynah" convert --model "$model" "$work/long.wav" -o "$work/out.wav" --chunk 64 >/dev/null 2>"$work/err" ||
  fail "converting 20 minutes failed: $(cat "$work/err")"
[ "$(soxi -s "$work/out.wav" 2>/dev/null)" = 9600000 ] || fail "20 minutes gave $(soxi -s "$work/out.wav" 2>/dev/null) samples, not 9600000"
sox "$work/out.wav" "$work/first.wav" trim 10 10 2>/dev/null
sox "$work/out.wav" "$work/last.wav" trim 1185 10 2>/dev/null
within_db "$(rms "$work/last.wav")" "$(rms "$work/first.wav")" 1 ||
  fail "level drifted: RMS $(rms "$work/first.wav") at 10 s, $(rms "$work/last.wav") at 1185 s"
pitch() { sox "$1" -n stat 2>&1 | awk '/Rough +frequency/ {print $3}'; }
awk -v a="$(pitch "$work/first.wav")" -v b="$(pitch "$work/last.wav")" 'BEGIN {exit !(a > 200 && a < 240 && b > 0.98 * a && b < 1.02 * a)}' ||
  fail "pitch drifted: $(pitch "$work/first.wav") Hz at 10 s, $(pitch "$work/last.wav") Hz at 1185 s"

# 2^31 + 8000 samples of 8-bit mono WAV, sparse on disk: refused before anything is read.
frames=$(((1 << 31) + 8000))
le32() { printf "$(printf '\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)))"; }
{ printf 'RIFF'; le32 $((36 + frames)); printf 'WAVEfmt '; le32 16
  printf '\x01\x00\x01\x00'; le32 8000; le32 8000; printf '\x01\x00\x08\x00data'; le32 "$frames"; } >"$work/huge.wav"
truncate -s $((44 + frames)) "$work/huge.wav"
expect_error "over 2^31 samples" "$work/huge.wav" -- timeout 20 "$mynah" convert --model "$model" "$work/huge.wav" -o "$work/huge_out.wav"
error_says "over 2^31 samples" "audio file is too long"
[ -e "$work/huge_out.wav" ] && fail "a refused input left an output"

[ $failures -eq 0 ] && echo "all long-input checks passed"
exit $((failures > 0))
