#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Reproduces the neural instruments in models/zoo (<instrument>.mynah): each trained MINUTES on
# TRAIN_PHRASES fluidsynth phrases of train-split tunes, checkpoints chosen on VAL_PHRASES phrases of
# validation-split tunes (instrument_train.py), exported with the package check. Two instruments train at
# a time (one thread each); runs live in $RUN_ROOT/<instrument> and resume with --resume when
# interrupted (run the script again).
#
#   models/training/reproduce_instruments.sh   (RUN_ROOT=/tmp/mynah_instruments, MYNAH_BUILD_DIR=build)
#
# Needs fluidsynth and the two SoundFonts (scripts/install-deps.sh), /usr/bin/python3 with python3-torch,
# and a build with mynah_dsp_python. Training time is set in minutes, so step counts depend on the machine.
set -eu
cd "$(dirname "$0")/../.."
RUN_ROOT="${RUN_ROOT:-/tmp/mynah_instruments}"
MINUTES="${MINUTES:-10}"
TRAIN_PHRASES="${TRAIN_PHRASES:-80}"
VAL_PHRASES="${VAL_PHRASES:-8}"
INSTRUMENTS="${INSTRUMENTS:-violin flute trumpet cello alto_sax}"
export PYTHONPATH=models/training MYNAH_BUILD_DIR="${MYNAH_BUILD_DIR:-build}" OMP_NUM_THREADS=1
py=/usr/bin/python3

train() {  # instrument
  resume=""
  [ -f "$RUN_ROOT/$1/last.pt" ] && resume="--resume"
  $py -m mynah_train.instrument_train --instrument "$1" --out "$RUN_ROOT/$1" --minutes "$MINUTES" \
      --train-phrases "$TRAIN_PHRASES" --val-phrases "$VAL_PHRASES" --data "$RUN_ROOT/data" \
      --checkpoint-seconds 90 $resume > "$RUN_ROOT/$1.log" 2>&1
  $py -m mynah_train.export --checkpoint "$RUN_ROOT/$1/best.pt" --output "models/zoo/$1.mynah" --name "$1" \
      --command "INSTRUMENTS=$1 models/training/reproduce_instruments.sh" \
      --description "Neural $(echo "$1" | tr _ ' '): sing, whistle or play into it, or play it from MIDI" >> "$RUN_ROOT/$1.log" 2>&1
  echo "$1: $(tail -1 "$RUN_ROOT/$1.log")"
}

mkdir -p "$RUN_ROOT"
set -- $INSTRUMENTS
while [ $# -gt 0 ]; do
  train "$1" &
  first=$!
  if [ $# -gt 1 ]; then train "$2"; shift; fi
  wait "$first"
  shift
done
