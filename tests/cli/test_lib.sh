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
