# SPDX-License-Identifier: GPL-3.0-or-later
"""Mynah training code (run with Debian's /usr/bin/python3 and python3-torch).

- ``mynah_train.dsp_module``: the C++ dsp/ library as the ``mynah_dsp`` pybind11 module.
- ``mynah_train.features``: pure-torch, differentiable log-mel and loudness, parity-tested against
  the C++ FeatureExtractor (tests/python/test_parity.py).
- ``mynah_train.synth``: the torch twin of the C++ HarmonicNoiseSynth, parity-tested likewise;
  ``mynah_train.fast_synth``: the same signal arranged for fast training.
- ``mynah_train.metrics``: the quality numbers of docs/QUALITY.md; ``mynah_train.losses``: their
  differentiable twin (multi-resolution STFT loss).
- ``mynah_train.inputs``: the model's input frames (held F0 rule, silence frame), as the engine builds them.
- ``mynah_train.data``: the flite speech corpus, its splits and its on-disk cache.
- ``mynah_train.voices``: every English TTS voice of the Debian packages (flite, festival, espeak-ng) behind
  ``synthesise(voice, text)``, with the fixed voice splits of voice conversion; ``sentences``: the sentence
  list and its test/val/train split; ``wav``: WAV reading and writing.
- ``mynah_train.vc_evaluate`` (command line): voice-conversion quality (docs/QUALITY.md) from
  ``vc_metrics`` (MCD with DTW, the global-EQ baseline, F0 agreement), ``speaker_id`` (the speaker check's
  classifier) and ``vc_report`` (aggregates, Markdown, the QUALITY.md section).
- ``mynah_train.model``: the voice resynthesis network (TorchScript-scriptable).
- ``mynah_train.rendering``: features -> network (one pass or streamed like the engine) -> synthesiser.
- ``mynah_train.train``, ``export``, ``evaluate`` (command lines), ``package`` (.mynah files and the
  loader's checks), ``timing`` (cost per engine call).
"""
