#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Screenshots the plugin's editor: runs the Standalone under a virtual X server (Xvfb) and grabs the
# screen with ImageMagick, trimmed to the window.
#   plugin/screenshot.sh [BUILD_DIR] [OUTPUT.png]     defaults: build, docs/screenshots/plugin.png
# MYNAH_MODEL_PATH picks the models shown (see models/runtime/include/mynah/runtime/model_library.h).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-docs/screenshots/plugin.png}
app=$(find "$build/plugin/MynahVoice_artefacts" -path '*/Standalone/Mynah' -type f | head -n1)
[ -x "$app" ] || { echo "screenshot: no Standalone in $build (build the MynahVoice_Standalone target)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
raw=$(mktemp --suffix=.png)
trap 'rm -f "$raw"' EXIT
# The Standalone keeps its settings in ~/.config: use a throw-away HOME so runs are repeatable.
home=$(mktemp -d)
HOME=$home xvfb-run -a -s "-screen 0 1024x640x24" bash -c '
  "$1" & pid=$!
  sleep "${MYNAH_SCREENSHOT_WAIT_S:-8}"
  import -window root "$2"
  kill "$pid"; wait "$pid" 2>/dev/null || true' _ "$app" "$raw"
rm -rf "$home"
convert "$raw" -trim +repage "$out"
echo "screenshot: $out ($(identify -format '%wx%h' "$out"))"
