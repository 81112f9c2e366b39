# SPDX-License-Identifier: GPL-3.0-or-later
"""Mynah training code (run with Debian's /usr/bin/python3 and python3-torch).

- ``mynah_train.dsp_module``: the C++ dsp/ library as the ``mynah_dsp`` pybind11 module.
- ``mynah_train.features``: pure-torch, differentiable log-mel and loudness, parity-tested against
  the C++ FeatureExtractor (tests/python/test_parity.py).
- ``mynah_train.synth``: the torch twin of the C++ HarmonicNoiseSynth, parity-tested likewise.
"""
