#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Screenshots the plugin's editor: runs the Standalone under a virtual X server (Xvfb) and grabs the
# screen with ImageMagick, trimmed to the window.
#   plugin/screenshot.sh [BUILD_DIR] [OUTPUT.png]     defaults: build, docs/screenshots/plugin.png
# MYNAH_MODEL_PATH picks the models shown (see models/runtime/include/mynah/runtime/model_library.h).
#
# With signal: when jackd, sox and ALSA's jack plugin (Debian: jackd2, sox, libasound2-plugins) are
# present, the Standalone's ALSA input plays MYNAH_SCREENSHOT_INPUT (default: the bundled demo speech)
# in real time, paced by a JACK server with the dummy backend, so the meters, the spectrograms and
# the pitch trace show a voice. Otherwise the editor is shot without signal.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-docs/screenshots/plugin.png}
input=${MYNAH_SCREENSHOT_INPUT:-assets/speech/mynah_demo_slt.wav}
app=$(find "$build/plugin/MynahVoice_artefacts" -path '*/Standalone/Mynah' -type f | head -n1)
[ -x "$app" ] || { echo "screenshot: no Standalone in $build (build the MynahVoice_Standalone target)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
# The Standalone keeps its settings in ~/.config: use a throw-away HOME so runs are repeatable.
home=$(mktemp -d)
raw="$home/screen.png"
jack_pid=
cleanup() {
  [ -n "$jack_pid" ] && kill "$jack_pid" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT

jack_plugin=$(find /usr/lib -name libasound_module_pcm_jack.so 2>/dev/null | head -n1 || true)
if command -v jackd >/dev/null && command -v sox >/dev/null && [ -n "$jack_plugin" ] && [ -f "$input" ]; then
  rate=48000
  sox "$input" -r $rate -c 2 -e floating-point -b 32 -t raw "$home/input.f32" repeat 9
  # ALSA default device: playback discarded; capture reads the file, paced by JACK's dummy clock.
  cat > "$home/.asoundrc" <<EOF
pcm.!default {
  type asym
  playback.pcm "null"
  capture.pcm { type plug; slave { pcm "mynah_file_input"; format FLOAT_LE; rate $rate; channels 2 } }
}
pcm.mynah_jack_clock { type jack; capture_ports { 0 system:capture_1 1 system:capture_2 } }
pcm.mynah_file_input { type file; slave.pcm "mynah_jack_clock"; file "/dev/null"; infile "$home/input.f32"; format "raw" }
EOF
  # The Standalone mutes its input by default (feedback guard): unmute it for the shot.
  mkdir -p "$home/.config"
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<PROPERTIES><VALUE name="shouldMuteInput" val="0"/></PROPERTIES>\n' \
    > "$home/.config/Mynah.settings"
  export JACK_DEFAULT_SERVER="mynah_screenshot_$$" JACK_NO_AUDIO_RESERVATION=1
  HOME=$home jackd -n "$JACK_DEFAULT_SERVER" -d dummy -r $rate -p 512 -C 2 -P 2 >/dev/null 2>&1 &
  jack_pid=$!
  sleep 1
else
  echo "screenshot: no jackd/sox/ALSA jack plugin or no $input: shooting the editor without signal" >&2
fi

HOME=$home xvfb-run -a -s "-screen 0 1024x640x24" bash -c '
  "$1" & pid=$!
  sleep "${MYNAH_SCREENSHOT_WAIT_S:-10}"
  import -window root "$2"
  kill "$pid"; wait "$pid" 2>/dev/null || true' _ "$app" "$raw"
convert "$raw" -trim +repage "$out"
echo "screenshot: $out ($(identify -format '%wx%h' "$out"))"
