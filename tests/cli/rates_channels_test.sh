#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `mynah convert` at every common sample rate from 8 to 192 kHz and with 1 to 8 channels: the output is
# mono, at the input's rate and length, at the input's level, and N identical channels convert exactly
# like one (they are averaged to mono). Usage: rates_channels_test.sh MYNAH SAMPLE.wav MODEL.mynah
set -u
mynah=$1
sample=$2
model=$3
source "$(dirname "$0")/test_lib.sh"
in_rms=$(rms "$sample")

# One batch per table (one model load); each output is checked on its own.
mkdir "$work/rates" "$work/rates_out"
rates="8000 11025 22050 44100 48000 96000 176400 192000"
for rate in $rates; do sox "$sample" -r "$rate" "$work/rates/r$rate.wav"; done
"$mynah" convert --model "$model" "$work"/rates/*.wav --out-dir "$work/rates_out" --jobs 2 >/dev/null 2>"$work/err" ||
  fail "converting at every rate failed: $(cat "$work/err")"
for rate in $rates; do
  out=$(ls "$work/rates_out"/r$rate.*.wav 2>/dev/null)
  [ -f "$out" ] || { fail "$rate Hz: no output"; continue; }
  [ "$(soxi -r "$out" 2>/dev/null)" = "$rate" ] || fail "$rate Hz: output rate is $(soxi -r "$out" 2>/dev/null)"
  [ "$(soxi -c "$out" 2>/dev/null)" = 1 ] || fail "$rate Hz: output is not mono"
  [ "$(soxi -s "$out" 2>/dev/null)" = "$(soxi -s "$work/rates/r$rate.wav")" ] || fail "$rate Hz: output length differs from the input's"
  out_rms=$(rms "$out")
  within_db "$out_rms" "$in_rms" 6 || fail "$rate Hz: output RMS $out_rms, input $in_rms"
done

mkdir "$work/channels" "$work/channels_out"
for c in 1 2 3 4 5 6 7 8; do sox "$sample" -c "$c" "$work/channels/c$c.wav"; done
"$mynah" convert --model "$model" "$work"/channels/*.wav --out-dir "$work/channels_out" --jobs 2 >/dev/null 2>"$work/err" ||
  fail "converting 1 to 8 channels failed: $(cat "$work/err")"
sox "$work"/channels_out/c1.*.wav -t f32 "$work/mono.f32" 2>/dev/null || fail "1 channel: no output"
for c in 2 3 4 5 6 7 8; do
  out=$(ls "$work/channels_out"/c$c.*.wav 2>/dev/null)
  [ "$(soxi -c "$out" 2>/dev/null)" = 1 ] || { fail "$c channels: output is not mono"; continue; }
  sox "$out" -t f32 "$work/c$c.f32" 2>/dev/null
  cmp -s "$work/mono.f32" "$work/c$c.f32" || fail "$c identical channels do not convert exactly like one"
done

[ $failures -eq 0 ] && echo "all rate and channel checks passed"
exit $((failures > 0))
