"""The embedded store's file: the whole graph in one Arrow IPC file, and data derived from it.

``graph.arrow`` (graph.store.arrowgraph) opens in a fraction of the time JSON took: columns are read
as a whole, and the many relationships sharing a key or properties decode them once. The file is
written atomically (a temporary file in the same directory, fsync, then rename), so a crash or Ctrl-C
mid-write leaves the previous graph intact. Every write replaces the file, so its stamp (inode,
modification time in nanoseconds, size) changes with every write, also one by another process: the
stamp is how an open store sees that the file on disk is no longer the graph it holds.

A ``graph.json`` of the earlier format (graph.store.jsongraph) is converted on first open (kept as
``graph.json.old``, said once); ``partnernet dump FILE`` writes the graph as readable JSON.

Data derived from the graph (the search index) may be kept beside it in ``graph.<name>.json``, tagged
with the SHA-256 of the graph file it came from: once the graph file changes, it is ignored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import pyarrow as pa

from graph.errors import StoreError
from graph.model import Node
from graph.store import arrowgraph, jsongraph
from graph.store.adjacency import Adjacency
from graph.store.derived import derived_path, read_derived, write_derived  # noqa: F401  (re-exported)
from graph.store.shared import cyclic_gc_paused

log = logging.getLogger(__name__)
FILE_NAME = "graph.arrow"
LEGACY_SUFFIX = ".json"

Stamp = tuple[int, int, int]  # inode, modification time (ns), size


@dataclass
class GraphFile:
    """What a graph file holds, as the embedded store keeps it in memory."""

    nodes: dict[str, Node]
    edges: dict[tuple[str, str, str], dict]  # Edge.identity -> the edge's properties
    digest: str | None  # SHA-256 of the file's bytes; None for a graph not read from a file
    stamp: Stamp | None  # the file's stamp when it was read; None for no file
    adjacency: Adjacency = field(default_factory=Adjacency)  # neighbours per key, degrees

    @classmethod
    def empty(cls) -> "GraphFile":
        """A graph with no nodes and no edges, read from no file."""
        return cls({}, {}, None, None)


def graph_path(path: Path) -> Path:
    """The graph file of a data directory, or ``path`` itself when it names a ``.arrow`` file (a
    ``.json`` file name stands for the ``.arrow`` file beside it, which it is converted to).

    Parameters
    ----------
    path : pathlib.Path
        A data directory, or a graph file's name.

    Returns
    -------
    pathlib.Path
        ``<dir>/graph.arrow``, or ``path`` with the suffix ``.arrow``.

    Examples
    --------
    >>> graph_path(Path("var/partnernet")).name, graph_path(Path("x/net.json")).name
    ('graph.arrow', 'net.arrow')
    """
    if path.suffix in (".arrow", LEGACY_SUFFIX):
        return path.with_suffix(".arrow")
    return path / FILE_NAME


def file_stamp(path: Path) -> Stamp | None:
    """The stamp of the file at ``path``, or None when there is none: a cheap check (one stat) of
    whether the file is still the one that was read or written.

    Parameters
    ----------
    path : pathlib.Path
        The graph file.

    Returns
    -------
    (int, int, int) or None
        inode, modification time in nanoseconds, size in bytes.

    Examples
    --------
    >>> file_stamp(Path("/no/such/graph.arrow")) is None
    True
    """
    try:
        return _stamp(os.stat(path))
    except OSError:
        return None


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def open_graph(path: Path) -> GraphFile | None:
    """The graph of the file ``path``; None when neither it nor a JSON file of the earlier format
    beside it exists. A JSON file found instead is converted to ``path`` once (the JSON kept as
    ``<name>.json.old``) and a warning says so; when the directory cannot be written, the JSON is read
    as it is and the warning says what to do.

    Parameters
    ----------
    path : pathlib.Path
        The graph file (``graph_path`` of the data directory).

    Returns
    -------
    GraphFile or None
        Nodes, edges, adjacency index, the file's SHA-256 and stamp.

    Raises
    ------
    StoreError
        The file is damaged or of another format (see :func:`read_graph`).
    """
    if path.exists():
        return read_graph(path)
    legacy = path.with_suffix(LEGACY_SUFFIX)
    if not legacy.exists():
        return None
    held = read_graph(legacy)
    raw = arrowgraph.encode(held.nodes.values(), held.edges)
    try:
        tmp = _write_temp(path.parent, raw)
        try:
            os.link(tmp, path)  # only when no other process has converted or written it meanwhile
        finally:
            Path(tmp).unlink(missing_ok=True)
        legacy.replace(legacy.with_name(legacy.name + ".old"))
    except FileExistsError:
        return read_graph(path)
    except OSError as exc:
        log.warning("the graph file %s is of the earlier JSON format and could not be converted (%s); it is read "
                    "as it is, more slowly. Make %s writable to convert it", legacy, exc.strerror or exc, path.parent)
        held.stamp = None  # the stamp of the absent graph.arrow: refresh() does not take it for a removed file
        return held
    log.warning("converted the graph file %s to %s, which opens faster; the JSON file is kept as %s.old (delete "
                "it when no longer needed; `partnernet dump FILE` writes the graph as JSON)", legacy, path, legacy.name)
    return read_graph(path)


def read_graph(path: Path) -> GraphFile:
    """Read a graph file written by ``write_graph`` (or a JSON file of the earlier format).

    Parameters
    ----------
    path : pathlib.Path
        An Arrow graph file, or a JSON one of the earlier format.

    Returns
    -------
    GraphFile
        Nodes, edges, adjacency index, the file's SHA-256 and stamp.

    Raises
    ------
    StoreError
        The file cannot be read, is damaged, or is not a partnernet graph of this format version;
        the message names the file and says to load the data again.
    """
    try:
        with open(path, "rb") as fh:
            stamp = _stamp(os.fstat(fh.fileno()))  # of exactly the file read, even if replaced meanwhile
            raw = fh.read()
    except OSError as exc:
        raise StoreError(f"cannot read the graph file {path}: {exc.strerror or exc}") from None
    # a million objects and no cycles; frozen afterwards, or the collector's next passes walk the whole
    # graph (a second's pause in the first questions after opening)
    with cyclic_gc_paused(freeze=True):
        try:
            if arrowgraph.is_arrow(raw):
                nodes, edges, adjacency = arrowgraph.decode(raw)
            else:
                nodes, edges, adjacency = jsongraph.decode(raw)
        except (arrowgraph.NotThisFormat, jsongraph.NotThisFormat) as exc:
            if "not a partnernet graph" in str(exc):
                raise _damaged(path, str(exc)) from None
            raise StoreError(f"{path} is not a partnernet graph file of this version ({exc}); "
                             "move it away (or delete it) and load your data again") from None
        except UnicodeDecodeError as exc:
            raise _damaged(path, f"not JSON: {exc}") from None
        except json.JSONDecodeError as exc:
            what = "not JSON" if not arrowgraph.is_arrow(raw) else "properties that are not JSON"
            raise _damaged(path, f"{what}: {exc}") from None
        except RecursionError as exc:
            raise _damaged(path, f"not JSON: {exc}") from None
        except (pa.ArrowException, OSError, TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            raise _damaged(path, f"a record of the wrong shape: {type(exc).__name__}: {exc}") from None
    return GraphFile(nodes, edges, hashlib.sha256(raw).hexdigest(), stamp, adjacency)


def _damaged(path: Path, what: str) -> StoreError:
    return StoreError(f"the graph file {path} is damaged ({what}). Move it away (or delete it) and load your data "
                      f"again, e.g. partnernet --data-dir {path.parent} load demo")


def _write_temp(directory: Path, raw: bytes) -> str:
    """``raw`` in a new temporary file of ``directory``, flushed to disk; its path."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_graph(path: Path, nodes: Iterable[Node], edges: Mapping[tuple[str, str, str], dict], *,
                as_json: bool = False) -> tuple[str, Stamp]:
    """Write the graph to ``path`` atomically; returns the SHA-256 and the stamp of the new file.

    Parameters
    ----------
    path : Path
        The file to (re)place.
    nodes : iterable of Node
    edges : mapping
        ``Edge.identity`` -> the edge's properties.
    as_json : bool
        Write the readable JSON document (graph.store.jsongraph) instead of the Arrow file.

    Returns
    -------
    (str, (int, int, int))
        The SHA-256 of the bytes written and the stamp of the new file.

    Raises
    ------
    OSError
        The directory cannot be written (the previous file, if any, is left as it was).
    """
    with cyclic_gc_paused():
        raw = (jsongraph if as_json else arrowgraph).encode(nodes, edges)
    tmp = _write_temp(path.parent, raw)
    try:
        stamp = _stamp(os.stat(tmp))  # a rename keeps inode, time and size
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(raw).hexdigest(), stamp
