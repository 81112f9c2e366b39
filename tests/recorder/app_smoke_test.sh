#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The recorder app under a virtual X server with no audio device: the window opens, says there is no
# device, converts a file handed to it as if dropped (with the shipped model) and exits cleanly.
# Usage: app_smoke_test.sh MYNAH_RECORDER SAMPLE.wav
set -u
app=$1
sample=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/out" ] && cat "$work/out" >&2; [ -f "$work/err" ] && tail -20 "$work/err" >&2; exit 1; }

cp "$sample" "$work/dropped.wav"
mkdir -p "$work/home"
# A throw-away HOME: no user models (the source tree's zoo is the only one) and no saved settings.
HOME=$work/home XDG_DATA_HOME=$work/home/.local/share MYNAH_MODEL_PATH= \
  timeout 180 xvfb-run -a -s "-screen 0 1024x768x24" \
  "$app" --takes "$work/takes" --drop "$work/dropped.wav" --smoke-test >"$work/out" 2>"$work/err"
status=$?
[ $status -eq 0 ] || fail "the app exited with status $status"
grep -q "^smoke test: window shown" "$work/out" || fail "no smoke-test line"
grep -q "audio device: No audio device" "$work/out" || fail "the window does not say that there is no audio device"
grep -q "model: Converted dropped" "$work/out" || fail "the dropped file was not converted"
converted=$(ls "$work/takes"/dropped.*.wav 2>/dev/null | head -n1)
[ -n "$converted" ] || fail "no converted file in the takes folder"
[ "$(soxi -s "$converted")" = "$(soxi -s "$sample")" ] || fail "the converted file's length differs from the input's"
echo "ok: $(cat "$work/out")"
