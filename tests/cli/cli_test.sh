#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: cli_test.sh MYNAH SAMPLE.wav
set -u
mynah=$1
sample=$2
source "$(dirname "$0")/test_lib.sh"

# --help on the tool and on every command.
"$mynah" --help | grep -q resynth || fail "mynah --help lists no resynth"
for cmd in resynth analyze; do
  "$mynah" $cmd --help >"$work/help" || fail "$cmd --help exit code"
  grep -q "usage: mynah $cmd" "$work/help" || fail "$cmd --help prints no usage"
done

# resynth writes a WAV of the input's length and rate, and says where.
"$mynah" resynth "$sample" -o "$work/out.wav" >"$work/said" || fail "resynth on the sample failed"
grep -qF "$work/out.wav" "$work/said" || fail "resynth does not print the output path"
in_frames=$(soxi -s "$sample" 2>/dev/null || echo x)
out_frames=$(soxi -s "$work/out.wav" 2>/dev/null || echo y)
[ "$in_frames" = "$out_frames" ] || fail "resynth output has $out_frames samples, input $in_frames"
ls -a "$work" | grep -q '^\.out\.wav\.' && fail "resynth left a temporary file behind"

# analyze: summary and CSV with a header and one row per 5 ms frame.
"$mynah" analyze "$sample" | grep -q "voiced frames" || fail "analyze prints no summary"
"$mynah" analyze "$sample" --csv >"$work/a.csv" || fail "analyze --csv failed"
head -1 "$work/a.csv" | grep -qx "time_s,f0_hz,voicing_confidence,voiced,loudness_db" || fail "analyze CSV header"
rows=$(($(wc -l <"$work/a.csv") - 1))
[ "$rows" -eq $((in_frames / 80)) ] || fail "analyze CSV has $rows rows, expected $((in_frames / 80))"
"$mynah" analyze "$sample" --csv --mel | head -1 | grep -q ",mel_79$" || fail "analyze --mel adds no mel columns"
"$mynah" analyze "$sample" --csv --fft kiss >"$work/k.csv" || fail "analyze --fft kiss failed"

# Bad input: one line naming the culprit, non-zero exit.
expect_error "missing input" "$work/nope.wav" -- "$mynah" resynth "$work/nope.wav" -o "$work/x.wav"
echo "not audio at all" >"$work/text.wav"
expect_error "not audio" "$work/text.wav" -- "$mynah" analyze "$work/text.wav"
: >"$work/empty.wav"
expect_error "empty file" "$work/empty.wav" -- "$mynah" analyze "$work/empty.wav"
head -c 60 "$sample" >"$work/truncated.wav"
expect_error "truncated WAV" "$work/truncated.wav" -- "$mynah" resynth "$work/truncated.wav" -o "$work/t.wav"
expect_error "directory as input" "$work" -- "$mynah" analyze "$work"
expect_error "output folder missing" "$work/no/such/dir/o.wav" -- "$mynah" resynth "$sample" -o "$work/no/such/dir/o.wav"
expect_error "output is a directory" "$work" -- "$mynah" resynth "$sample" -o "$work"
"$mynah" resynth "$sample" -o /dev/null >/dev/null 2>"$work/err" && fail "resynth replaced /dev/null"
[ -c /dev/null ] || fail "/dev/null is no longer a device"
grep -qF "/dev/null" "$work/err" || fail "writing over /dev/null: error does not name it"
expect_error "output under /sys (unwritable even for root)" "/sys/mynah_test.wav" -- "$mynah" resynth "$sample" -o /sys/mynah_test.wav
ln -s "$work/real.wav" "$work/link.wav" && echo "old" >"$work/real.wav"
"$mynah" resynth "$sample" -o "$work/link.wav" >/dev/null || fail "resynth through a symlink failed"
[ -L "$work/link.wav" ] || fail "the output symlink was replaced by a file"
[ "$(soxi -s "$work/real.wav" 2>/dev/null)" = "$in_frames" ] || fail "the symlink's target was not written"
expect_error "no -o" "-o" -- "$mynah" resynth "$sample"
expect_error "unknown option" "--bogus" -- "$mynah" analyze "$sample" --bogus
expect_error "bad FFT backend" "mkl" -- "$mynah" analyze "$sample" --fft mkl
expect_error "unknown command" "frobnicate" -- "$mynah" frobnicate
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$work/ro" && chmod 555 "$work/ro"
  expect_error "unwritable folder" "$work/ro/o.wav" -- "$mynah" resynth "$sample" -o "$work/ro/o.wav"
fi

# A failed run never clobbers an existing output file.
echo "precious" >"$work/keep.wav"
"$mynah" resynth "$work/text.wav" -o "$work/keep.wav" 2>/dev/null && fail "resynth of a bad input succeeded"
[ "$(cat "$work/keep.wav")" = "precious" ] || fail "a failed run clobbered the existing output"

[ $failures -eq 0 ] && echo "all CLI checks passed"
exit $((failures > 0))
