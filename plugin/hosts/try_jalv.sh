#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the built LV2 in jalv on a JACK dummy backend (48 kHz, 512-sample periods) for a few seconds and
# lists its controls and the factory presets jalv sees. Needs the `jalv` and `jackd2` packages.
# Usage: plugin/hosts/try_jalv.sh [BUILD_DIR]     (default build)
set -euo pipefail
build=${1:-build}
export LV2_PATH=$(realpath "$build/plugin/MynahVoice_artefacts/Release/LV2")
export JACK_DEFAULT_SERVER=mynah-try-jalv JACK_NO_AUDIO_RESERVATION=1
jackd -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 512 > /dev/null 2>&1 &
jack=$!
trap 'kill $jack 2>/dev/null' EXIT
sleep 2
(sleep 6; echo controls; echo presets; sleep 1; echo quit) | jalv -n mynah https://mynah.example/plugins/voice
