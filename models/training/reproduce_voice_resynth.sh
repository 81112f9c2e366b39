#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Reproduces models/zoo/voice_resynth.mynah and the numbers in models/zoo/voice_resynth.md:
# generates the flite corpus (cached in ~/.cache/mynah/data), trains for 25 minutes of training time on
# one thread (checkpoints in $RUN; if interrupted, rerun the train line with --resume), exports the
# checkpoint with the best validation score, evaluates it on the held-out split and the QUALITY.md set
# against `mynah resynth`, and writes the package with those metrics.
#
#   models/training/reproduce_voice_resynth.sh            (RUN=/tmp/mynah_train/run, MYNAH_BUILD_DIR=build)
#
# Needs flite, pocketsphinx, /usr/bin/python3 with python3-torch, and a build with mynah_dsp_python and
# the mynah CLI. The run length is set in minutes, so the step count (and the weights) depend on the
# machine's speed.
set -eu
cd "$(dirname "$0")/../.."
RUN="${RUN:-/tmp/mynah_train/run}"
OUT="${OUT:-models/zoo/voice_resynth.mynah}"
export PYTHONPATH=models/training MYNAH_BUILD_DIR="${MYNAH_BUILD_DIR:-build}" OMP_NUM_THREADS=1
py=/usr/bin/python3
$py -m mynah_train.train --out "$RUN" --minutes 25
$py -m mynah_train.export --checkpoint "$RUN/best.pt" --output "$RUN/candidate.mynah"
$py -m mynah_train.evaluate --package "$RUN/candidate.mynah" --json "$RUN/metrics_heldout.json"
$py -m mynah_train.evaluate --package "$RUN/candidate.mynah" --set quality --words --json "$RUN/metrics_quality.json"
$py -m mynah_train.export --checkpoint "$RUN/best.pt" --output "$OUT" \
    --metrics "$RUN/metrics_heldout.json" "$RUN/metrics_quality.json"
