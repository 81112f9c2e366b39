# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the CLI test scripts (sourced): a scratch folder, failure counting, and expect_error.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_error DESCRIPTION NEEDLE -- command...: non-zero exit, exactly one stderr line naming NEEDLE.
expect_error() {
  local what=$1 needle=$2; shift 3
  "$@" >"$work/out" 2>"$work/err" && fail "$what: exit code 0"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$what: stderr is not one line: $(cat "$work/err")"
  grep -qF -- "$needle" "$work/err" || fail "$what: error does not name '$needle': $(cat "$work/err")"
}

# expect_no_temp_files DIR WHAT: no hidden temporary output (.NAME.XXXXXX, see audio_io) left in DIR.
expect_no_temp_files() {
  local left
  left=$(find "$1" -maxdepth 1 -name '.*.??????' -type f 2>/dev/null)
  [ -z "$left" ] || fail "$2: temporary files left behind: $left"
}

# rms FILE: the RMS amplitude of an audio file (sox).
rms() { sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}'; }

# within_db A B DB: the amplitudes A and B are within DB decibels of each other.
within_db() {
  [[ $1 =~ ^[0-9.]+(e-?[0-9]+)?$ && $2 =~ ^[0-9.]+(e-?[0-9]+)?$ ]] || return 1  # not "nan", "inf" or empty
  awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN {exit !(a > 0 && b > 0 && (20 * log(a / b) / log(10)) ^ 2 <= d * d)}'
}

# error_says WHAT TEXT: the last expect_error's message also says TEXT (the reason, beside the culprit).
error_says() { grep -qF -- "$2" "$work/err" || fail "$1: error does not say '$2': $(cat "$work/err")"; }
