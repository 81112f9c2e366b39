#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Reproduces the voice conversion models in models/zoo: the base weights that `mynah learn` starts from
# (voice_convert_base.pt, trained on every base voice of the generated corpus) and the shipped targets
# (to_<voice>.mynah, each the base fine-tuned on that voice's own speech, the training sentences only,
# for TARGET_STEPS steps). The base trains on the target and pre-training voices of voices.py (all 208
# training sentences each), never on a test or validation voice.
# Each target's checkpoint is chosen on validation sentences only: vc_train.py keeps the one with the best
# validation conversion MCD (best.pt) and the final weights (last.pt), and vc_select.py exports whichever of
# the two keeps more words of the other targets reading the validation sentences (chosen.pt). Runs live in
# $RUN_ROOT and resume with --resume if interrupted.
#
#   models/training/reproduce_voice_convert.sh     (RUN_ROOT=/tmp/mynah_vc, MYNAH_BUILD_DIR=build)
#
# Needs flite, festival and espeak-ng (scripts/install-deps.sh), /usr/bin/python3 with python3-torch, and a
# build with mynah_dsp_python and the mynah CLI. The base trains for BASE_MINUTES (so its step count depends
# on the machine's speed); each target for TARGET_STEPS steps (at most TARGET_MAX_MINUTES), its learning rate
# annealed over the steps, so that targets trained side by side on a busy machine get the same training.
set -eu
cd "$(dirname "$0")/../.."
RUN_ROOT="${RUN_ROOT:-/tmp/mynah_vc}"
BASE_MINUTES="${BASE_MINUTES:-30}"
TARGET_STEPS="${TARGET_STEPS:-2400}"
TARGET_MAX_MINUTES="${TARGET_MAX_MINUTES:-40}"
TARGETS="${TARGETS:-slt awb rms}"
export PYTHONPATH=models/training MYNAH_BUILD_DIR="${MYNAH_BUILD_DIR:-build}" OMP_NUM_THREADS=1
py=/usr/bin/python3
# The base keeps all of the input's spectral detail (--source-detail 1); the targets half, and they keep the
# base's input convolutions as it learned them (--freeze front, the default; vc_train.py)
$py -m mynah_train.vc_train --out "$RUN_ROOT/base" --minutes "$BASE_MINUTES" --checkpoint-seconds 120 --source-detail 1
$py -m mynah_train.vc_base "$RUN_ROOT/base/best.pt" models/zoo/voice_convert_base.pt
for voice in $TARGETS; do
  $py -m mynah_train.vc_train --out "$RUN_ROOT/$voice" --init models/zoo/voice_convert_base.pt \
      --target-voice "$voice" --max-steps "$TARGET_STEPS" --minutes "$TARGET_MAX_MINUTES" --lr 5e-4 \
      --checkpoint-seconds 60
  $py -m mynah_train.vc_select "$RUN_ROOT/$voice" --target-voice "$voice"
  $py -m mynah_train.export --checkpoint "$RUN_ROOT/$voice/chosen.pt" --output "models/zoo/to_$voice.mynah" \
      --name "to_$voice" --command "TARGETS=$voice models/training/reproduce_voice_convert.sh" \
      --description "Voice conversion: any voice into the flite voice $voice (learned from its speech alone)"
done
