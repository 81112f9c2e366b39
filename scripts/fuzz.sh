#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) in build-fuzz and runs each for SECONDS
# (default 60) from its seed corpus (tests/fuzz/corpus/<target>) and the inputs it once crashed on
# (tests/fuzz/regressions/<target>, replayed first); new inputs go to a scratch folder, those two
# folders are never changed. A crash, hang (10 s) or leak leaves its input in build-fuzz/crashes/<target>/
# and fails the run: turn each one into a regression test (bytes in tests/fuzz/regressions/<target>, a
# test in tests/midi, tests/runtime, tests/plugin or tests/cli that replays them) with the fix.
#   scripts/fuzz.sh [SECONDS] [TARGET ...]      targets: midi model_metadata preset audio_file plugin_state
# Targets run side by side, one per core (MYNAH_FUZZ_JOBS=1: one after the other); each log is
# build-fuzz/fuzz_<target>.log. scripts/test.sh runs every target for 60 s.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(midi model_metadata preset audio_file plugin_state)
command -v clang++-14 >/dev/null || { echo "fuzz: needs clang-14 and libclang-rt-14-dev (scripts/install-deps.sh)" >&2; exit 1; }
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMYNAH_BUILD_FUZZERS=ON \
  -DMYNAH_BUILD_TESTS=OFF -DMYNAH_BUILD_BENCHMARKS=OFF -DMYNAH_BUILD_PYTHON=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
# Each target runs for SECONDS on one core; up to MYNAH_FUZZ_JOBS (default: the number of cores) at once.
fuzz_one() {
  local t=$1 scratch regressions=""
  scratch=$(mktemp -d)
  [ -d "tests/fuzz/regressions/$t" ] && regressions="tests/fuzz/regressions/$t"
  mkdir -p "build-fuzz/crashes/$t"
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "build-fuzz/bin/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="build-fuzz/crashes/$t/" -print_final_stats=1 "$scratch" "tests/fuzz/corpus/$t" $regressions \
      > "build-fuzz/fuzz_$t.log" 2>&1; then
    echo ok > "build-fuzz/fuzz_$t.result"
  else
    echo failed > "build-fuzz/fuzz_$t.result"
  fi
  rm -rf "$scratch"
}
parallel=${MYNAH_FUZZ_JOBS:-$(nproc)}
echo "== ${targets[*]/#/fuzz_}: $seconds s each, $parallel at a time"
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  rm -f "build-fuzz/fuzz_$t.result"
  fuzz_one "$t" &
done
wait
status=0
for t in "${targets[@]}"; do
  if [ "$(cat "build-fuzz/fuzz_$t.result" 2>/dev/null)" != ok ]; then
    echo "fuzz_$t FAILED: $(grep -m1 -E 'ERROR|SUMMARY|deadly' "build-fuzz/fuzz_$t.log" || tail -n 1 "build-fuzz/fuzz_$t.log")"
    status=1
  fi
  echo "fuzz_$t: $(grep -E "^stat::number_of_executed_units|^stat::new_units_added" "build-fuzz/fuzz_$t.log" | tr -s ' ' | tr '\n' ' ')"
done
exit "$status"
