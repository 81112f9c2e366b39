# SPDX-License-Identifier: GPL-3.0-or-later
"""Imports the ``mynah_dsp`` pybind11 module (dsp/python/module.cpp) from the CMake build.

The module is looked for in ``$MYNAH_BUILD_DIR/lib`` (default: ``<repo>/build/lib``); build it with
``cmake -S . -B build && cmake --build build --target mynah_dsp_python``. Use it as::

    from mynah_train.dsp_module import mynah_dsp
"""
import importlib
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


def build_dir() -> Path:
    """The CMake build folder that holds lib/mynah_dsp*.so."""
    return Path(os.environ.get("MYNAH_BUILD_DIR", str(REPO_ROOT / "build"))).resolve()


def _load():
    lib = build_dir() / "lib"
    if str(lib) not in sys.path:
        sys.path.insert(0, str(lib))
    try:
        return importlib.import_module("mynah_dsp")
    except ImportError as error:
        raise ImportError(
            f"cannot import mynah_dsp from {lib} ({error}); build target mynah_dsp_python there "
            "or set MYNAH_BUILD_DIR to the CMake build folder") from None


mynah_dsp = _load()
