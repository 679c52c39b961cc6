"""One writer at a time: the lock an embedded store's data directory is written under.

Two processes that load into the same embedded store at once would each read the graph file,
add their records in memory and write the whole file back: the second rename wins and the first
load is lost although both reported success. Every write that reads, changes and saves the store
(``partnernet load``, ``partnernet clear``, the app's first-start load) therefore runs inside
:func:`writing`, which

- takes an exclusive lock on ``.graph.arrow.lock`` beside the graph file (``filelock``: an
  ``fcntl`` lock on POSIX, released by the kernel when the holding process ends, so a killed
  writer never leaves the store locked);
- says once, in words, that it waits for another writer, and gives up with a clear message after
  ``PARTNERNET_LOCK_TIMEOUT`` seconds (default 600);
- reads the graph file again if another process changed it since this store opened it, so the
  changes are made on top of the other writer's;
- removes temporary files that killed writes left behind (``.graph-*.tmp``): while the lock is
  held no other process can be writing one;
- saves the store before it lets go of the lock.

A Neo4j store needs no lock here: the server serialises partnernet's write transactions itself
(see graph.store.cypher.TAKE_WRITE_LOCK).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import Callable, Iterator

from filelock import FileLock, Timeout

from graph.errors import StoreError
from graph.store.base import GraphStore

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 600.0
TEMP_PATTERN = ".graph-*.tmp"


def lock_path(graph_file: Path) -> Path:
    """Return the lock file of the graph file ``graph_file``.

    Parameters
    ----------
    graph_file : Path
        The embedded store's graph file, e.g. ``var/partnernet/graph.arrow``.

    Returns
    -------
    Path
        ``.<name>.lock`` in the same directory, e.g. ``var/partnernet/.graph.arrow.lock``.

    Examples
    --------
    >>> lock_path(Path("var/partnernet/graph.arrow")).name
    '.graph.arrow.lock'
    """
    return graph_file.with_name(f".{graph_file.name}.lock")


def _timeout() -> float:
    raw = os.environ.get("PARTNERNET_LOCK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0:
        raise StoreError(f"PARTNERNET_LOCK_TIMEOUT is {raw!r}; give the seconds to wait for another writer, "
                         f"e.g. 600, or leave it unset for {DEFAULT_TIMEOUT:.0f}")
    return value


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def remove_stale_temps(directory: Path) -> list[Path]:
    """Remove the temporary graph files that interrupted writes left in ``directory``.

    Only safe while the directory's write lock is held (no other writer can be making one).

    Parameters
    ----------
    directory : Path
        The embedded store's data directory.

    Returns
    -------
    list of Path
        The files removed (none if the directory does not exist).
    """
    removed = []
    for tmp in sorted(directory.glob(TEMP_PATTERN)) if directory.is_dir() else ():
        try:
            tmp.unlink()
        except OSError:
            continue
        removed.append(tmp)
    if removed:
        log.info("removed %d temporary file(s) left by interrupted writes in %s", len(removed), directory)
    return removed


@contextlib.contextmanager
def writing(store: GraphStore, *, say: Callable[[str], None] = _say,
            timeout: float | None = None) -> Iterator[GraphStore]:
    """Hold the store's write lock for the block, on top of what other writers saved; save at the end.

    Parameters
    ----------
    store : GraphStore
        The store to write. Only an embedded store kept in a file is locked; for any other store
        the block runs as it is (a Neo4j server orders the writes itself).
    say : callable, optional
        Told once, in words, when the block has to wait for another writer (default: standard error).
    timeout : float, optional
        Seconds to wait for another writer; default ``$PARTNERNET_LOCK_TIMEOUT`` or 600.

    Returns
    -------
    context manager yielding ``store``
        On a normal exit the store has been flushed before the lock is released.

    Raises
    ------
    StoreError
        Another process still holds the lock after ``timeout`` seconds, the data directory cannot
        hold a lock file, or the graph file cannot be read again.

    Examples
    --------
    >>> from graph.store.embedded import EmbeddedStore
    >>> import tempfile
    >>> store = EmbeddedStore(tempfile.mkdtemp())
    >>> with writing(store):
    ...     _ = store.upsert([])
    """
    path = getattr(store, "path", None)
    if store.kind != "embedded" or path is None:
        yield store
        store.flush()
        return
    limit = _timeout() if timeout is None else timeout
    lock_file = lock_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_file, thread_local=False)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            say(f"another partnernet process is writing to {path.parent}; waiting for it to finish "
                f"(up to {limit:.0f} s) …")
            try:
                lock.acquire(timeout=limit)
            except Timeout:
                raise StoreError(
                    f"another partnernet process is still writing to {path.parent} after {limit:.0f} s; "
                    "nothing was written. Try again when it has finished, or set PARTNERNET_LOCK_TIMEOUT "
                    "to wait longer") from None
    except OSError as exc:
        raise StoreError(f"cannot take the write lock {lock_file}: {exc.strerror or exc}; the data directory "
                         "must be writable") from None
    try:
        remove_stale_temps(path.parent)
        if store.refresh():  # another process saved since this store read the file: add to that
            log.info("%s changed since it was opened; read it again before writing", path)
        yield store
        store.flush()
    finally:
        lock.release()
