#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Screenshots the recorder: runs it under a virtual X server (Xvfb, so no audio device) with a takes
# folder holding one recorded take and one converted file, while it learns a voice from a dropped
# recording, and grabs the screen with ImageMagick. The learning is stopped with the app.
#   standalone/recorder/screenshot.sh [BUILD_DIR] [OUTPUT.png]   defaults: build, docs/screenshots/recorder.png
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
out=${2:-docs/screenshots/recorder.png}
app=$build/bin/MynahRecorder
mynah=$build/bin/mynah
[ -x "$app" ] || { echo "screenshot: no $app (build the MynahRecorder target)" >&2; exit 1; }
[ -x "$mynah" ] || { echo "screenshot: no $mynah (build the mynah target)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=assets/speech/mynah_demo_slt.wav
# A take as the recorder writes it (the demo sample stands in for a recording) and a drag-in result.
mkdir -p "$work/takes" "$work/home"
cp "$sample" "$work/takes/take-2025-01-15_10-42-07-dry.wav"
sox $(for i in $(seq 12); do echo "$sample"; done) "$work/target-voice.wav"
"$mynah" convert --model voice_resynth "$sample" -o "$work/takes/take-2025-01-15_10-42-07-converted.wav" >/dev/null
"$mynah" convert --model voice_resynth "$sample" -o "$work/takes/mynah_demo_slt.voice_resynth.wav" >/dev/null
# setsid: the app and the trainer it starts form one process group, stopped together.
HOME=$work/home XDG_DATA_HOME=$work/home/.local/share MYNAH_MODEL_PATH= xvfb-run -a -s "-screen 0 1024x768x24" bash -c '
  setsid "$1" --takes "$2" --learn-drop "$4" --learn my-voice & pid=$!
  sleep "${MYNAH_SCREENSHOT_WAIT_S:-8}"
  import -window root "$3"
  kill -- -"$pid"; wait "$pid" 2>/dev/null || true' _ "$app" "$work/takes" "$work/raw.png" "$work/target-voice.wav"
convert "$work/raw.png" -trim +repage "$out"
echo "screenshot: $out ($(identify -format '%wx%h' "$out"))"
