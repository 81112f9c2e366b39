#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The recorder app under a virtual X server with no audio device: the window opens, says there is no
# device, converts a file handed to it as if dropped (with the shipped model), refuses to learn a
# voice from a recording that is too short, and exits cleanly. Then it learns a voice from about 70 s
# of speech in a short run (--learn-minutes 0.3) and plays it at once: the voice is chosen and loaded.
# Usage: app_smoke_test.sh MYNAH_RECORDER SAMPLE.wav
set -u
app=$1
sample=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/out" ] && cat "$work/out" >&2; [ -f "$work/err" ] && tail -20 "$work/err" >&2; exit 1; }

# Under AddressSanitizer (scripts/test.sh) the app's leak check is off: probing for audio devices,
# JUCE and ALSA load the JACK client library, which leaks 96 bytes when no JACK server runs, from code
# that is unloaded before the check, so nothing can name or suppress it. Every other ASan and UBSan
# check stays on; the recorder's own code is leak-checked in its unit tests. (No effect without ASan.)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# run_app ARGS...: the app in smoke-test mode; stdout in $work/out, stderr in $work/err.
run_app() {
  # A throw-away HOME: no user models (the source tree's zoo is the only one) and no saved settings.
  HOME=$work/home XDG_DATA_HOME=$work/home/.local/share MYNAH_MODEL_PATH= \
    timeout 300 xvfb-run -a -s "-screen 0 1024x768x24" \
    "$app" --takes "$work/takes" --smoke-test "$@" >"$work/out" 2>"$work/err"
  status=$?
  [ $status -eq 0 ] || fail "the app exited with status $status"
  grep -q "^smoke test: window shown" "$work/out" || fail "no smoke-test line"
}

cp "$sample" "$work/dropped.wav"
mkdir -p "$work/home"
run_app --drop "$work/dropped.wav" --learn-drop "$sample" --learn short
grep -q "audio device: No audio device" "$work/out" || fail "the window does not say that there is no audio device"
grep -q "model: Converted dropped" "$work/out" || fail "the dropped file was not converted"
converted=$(ls "$work/takes"/dropped.*.wav 2>/dev/null | head -n1)
[ -n "$converted" ] || fail "no converted file in the takes folder"
[ "$(soxi -s "$converted")" = "$(soxi -s "$sample")" ] || fail "the converted file's length differs from the input's"
grep -q "learn: the recordings are not fit to learn from: too short" "$work/out" || fail "a short recording was not refused"
models=$work/home/.local/share/mynah/models
[ -z "$(ls -A "$models" 2>/dev/null)" ] || fail "a refused recording left files in $models"
echo "ok: $(cat "$work/out")"

sox $(for i in $(seq 12); do echo "$sample"; done) "$work/speech.wav"
run_app --learn-drop "$work/speech.wav" --learn tiny --learn-minutes 0.3
grep -q "learn: Learned 'tiny'" "$work/out" || fail "the voice was not learned"
grep -q "model: Loaded tiny" "$work/out" || fail "the learned voice was not chosen and loaded"
[ "$(ls -A "$models")" = "tiny.mynah" ] || fail "the model folder holds $(ls -A "$models"), not tiny.mynah alone"
echo "ok: $(cat "$work/out")"
