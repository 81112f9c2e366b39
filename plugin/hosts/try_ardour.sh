#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Loads the built VST3 in Ardour 7 headless (ardour7-lua, dummy backend) in a scratch HOME: scans the
# bundle with Ardour's own scanner, then runs ardour_check.lua. Needs the `ardour` package.
# Usage: plugin/hosts/try_ardour.sh [BUILD_DIR]     (default build)
set -euo pipefail
build=${1:-build}
bundle=$(realpath "$build/plugin/MynahVoice_artefacts/Release/VST3/Mynah.vst3")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home/.vst3"
cp -r "$bundle" "$scratch/home/.vst3/"
export HOME=$scratch/home MYNAH_ARDOUR_SESSION=$scratch/session
LD_LIBRARY_PATH=/usr/lib/ardour7 /usr/lib/ardour7/ardour-vst3-scanner -f "$HOME/.vst3/Mynah.vst3"
ardour7-lua "$(dirname "$0")/ardour_check.lua"
