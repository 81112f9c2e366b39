#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Mynah's main job on the bundled sample: install what is missing, build Release, convert the bundled
# voice sample with the default model through the real-time engine (offline), and say where the
# result is.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target mynah

mkdir -p out
build/bin/mynah convert --model voice_resynth assets/speech/mynah_demo_slt.wav -o out/mynah_demo_converted.wav >/dev/null
echo "Input:  $(pwd)/assets/speech/mynah_demo_slt.wav"
echo "Output: $(pwd)/out/mynah_demo_converted.wav (model voice_resynth)"
