# SPDX-License-Identifier: GPL-3.0-or-later
"""Mynah's own English sentences (sentences.txt) and their fixed split by position.

A sentence at position i (0-based, comments and blank lines skipped) is ``test`` when i % 10 == 0,
``val`` when i % 10 == 5 and ``train`` otherwise. Never reorder or delete lines of sentences.txt:
append new ones at the end, so every sentence keeps its split.
"""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

SENTENCES_FILE = Path(__file__).with_name("sentences.txt")
SPLITS = ("train", "val", "test")


def load_sentences() -> List[str]:
    """The sentences of sentences.txt, in order."""
    lines = SENTENCES_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def sentence_split(index: int) -> str:
    """``test``, ``val`` or ``train`` for the sentence at position ``index``."""
    if index % 10 == 0:
        return "test"
    if index % 10 == 5:
        return "val"
    return "train"


def sentence_indices(split: str, limit: Optional[int] = None) -> List[int]:
    """Positions of the sentences in ``split`` (the first ``limit`` of them, if given)."""
    if split not in SPLITS:
        raise ValueError(f"unknown sentence split {split!r} (expected one of {', '.join(SPLITS)})")
    indices = [i for i in range(len(load_sentences())) if sentence_split(i) == split]
    return indices[:limit] if limit is not None else indices
