#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `mynah convert` when the output cannot be written: an unwritable folder, a file-size limit (ulimit -f:
# the write fails halfway, as on a full disk) and, where an unprivileged mount namespace is allowed, a
# really full disk (a 64 kB tmpfs). Each: one line naming the output and the reason, exit 1, the existing
# file untouched and no temporary file left. Usage: output_faults_test.sh MYNAH SAMPLE.wav MODEL.mynah
set -u
mynah=$1
sample=$2
model=$3
source "$(dirname "$0")/test_lib.sh"

# Unwritable folder: /sys refuses even root; a read-only folder refuses everyone else.
expect_error "output under /sys" "/sys/mynah_test.wav" -- "$mynah" convert --model "$model" "$sample" -o /sys/mynah_test.wav
error_says "output under /sys" "cannot write output here (Permission denied)"
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$work/ro" && chmod 555 "$work/ro"
  expect_error "read-only folder" "$work/ro/o.wav" -- "$mynah" convert --model "$model" "$sample" -o "$work/ro/o.wav"
  error_says "read-only folder" "Permission denied"
fi

# The disk fills halfway through the write (a 100 kB file-size limit; the output is ~370 kB).
echo precious >"$work/keep.wav"
expect_error "file-size limit" "$work/keep.wav" -- bash -c 'ulimit -f 100; exec "$@"' _ "$mynah" convert --model "$model" "$sample" -o "$work/keep.wav"
error_says "file-size limit" "writing output failed (System error : File too large.)"
[ "$(cat "$work/keep.wav")" = precious ] || fail "file-size limit: the existing output was clobbered"
expect_no_temp_files "$work" "file-size limit"
mkdir "$work/batch"
bash -c 'ulimit -f 100; exec "$@"' _ "$mynah" convert --model "$model" "$sample" "$sample" --out-dir "$work/batch" --jobs 2 \
  >/dev/null 2>"$work/err" && fail "file-size limit, batch: exit 0"
[ "$(grep -c "writing output failed" "$work/err")" -eq 2 ] || fail "file-size limit, batch: $(cat "$work/err")"
[ -z "$(ls -A "$work/batch")" ] || fail "file-size limit, batch: files left: $(ls -A "$work/batch")"

# A really full disk (ENOSPC) where this machine lets an unprivileged user mount a tmpfs.
mkdir "$work/full"
if unshare -rm bash -c 'mount -t tmpfs -o size=64k tmpfs "$0"' "$work/full" 2>/dev/null; then
  unshare -rm bash -c 'full=$1; shift; mount -t tmpfs -o size=64k tmpfs "$full" && echo precious >"$full/keep.wav" &&
                       "$@" 2>"$0/err"; echo "exit $?" >"$0/status"; cat "$full/keep.wav" >"$0/kept"; ls -A "$full" >"$0/left"' \
    "$work" "$work/full" "$mynah" convert --model "$model" "$sample" -o "$work/full/keep.wav"
  grep -qx "exit 1" "$work/status" || fail "full disk: $(cat "$work/status")"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "full disk: stderr is not one line: $(cat "$work/err")"
  error_says "full disk" "$work/full/keep.wav: writing output failed (System error : No space left on device.)"
  [ "$(cat "$work/kept")" = precious ] || fail "full disk: the existing output was clobbered"
  [ "$(cat "$work/left")" = keep.wav ] || fail "full disk: files left: $(cat "$work/left")"
else
  echo "note: no unprivileged tmpfs mount here; the real full-disk check is skipped"
fi

[ $failures -eq 0 ] && echo "all output-fault checks passed"
exit $((failures > 0))
