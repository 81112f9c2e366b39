#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `mynah convert` refuses empty, truncated, damaged and non-audio inputs with one line naming the file
# and the reason, writes nothing and keeps an existing output; NaN and Inf samples in a float file read
# as silence. Usage: damaged_audio_test.sh MYNAH SAMPLE.wav MODEL.mynah
set -u
mynah=$1
sample=$2
model=$3
source "$(dirname "$0")/test_lib.sh"
bytes=$(stat -c %s "$sample")

: >"$work/empty.wav"
sox -n -r 16000 -c 1 "$work/no_samples.wav" trim 0 0
head -c $((bytes / 2)) "$sample" >"$work/truncated.wav"
head -c 40 "$sample" >"$work/cut_in_header.wav"
sox "$sample" "$work/whole.flac"
head -c $(($(stat -c %s "$work/whole.flac") / 3)) "$work/whole.flac" >"$work/truncated.flac"
cp "$work/whole.flac" "$work/damaged.flac"  # 3 kB of 0xff in the middle of the stream
head -c 3000 /dev/zero | tr '\0' '\377' | dd of="$work/damaged.flac" bs=1 seek=40000 conv=notrunc 2>/dev/null
sox "$sample" "$work/whole.ogg"
head -c $(($(stat -c %s "$work/whole.ogg") / 2)) "$work/whole.ogg" >"$work/truncated.ogg"
cp "$sample" "$work/bad_magic.wav" && printf 'JUNKJUNKJUNK' | dd of="$work/bad_magic.wav" bs=1 conv=notrunc 2>/dev/null
head -c 20000 "$mynah" >"$work/random.wav"  # bytes of a program
echo "not audio at all" >"$work/text.wav"

# All of them in one batch (one model load): one line each, naming the file and the reason; nothing written.
reasons=(
  "empty.wav|file is empty (0 bytes)"
  "no_samples.wav|audio file holds no samples"
  "truncated.wav|audio file is truncated"
  "cut_in_header.wav|cannot read as audio"
  "truncated.flac|audio file is truncated or damaged"
  "damaged.flac|audio file is truncated or damaged"
  "truncated.ogg|audio file is truncated or damaged"
  "bad_magic.wav|cannot read as audio"
  "random.wav|cannot read as audio"
  "text.wav|cannot read as audio"
)
inputs=()
for r in "${reasons[@]}"; do inputs+=("$work/${r%%|*}"); done
mkdir "$work/outdir"
"$mynah" convert --model "$model" "${inputs[@]}" --out-dir "$work/outdir" --jobs 1 >/dev/null 2>"$work/err" &&
  fail "a batch of damaged inputs exited 0"
[ "$(wc -l <"$work/err")" -eq ${#reasons[@]} ] || fail "expected ${#reasons[@]} lines, got: $(cat "$work/err")"
for r in "${reasons[@]}"; do
  grep -qF -- "$work/${r%%|*}: ${r#*|}" "$work/err" || fail "${r%%|*}: no line '$work/${r%%|*}: ${r#*|}'"
done
[ -z "$(ls -A "$work/outdir")" ] || fail "refused inputs left files: $(ls -A "$work/outdir")"

# One file alone: one line, exit 1, an existing output kept and no temporary file left.
for name in empty.wav truncated.flac; do
  echo keep >"$work/keep.wav"
  expect_error "$name alone" "$work/$name" -- "$mynah" convert --model "$model" "$work/$name" -o "$work/keep.wav"
  [ "$(cat "$work/keep.wav")" = keep ] || fail "$name: the existing output was clobbered"
  expect_no_temp_files "$work" "$name"
done
"$mynah" convert --model "$model" "$work/truncated.ogg" -o "$work/new.wav" 2>/dev/null && fail "a truncated Ogg converted"
[ -e "$work/new.wav" ] && fail "a refused input left an output"

# NaN and Inf samples in a float WAV read as silence: the output is exactly that of zeros in their place.
sox "$sample" -e floating-point -b 32 "$work/float.wav"
data=$(($(grep -obUa data "$work/float.wav" | head -1 | cut -d: -f1) + 8))
cp "$work/float.wav" "$work/nonfinite.wav" && cp "$work/float.wav" "$work/zeros.wav"
spoil() {  # spoil FILE SAMPLE BYTES: 100 copies of the 4-byte float BYTES from SAMPLE on
  printf "$(printf "$3%.0s" $(seq 100))" | dd of="$1" bs=1 seek=$((data + 4 * $2)) conv=notrunc 2>/dev/null
}
spoil "$work/nonfinite.wav" 40000 '\\x00\\x00\\xc0\\x7f' && spoil "$work/nonfinite.wav" 60000 '\\x00\\x00\\x80\\xff'
spoil "$work/zeros.wav" 40000 '\\x00\\x00\\x00\\x00' && spoil "$work/zeros.wav" 60000 '\\x00\\x00\\x00\\x00'
cmp -s "$work/nonfinite.wav" "$work/zeros.wav" && fail "NaN/Inf file: the samples were not spoiled"
mkdir "$work/finite"
"$mynah" convert --model "$model" "$work/nonfinite.wav" "$work/zeros.wav" --out-dir "$work/finite" --jobs 1 >/dev/null ||
  fail "a float file with NaN and Inf samples did not convert"
sox "$work"/finite/nonfinite.*.wav -t f32 "$work/nonfinite.f32" 2>/dev/null
sox "$work"/finite/zeros.*.wav -t f32 "$work/zeros.f32" 2>/dev/null
cmp -s "$work/nonfinite.f32" "$work/zeros.f32" || fail "NaN/Inf samples do not convert like zeros"

[ $failures -eq 0 ] && echo "all damaged-audio checks passed"
exit $((failures > 0))
