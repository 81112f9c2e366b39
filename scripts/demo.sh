#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Mynah's main job on the bundled sample: install what is missing, build Release, convert the bundled
# voice sample (flite's slt, a US female voice) into the default target voice (awb, a Scottish male
# voice: models/zoo/to_awb.md) through the real-time engine (offline), and say where the result is.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target mynah

mkdir -p out
model=to_awb
build/bin/mynah convert --model "$model" assets/speech/mynah_demo_slt.wav -o out/mynah_demo_converted.wav >/dev/null
echo "Input:  $(pwd)/assets/speech/mynah_demo_slt.wav"
echo "Output: $(pwd)/out/mynah_demo_converted.wav (model $model: the input's words and intonation in the voice awb)"
