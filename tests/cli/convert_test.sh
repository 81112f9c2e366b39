#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `mynah convert` and `mynah models` end to end, with the loader's test packages.
# Usage: convert_test.sh MYNAH SAMPLE.wav PACKAGES_DIR
set -u
mynah=$1
sample=$2
packages=$3
source "$(dirname "$0")/test_lib.sh"
valid=$packages/valid.mynah
frames=$(soxi -s "$sample")

"$mynah" convert --help | grep -q "usage: mynah convert" || fail "convert --help"
"$mynah" models --help | grep -q "usage: mynah models" || fail "models --help"

# One file: same length as the input, JSON summary with the engine's numbers.
"$mynah" convert --model "$valid" "$sample" -o "$work/one.wav" --json >"$work/json" || fail "convert failed"
[ "$(soxi -s "$work/one.wav")" = "$frames" ] || fail "output length differs from the input's"
for key in latency_samples latency_ms realtime_factor xruns model output; do
  grep -q "\"$key\"" "$work/json" || fail "JSON summary lacks $key"
done
grep -q '"xruns":0' "$work/json" || fail "offline conversion reported xruns"

# Several files into a folder, other formats and rates, stereo mixed to mono.
sox "$sample" -r 44100 -c 2 "$work/stereo44.flac"
sox "$sample" -r 48000 "$work/mono48.ogg"
mkdir "$work/outdir"
"$mynah" convert --model "$valid" "$work/stereo44.flac" "$work/mono48.ogg" --out-dir "$work/outdir" >/dev/null || fail "folder conversion failed"
[ -f "$work/outdir/stereo44.test_valid.wav" ] || fail "no stereo44.test_valid.wav"
[ "$(soxi -c "$work/outdir/stereo44.test_valid.wav")" = 1 ] || fail "stereo input did not give mono output"
[ "$(soxi -r "$work/outdir/stereo44.test_valid.wav")" = 44100 ] || fail "output rate is not the input's"
[ "$(soxi -s "$work/outdir/mono48.test_valid.wav")" = "$(soxi -s "$work/mono48.ogg")" ] || fail "48 kHz output length"
"$mynah" convert --model "$valid" "$sample" -o "$work/out.flac" >/dev/null || fail "FLAC output failed"
[ "$(soxi -t "$work/out.flac")" = flac ] || fail "FLAC output is not FLAC"

# Larger network chunks (batch speed) keep the length and alignment contract.
"$mynah" convert --model "$valid" "$sample" -o "$work/chunk8.wav" --chunk 8 >/dev/null || fail "--chunk 8 failed"
[ "$(soxi -s "$work/chunk8.wav")" = "$frames" ] || fail "--chunk 8 output length differs from the input's"
expect_error "bad chunk" "--chunk" -- "$mynah" convert --model "$valid" "$sample" -o "$work/x.wav" --chunk 0

# Models are found by name in MYNAH_MODEL_PATH and listed.
MYNAH_MODEL_PATH=$packages "$mynah" models | grep -q "^test_valid" || fail "models does not list test_valid"
MYNAH_MODEL_PATH=$packages "$mynah" models | grep -q "unusable.*bad_json.mynah" || fail "models hides a broken package"
MYNAH_MODEL_PATH=$packages "$mynah" convert --model valid "$sample" -o "$work/byname.wav" >/dev/null || fail "model by name failed"

# Errors: one line naming the culprit, nothing written, nothing clobbered.
expect_error "unknown model" "nosuchmodel" -- "$mynah" convert --model nosuchmodel "$sample" -o "$work/x.wav"
expect_error "NaN model" "nan_output.mynah" -- "$mynah" convert --model "$packages/nan_output.mynah" "$sample" -o "$work/x.wav"
expect_error "bad JSON" "bad_json.mynah" -- "$mynah" convert --model "$packages/bad_json.mynah" "$sample" -o "$work/x.wav"
expect_error "missing model file" "$work/gone.mynah" -- "$mynah" convert --model "$work/gone.mynah" "$sample" -o "$work/x.wav"
error_says "missing model file" "$work/gone.mynah: no such model file"
head -c 5000 "$valid" >"$work/cut.mynah"
expect_error "truncated model" "$work/cut.mynah" -- "$mynah" convert --model "$work/cut.mynah" "$sample" -o "$work/x.wav"
error_says "truncated model" "not a readable TorchScript model package"
expect_error "wrong version" "unknown_version.mynah" -- "$mynah" convert --model "$packages/unknown_version.mynah" "$sample" -o "$work/x.wav"
error_says "wrong version" "package format version 99 is not supported (this Mynah reads version 1)"
expect_error "wrong shape" "wrong_shape.mynah" -- "$mynah" convert --model "$packages/wrong_shape.mynah" "$sample" -o "$work/x.wav"
error_says "wrong shape" "forward returned controls of shape"
expect_error "no model" "--model" -- "$mynah" convert "$sample" -o "$work/x.wav"
expect_error "both outputs" "exactly one" -- "$mynah" convert --model "$valid" "$sample" -o "$work/x.wav" --out-dir "$work"
expect_error "bad output type" ".mp4" -- "$mynah" convert --model "$valid" "$sample" -o "$work/x.mp4"
[ -e "$work/x.wav" ] && fail "a failed conversion left an output"
echo "keep" >"$work/keep.wav"
echo "not audio" >"$work/bad.wav"
"$mynah" convert --model "$valid" "$work/bad.wav" -o "$work/keep.wav" 2>/dev/null && fail "converting a bad input succeeded"
[ "$(cat "$work/keep.wav")" = keep ] || fail "a failed conversion clobbered the existing output"

# Several inputs, one broken: the others are still converted, the broken one is named, exit 1.
mkdir "$work/mixed"
"$mynah" convert --model "$valid" "$sample" "$work/bad.wav" "$work/mono48.ogg" --out-dir "$work/mixed" --jobs 2 \
  >/dev/null 2>"$work/err" && fail "a batch with a broken file exited 0"
grep -qF "$work/bad.wav" "$work/err" || fail "the broken file of a batch is not named"
[ -f "$work/mixed/mono48.test_valid.wav" ] && [ -f "$work/mixed/mynah_demo_slt.test_valid.wav" ] ||
  fail "the good files of a batch were not converted"

[ $failures -eq 0 ] && echo "all convert checks passed"
exit $((failures > 0))
