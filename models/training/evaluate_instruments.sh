#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Measures every shipped instrument (models/zoo/*.mynah of kind instrument) on PHRASES held-out phrases
# (instrument_evaluate.py), rewrites the instrument section of docs/QUALITY.md and each model card.
#   models/training/evaluate_instruments.sh      (PHRASES=10, MYNAH_BUILD_DIR=build)
set -eu
cd "$(dirname "$0")/../.."
export PYTHONPATH=models/training MYNAH_BUILD_DIR="${MYNAH_BUILD_DIR:-build}"
py=/usr/bin/python3
json=$(mktemp)
trap 'rm -f "$json"' EXIT
args=""
for name in ${INSTRUMENTS:-violin flute trumpet cello alto_sax}; do
  [ -f "models/zoo/$name.mynah" ] && args="$args --instrument $name=models/zoo/$name.mynah"
done
# shellcheck disable=SC2086
$py -m mynah_train.instrument_evaluate $args --phrases "${PHRASES:-10}" --update-quality docs/QUALITY.md --json "$json"
for name in ${INSTRUMENTS:-violin flute trumpet cello alto_sax}; do
  [ -f "models/zoo/$name.mynah" ] && $py -m mynah_train.instrument_card "models/zoo/$name.mynah" --evaluation "$json"
done
