#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `mynah render` (MIDI -> neural instrument) and an instrument in effect mode through `mynah convert`,
# end to end with a shipped instrument: lengths, levels, the gate, one-line errors, no clobbering.
# Usage: render_test.sh MYNAH INSTRUMENT.mynah SONG.mid
set -u
mynah=$1
instrument=$2
song=$3
source "$(dirname "$0")/test_lib.sh"

"$mynah" render --help | grep -q "usage: mynah render" || fail "render --help"

# A real tune, all of it: the output lasts the song plus the release, and it sounds.
"$mynah" render --instrument "$instrument" "$song" -o "$work/song.wav" --json >"$work/json" || fail "render failed"
for key in song_seconds seconds max_voices realtime_factor instrument; do
  grep -q "\"$key\"" "$work/json" || fail "JSON summary lacks $key"
done
[ "$(soxi -r "$work/song.wav")" = 48000 ] || fail "default output rate is not 48 kHz"
song_s=$(grep -o '"song_seconds":[0-9.]*' "$work/json" | cut -d: -f2)
out_s=$(soxi -D "$work/song.wav")
awk -v s="$song_s" -v o="$out_s" 'BEGIN {exit !(o >= s && o <= s + 0.2)}' || fail "output lasts $out_s s for a $song_s s song"
peak=$(sox "$work/song.wav" -n stat 2>&1 | awk '/Maximum amplitude/ {print $3}')
awk -v p="$peak" 'BEGIN {exit !(p > 0.01 && p < 1.0)}' || fail "rendered peak $peak is silent or clipping"
"$mynah" render --instrument "$instrument" "$song" -o "$work/song44.flac" --rate 44100 --polyphony 1 >/dev/null || fail "mono FLAC render failed"
[ "$(soxi -r "$work/song44.flac")" = 44100 ] || fail "--rate 44100 ignored"

# Errors: one line naming the culprit; an existing output is never clobbered.
printf 'MThd\0\0\0\6\0\1' >"$work/truncated.mid"
echo keep >"$work/keep.wav"
expect_error "truncated MIDI" "truncated.mid" -- "$mynah" render --instrument "$instrument" "$work/truncated.mid" -o "$work/keep.wav"
[ "$(cat "$work/keep.wav")" = keep ] || fail "a failed render clobbered the output"
expect_error "not MIDI" "not a MIDI file" -- "$mynah" render --instrument "$instrument" "$0" -o "$work/x.wav"
expect_error "missing MIDI" "no such file" -- "$mynah" render --instrument "$instrument" "$work/none.mid" -o "$work/x.wav"
expect_error "voice model" "not an instrument model" -- "$mynah" render --instrument to_awb "$song" -o "$work/x.wav"
expect_error "bad polyphony" "--polyphony" -- "$mynah" render --instrument "$instrument" "$song" -o "$work/x.wav" --polyphony 9
[ -e "$work/x.wav" ] && fail "a failed render left an output"

# Effect mode: a sung-like tone comes out as the instrument; silence and breath (noise) give silence.
sox -n -r 48000 "$work/tone.wav" synth 1.5 sine 220 vol 0.3 pad 0.3 0.3
sox -n -r 48000 "$work/breath.wav" synth 1.5 pinknoise vol 0.05
"$mynah" convert --model "$instrument" "$work/tone.wav" "$work/breath.wav" --out-dir "$work" --json >"$work/json" || fail "effect mode failed"
name=$(basename "$instrument" .mynah)
rms() { sox "$1" -n trim "$2" "$3" stat 2>&1 | awk '/RMS +amplitude/ {print $3}'; }
awk -v r="$(rms "$work/tone.$name.wav" 0.6 0.9)" 'BEGIN {exit !(r > 0.005)}' || fail "a steady tone gave no instrument sound"
awk -v r="$(rms "$work/tone.$name.wav" 0 0.25)" 'BEGIN {exit !(r == 0)}' || fail "leading silence is not silent"
awk -v r="$(rms "$work/breath.$name.wav" 0 1.5)" 'BEGIN {exit !(r == 0)}' || fail "breath noise was not gated to silence"
grep -q '"latency_ms"' "$work/json" || fail "effect mode JSON lacks the latency"

[ "$failures" -eq 0 ] && echo "render: all checks passed"
exit "$failures"
