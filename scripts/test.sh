#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds everything (Release, -Werror on Mynah's code), runs the whole test
# suite with ctest, then builds the dsp, engine, learn, MIDI, instrument and CLI tests again with AddressSanitizer + UBSan and runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/install-deps.sh

echo "== Release build and full test suite"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build: dsp, engine and CLI tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMYNAH_SANITIZE=ON \
  -DMYNAH_BUILD_PYTHON=OFF -DMYNAH_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-asan -j"$jobs" --target mynah_dsp_tests mynah_engine_tests mynah_learn_tests mynah_midi_tests mynah_instrument_tests mynah
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -L "^(dsp|engine|cli|learn|midi|instrument)$"
echo "== all tests passed"
