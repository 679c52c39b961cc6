"""Pausing Python's cyclic garbage collector while many small objects are made.

Loading a table, opening a store or building a gazetteer index makes hundreds of thousands of small
objects and no garbage cycles worth collecting: collection passes would walk them all again and again,
for a fifth to a half of the time. Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic-GC passes inside the block; the collector's former state is restored after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
