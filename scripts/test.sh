#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds everything (Release, -Werror on Mynah's code) and runs, in order:
#   1. the whole test suite with ctest (build/);
#   2. the whole suite built again with AddressSanitizer + UBSan (build-asan/): every test passes, and
#      no report (any report fails the stage; the tests timed against a wall-clock budget, overload
#      and the real-time soak, count there for their reports only: ASan's slowdown breaks their timing);
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

# ccache shares objects between clones of the repository (CI builds a fresh clone): paths are hashed
# relative to the clone, and the debug builds' line tables name them the same way.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1

echo "== Release build and full test suite"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

# The sanitizer builds: -O1 with line tables only (-g1), as ASan and TSan advise: reports name file and
# line, and the builds take about half the time of -O2 -g.
sanitizer_build=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG")

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build: the whole test suite"
# ASan's reports go to build-asan/asan-report.<pid>: any such file fails the stage, whatever the tests
# say (UBSan halts the test on its first report). Leaks in code that is not Mynah's are suppressed, one
# commented entry each, in tests/sanitizers/lsan.supp. The Python tests, and the trainer that `mynah
# learn` and the recorder start, run python3 with the ASan runtime preloaded (CMakeLists.txt). The overload tests and the soak (engine-overload,
# engine-soak) are timed against a paced audio thread, which ASan's 2-3x slowdown breaks: their
# assertions are checked in the Release run above, here only their reports count.
cmake -S . -B build-asan "${sanitizer_build[@]}" -DMYNAH_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
rm -f build-asan/asan-report.*
asan_status=0
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:log_path=$PWD/build-asan/asan-report"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE "^(engine-overload|engine-soak)$" || asan_status=1
if ! ctest --test-dir build-asan --output-on-failure -L "^(engine-overload|engine-soak)$" >build-asan/timed-tests.log; then
  # A UBSan report halts the test and shows in its output: that fails the stage; a missed timing does not.
  if grep -q "runtime error:" build-asan/timed-tests.log; then cat build-asan/timed-tests.log; asan_status=1
  else echo "(engine-overload, engine-soak: timing assertions missed under AddressSanitizer; they are checked in the Release run)"
  fi
fi
unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
if compgen -G "build-asan/asan-report.*" >/dev/null; then
  cat build-asan/asan-report.*
  echo "AddressSanitizer reported $(ls build-asan/asan-report.* | wc -l) process(es) (build-asan/asan-report.*)" >&2
  asan_status=1
fi
[ "$asan_status" -eq 0 ] || exit 1

echo "== ThreadSanitizer build: the engine's, the instrument pipeline's and the recorder's threaded tests"
# These binaries run Mynah's threads over stand-in networks (tests/engine/fake_session.h,
# tests/instrument/fake_instrument.h) or no model: no libtorch code runs in them (libtorch is not
# instrumented), so every report is about Mynah's code, and there is no suppressions file. Left out:
# engine-rt (it wraps malloc and pthread_mutex_lock to count them) and the tests that load real models.
# Reports go to build-tsan/tsan-report.<pid>: any such file fails the stage, whatever the tests say. A
# test that fails under TSan's 5-15x slowdown gets one more run; the overload tests (engine-overload)
# are timed against a wall-clock budget that TSan's slowdown breaks, so their assertions are left to
# the Release run above and here only their reports count.
cmake -S . -B build-tsan "${sanitizer_build[@]}" -DMYNAH_SANITIZE_THREAD=ON -DMYNAH_BUILD_PLUGIN=OFF \
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
