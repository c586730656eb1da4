"""The held-out test split of the ConfliBERT files, fixed by the text itself.

A sentence is held out when the SHA-1 of its whitespace-normalised text falls in the
first fifth of the hash space (about 20%): the same rule picks the same sentences in
training and in ``conflictlens eval events``, without storing any of the text.
"""
from __future__ import annotations

import hashlib

HELDOUT_FRACTION_OF_256 = 51  # 51/256 = 19.9% of sentences


def is_heldout(text: str) -> bool:
    norm = " ".join(text.split())
    return hashlib.sha1(norm.encode("utf-8")).digest()[0] < HELDOUT_FRACTION_OF_256
