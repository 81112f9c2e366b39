#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Measures the shipped voice conversion models (issue 5's bars) in one command: held-out source voices
# reading held-out sentences, converted by the real engine (`mynah convert`), scored against each target
# reading the same sentences (mynah_train.vc_evaluate: MCD, word errors, F0 correlation, speaker check,
# next to the global-EQ baseline). Rewrites the vc-quality section of docs/QUALITY.md and the model
# cards models/zoo/to_*.md.
#
#   models/training/evaluate_voice_convert.sh       (SENTENCES=10 test sentences per source voice)
set -eu
cd "$(dirname "$0")/../.."
export PYTHONPATH=models/training MYNAH_BUILD_DIR="${MYNAH_BUILD_DIR:-build}"
py=/usr/bin/python3
json=$(mktemp)
trap 'rm -f "$json"' EXIT
models=""
for package in models/zoo/to_*.mynah; do
  name=$(basename "$package" .mynah)
  models="$models --model $name=$package"
done
# shellcheck disable=SC2086
$py -m mynah_train.vc_evaluate $models --sentences "${SENTENCES:-10}" --update-quality docs/QUALITY.md --json "$json" > /dev/null
for package in models/zoo/to_*.mynah; do
  $py -m mynah_train.vc_card "$package" --evaluation "$json" --command "models/training/evaluate_voice_convert.sh"
done
