#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `mynah learn` end to end on a small sample: refuses unfit recordings with the reason, learns a voice
# in a short run (--minutes 0.3), the voice converts, and an existing file is never replaced.
# Usage: learn_test.sh MYNAH DEMO_WAV
set -uo pipefail
mynah=$1 demo=$2
source "$(dirname "$0")/test_lib.sh"
export XDG_DATA_HOME=$work/xdg HOME=$work/home MYNAH_MODEL_PATH=

# A minute of speech: the bundled sample twelve times; a short one: the sample once.
sox $(for i in $(seq 12); do echo "$demo"; done) "$work/minute.wav"
expect_error "too short" "too short" -- "$mynah" learn --name short "$demo" -o "$work/short.mynah"
[ -e "$work/short.mynah" ] && fail "a refused sample left an output file"
expect_error "bad name" "--name" -- "$mynah" learn --name "a b" "$work/minute.wav"
expect_error "missing file" "missing.wav" -- "$mynah" learn --name x "$work/missing.wav"

"$mynah" learn --name tiny "$work/minute.wav" --minutes 0.3 > "$work/learn.out" 2> "$work/learn.err" ||
  fail "learn failed: $(tail -5 "$work/learn.err")"
model=$work/xdg/mynah/models/tiny.mynah
[ -f "$model" ] || fail "learn did not write $model: $(cat "$work/learn.out")"
grep -q "learning: 100 %" "$work/learn.err" || fail "no progress to 100 %: $(tail -3 "$work/learn.err")"
ls -a "$work/xdg/mynah/models" | grep -q learn- && fail "the work folder was left behind"
"$mynah" models | grep -q "^tiny " || fail "mynah models does not list the learned voice"
"$mynah" convert --model tiny "$demo" -o "$work/converted.wav" > /dev/null || fail "convert with the learned voice failed"
[ "$(soxi -s "$work/converted.wav")" = "$(soxi -s "$demo")" ] || fail "converted length differs from the input"

sum=$(md5sum < "$model")
expect_error "existing output" "exists already" -- "$mynah" learn --name tiny "$work/minute.wav" --minutes 0.3
[ "$(md5sum < "$model")" = "$sum" ] || fail "an existing voice was replaced"

[ "$failures" -eq 0 ] && echo "learn: all checks passed"
exit $((failures > 0))
