"""Indexes built once from installed packages and kept in the user's cache directory.

``$PARTNERNET_CACHE_DIR``, else ``$XDG_CACHE_HOME/partnernet``, else ``~/.cache/partnernet``. Files
are marshal dumps of plain data (never pickle: reading a cache never runs code), named after what
they were built from, so that a new package version or index layout builds a new file. A missing,
unreadable or unwritable cache only costs time, and is said once (a warning naming the file and the
fix); an index that cannot be built at all is a :class:`graph.errors.SetupError`.
"""

from __future__ import annotations

import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

from graph.errors import PartnernetError, SetupError

T = TypeVar("T")
log = logging.getLogger(__name__)
_FIX_DIR = "set PARTNERNET_CACHE_DIR to a writable directory to keep them"
_unwritable: set[Path] = set()  # cache directories already reported, so that one is said once


def cache_file(name: str, version: str, layout: int) -> Path:
    """Where an index is cached: ``<cache dir>/<name>-<package version>-py311-v<layout>.marshal``.

    Parameters
    ----------
    name : str
        What is cached ("gazetteer", "areas" ...).
    version : str
        Version of the package the data comes from: a new release makes a new file.
    layout : int
        Version of the cached structure; raised when the code reading it changes.

    Returns
    -------
    pathlib.Path
        Under ``$PARTNERNET_CACHE_DIR``, else ``$XDG_CACHE_HOME/partnernet``, else ``~/.cache/partnernet``;
        the Python version is part of the name because marshal's format depends on it.
    """
    base = os.environ.get("PARTNERNET_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "partnernet")
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"
    return Path(base) / f"{name}-{version}-{python}-v{layout}.marshal"


def read(path: Path, layout: int) -> dict | None:
    """The cached data, or None when there is none of this layout.

    Parameters
    ----------
    path : pathlib.Path
        The file of :func:`cache_file`.
    layout : int
        The layout expected in its ``format`` entry.

    Returns
    -------
    dict or None
        The unmarshalled dict; None when the file is missing, of another layout, or unreadable (then
        logged as a warning and built again).
    """
    if not path.exists():
        return None
    try:
        # loads() on the whole file: load() on a file object reads it in small pieces, ten times slower
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.warning("cache file %s cannot be read (%s); building it again", path, exc)
        return None
    return data if isinstance(data, dict) and data.get("format") == layout else None


def write(path: Path, data: dict) -> None:
    """Replace the cache file in one step (a reader never sees half of it).

    A failure is logged as a warning with the fix, once per directory; the index then lives in memory
    only and is built again by the next process.

    Parameters
    ----------
    path : pathlib.Path
        The file of :func:`cache_file`; its directory is made when missing.
    data : dict
        What to keep; only types ``marshal`` writes (its ``format`` entry names the layout).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps(data))
        os.replace(tmp, path)
    except (OSError, ValueError) as exc:
        if path.parent not in _unwritable:
            _unwritable.add(path.parent)
            log.warning("cannot keep indexes in %s (%s): every start builds them again; %s", path.parent, exc,
                        _FIX_DIR)


def read_or_build(path: Path, layout: int, wrap: Callable[[dict], T], build: Callable[[], T],
                  to_data: Callable[[T], dict]) -> T:
    """``wrap(data)`` of the cached data, or ``build()`` (then cached as ``to_data`` of it) when there
    is no readable cache of this layout.

    Parameters
    ----------
    path : Path
        From :func:`cache_file`.
    layout : int
        The index layout the caller reads; a cache of another layout is built again.
    wrap, build, to_data : callables
        Cached data → index; () → index from the installed packages; index → data to cache.

    Returns
    -------
    The index.

    Raises
    ------
    SetupError
        ``build()`` failed: a package the index is made from is missing or broken. The message names
        the cache file and the fix (``make install``).

    Examples
    --------
    >>> gazetteer = read_or_build(cache_file("gazetteer", "3.0", 7), 7,  # doctest: +SKIP
    ...                           Gazetteer, build, Gazetteer.to_data)
    """
    data = read(path, layout)
    if data is not None:
        try:
            return wrap(data)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("cache file %s does not fit this version (%s); building it again", path, exc)
    log.info("building %s from the installed packages (once; later starts read it)", path.name)
    try:
        built = build()
    except PartnernetError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of a package's data is a broken installation
        raise SetupError(f"cannot build the index {path.name} from the installed packages "
                         f"({type(exc).__name__}: {exc}); reinstall them with `make install`") from exc
    write(path, to_data(built))
    return built
