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
- ``mynah_train.model``: the voice resynthesis network (TorchScript-scriptable).
- ``mynah_train.rendering``: features -> network (one pass or streamed like the engine) -> synthesiser.
- ``mynah_train.train``, ``export``, ``evaluate`` (command lines), ``package`` (.mynah files and the
  loader's checks), ``timing`` (cost per engine call).
"""
