#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds everything (Release, -Werror on Mynah's code) and runs, in order:
#   1. the whole test suite with ctest (build/);
#   2. the dsp, engine, learn, MIDI, instrument and CLI tests built again with AddressSanitizer + UBSan
#      (build-asan/);
#   3. the threaded tests built again with ThreadSanitizer (build-tsan/): the engine's (real-time worker,
#      model swaps from another thread, overload and recovery), the instrument pipeline's and the
#      recorder core's, with stand-in networks or no model (libtorch is not instrumented); any report
#      fails (the overload tests count for their reports only: TSan's slowdown breaks their timing);
#   4. every libFuzzer target for 60 s from its seeds, after replaying every input it once crashed on
#      (scripts/fuzz.sh 60, clang-14 with ASan + UBSan, build-fuzz/).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/install-deps.sh

echo "== Release build and full test suite"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build: dsp, engine, learn, MIDI, instrument and CLI tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMYNAH_SANITIZE=ON \
  -DMYNAH_BUILD_PYTHON=OFF -DMYNAH_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-asan -j"$jobs" --target mynah_dsp_tests mynah_engine_tests mynah_learn_tests mynah_midi_tests mynah_instrument_tests mynah
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -L "^(dsp|engine|cli|learn|midi|instrument)$"

echo "== ThreadSanitizer build: the engine's, the instrument pipeline's and the recorder's threaded tests"
# These binaries run Mynah's threads over stand-in networks (tests/engine/fake_session.h,
# tests/instrument/fake_instrument.h) or no model: no libtorch code runs in them (libtorch is not
# instrumented), so every report is about Mynah's code, and there is no suppressions file. Left out:
# engine-rt (it wraps malloc and pthread_mutex_lock to count them) and the tests that load real models.
# Reports go to build-tsan/tsan-report.<pid>: any such file fails the stage, whatever the tests say. A
# test that fails under TSan's 5-15x slowdown gets one more run; the overload tests (engine-overload)
# are timed against a wall-clock budget that TSan's slowdown breaks, so their assertions are left to
# the Release run above and here only their reports count.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMYNAH_SANITIZE_THREAD=ON -DMYNAH_BUILD_PLUGIN=OFF \
  -DMYNAH_BUILD_PYTHON=OFF -DMYNAH_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-tsan -j"$jobs" --target mynah_engine_tests mynah_overload_tests mynah_instrument_tests mynah_recorder_tests
rm -f build-tsan/tsan-report.*
export TSAN_OPTIONS="halt_on_error=1 abort_on_error=1 second_deadlock_stack=1 log_path=$PWD/build-tsan/tsan-report"
tsan_status=0
ctest --test-dir build-tsan --output-on-failure -j"$jobs" --repeat until-pass:2 -L "^(engine|instrument|recorder)$" || tsan_status=1
ctest --test-dir build-tsan -L "^engine-overload$" >/dev/null ||
  echo "(engine-overload: timing assertions missed under ThreadSanitizer; they are checked in the Release run)"
unset TSAN_OPTIONS
if compgen -G "build-tsan/tsan-report.*" >/dev/null; then
  cat build-tsan/tsan-report.*
  echo "ThreadSanitizer reported $(ls build-tsan/tsan-report.* | wc -l) process(es) (build-tsan/tsan-report.*)" >&2
  tsan_status=1
fi
[ "$tsan_status" -eq 0 ] || exit 1

echo "== libFuzzer: every target for 60 s"
scripts/fuzz.sh 60
echo "== all tests passed"
