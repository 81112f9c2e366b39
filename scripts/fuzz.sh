#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) in build-fuzz and runs each for SECONDS
# (default 60) from its seed corpus (tests/fuzz/corpus/<target>; new inputs go to a scratch folder, the
# seeds are never changed). A crash leaves its input in build-fuzz/crashes/<target>/ and fails the run:
# turn each one into a regression test (tests/midi, tests/runtime, tests/plugin, tests/cli).
#   scripts/fuzz.sh [SECONDS] [TARGET ...]      targets: midi model_metadata preset audio_file
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(midi model_metadata preset audio_file)
command -v clang++-14 >/dev/null || { echo "fuzz: needs clang-14 and libclang-rt-14-dev (scripts/install-deps.sh)" >&2; exit 1; }
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMYNAH_BUILD_FUZZERS=ON \
  -DMYNAH_BUILD_TESTS=OFF -DMYNAH_BUILD_BENCHMARKS=OFF -DMYNAH_BUILD_PYTHON=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
status=0
for t in "${targets[@]}"; do
  scratch=$(mktemp -d)
  mkdir -p "build-fuzz/crashes/$t"
  echo "== fuzz_$t for $seconds s"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "build-fuzz/bin/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="build-fuzz/crashes/$t/" -print_final_stats=1 "$scratch" "tests/fuzz/corpus/$t" \
      > "build-fuzz/fuzz_$t.log" 2>&1; then
    echo "fuzz_$t FAILED: $(grep -m1 -E 'ERROR|SUMMARY|deadly' "build-fuzz/fuzz_$t.log" || tail -n 1 "build-fuzz/fuzz_$t.log")"
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::new_units_added" "build-fuzz/fuzz_$t.log" | tr '\n' ' '
  echo
  rm -rf "$scratch"
done
exit "$status"
