"""Indexes built once from installed packages and kept in the user's cache directory.

``$PARTNERNET_CACHE_DIR``, else ``$XDG_CACHE_HOME/partnernet``, else ``~/.cache/partnernet``. Files
are marshal dumps of plain data (never pickle: reading a cache never runs code), named after what
they were built from, so that a new package version or index layout builds a new file. A missing,
unreadable or unwritable cache only costs time.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def cache_file(name: str, version: str, layout: int) -> Path:
    """``<cache dir>/<name>-<package version>-py311-v<layout>.marshal``."""
    base = os.environ.get("PARTNERNET_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "partnernet")
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"
    return Path(base) / f"{name}-{version}-{python}-v{layout}.marshal"


def read(path: Path, layout: int) -> dict | None:
    """The cached data, or None when there is none of this layout."""
    if not path.exists():
        return None
    try:
        # loads() on the whole file: load() on a file object reads it in small pieces, ten times slower
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) and data.get("format") == layout else None


def write(path: Path, data: dict) -> None:
    """Replace the cache file in one step (a reader never sees half of it); failures are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(data))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass


def read_or_build(path: Path, layout: int, wrap: Callable[[dict], T], build: Callable[[], T],
                  to_data: Callable[[T], dict]) -> T:
    """``wrap(data)`` of the cached data, or ``build()`` (then cached as ``to_data`` of it) when there
    is no readable cache of this layout."""
    data = read(path, layout)
    if data is not None:
        try:
            return wrap(data)
        except (KeyError, TypeError, ValueError):
            pass
    built = build()
    write(path, to_data(built))
    return built
