"""The embedded store's file: the whole graph as one JSON document, and data derived from it.

The file is written atomically (a temporary file in the same directory, fsync, then rename), so a
crash or Ctrl-C mid-write leaves the previous graph intact. JSON rather than pickle so that opening
a file never runs code from it. Every write replaces the file, so its stamp (inode, modification
time in nanoseconds, size) changes with every write, also one by another process: the stamp is how
an open store sees that the file on disk is no longer the graph it holds.

Data derived from the graph (the search index) may be kept beside it in ``graph.<name>.json``,
tagged with the SHA-256 of the graph file it was derived from: once the graph file changes, the
tag no longer matches and the derived file is ignored until it is made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import networkx as nx

from graph.errors import StoreError, ValidationError
from graph.model import _DEFAULT_EDGE_PROPERTIES, EDGE_PROPERTIES, NODE_PROPERTIES, REL_TYPES, Edge, Node

FORMAT = "partnernet-graph"
FORMAT_VERSION = 1
DERIVED_FORMAT = "partnernet-derived"
_DERIVED_NAME = re.compile(r"[a-z][a-z0-9-]*")

Stamp = tuple[int, int, int]  # inode, modification time (ns), size


@dataclass
class GraphFile:
    """What a graph file holds, as the embedded store keeps it in memory."""

    nodes: dict[str, Node]
    edges: dict[tuple[str, str, str], Edge]  # by Edge.identity
    graph: nx.MultiGraph  # node ids; edges keyed (source, Edge.key) with attributes type and kind
    digest: str | None  # SHA-256 of the file's bytes; None for a graph not read from a file
    stamp: Stamp | None  # the file's stamp when it was read; None for no file

    @classmethod
    def empty(cls) -> "GraphFile":
        """A graph with no nodes and no edges, read from no file."""
        return cls({}, {}, nx.MultiGraph(), None, None)


def file_stamp(path: Path) -> Stamp | None:
    """The stamp of the file at ``path``, or None when there is none: a cheap check (one stat) of
    whether the file is still the one that was read or written.

    Examples
    --------
    >>> file_stamp(Path("/no/such/graph.json")) is None
    True
    """
    try:
        return _stamp(os.stat(path))
    except OSError:
        return None


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def read_graph(path: Path) -> GraphFile:
    """Read a graph file written by ``write_graph``.

    Records were validated when they were written, so they are rebuilt with ``Node.trusted`` and
    ``Edge.trusted`` (a fast reopen), and the adjacency is filled directly, as
    ``MultiGraph.add_edges_from`` would fill it for edges that are all new: the same dicts, without
    its per-edge checks and calls (a third of the reopen).

    Raises
    ------
    StoreError
        The file cannot be read, is not JSON or not a partnernet graph of this format version; the
        message names the file and says to load the data again.
    """
    try:
        with open(path, "rb") as fh:
            stamp = _stamp(os.fstat(fh.fileno()))  # of exactly the file read, even if replaced meanwhile
            raw = fh.read()
    except OSError as exc:
        raise StoreError(f"cannot read the graph file {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise _damaged(path, f"not JSON: {exc}") from None
    if not isinstance(data, dict) or "format" not in data:
        raise _damaged(path, f"it holds a JSON {type(data).__name__}, not a partnernet graph")
    if data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise StoreError(f"{path} is not a partnernet graph file of version {FORMAT_VERSION}; "
                         "move it away (or delete it) and load your data again")
    try:
        nodes, edges, graph = _records(data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise _damaged(path, f"a record of the wrong shape: {type(exc).__name__}: {exc}") from None
    return GraphFile(nodes, edges, graph, hashlib.sha256(raw).hexdigest(), stamp)


def _damaged(path: Path, what: str) -> StoreError:
    return StoreError(f"the graph file {path} is damaged ({what}). Move it away (or delete it) and load your data "
                      f"again, e.g. partnernet --data-dir {path.parent} load demo")


def _records(data: dict) -> tuple[dict, dict, nx.MultiGraph]:
    """The nodes, edges and adjacency of a graph file's data; TypeError/ValueError on a record of
    the wrong shape (a damaged or hand-edited file)."""
    if not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise TypeError("'nodes' and 'edges' must be lists")
    trusted_node, trusted_edge, edge_key = Node.trusted, Edge.trusted, Edge.key.fget
    nodes = {}
    for label, node_id, props in data["nodes"]:
        if not (isinstance(label, str) and isinstance(node_id, str) and isinstance(props, dict)):
            raise TypeError(f"node {node_id!r} is not [label, id, properties]")
        _check_types(f"node {node_id!r}", props, NODE_PROPERTIES.get(label), label)
        nodes[node_id] = trusted_node(label, node_id, props)
    graph = nx.MultiGraph()
    graph.add_nodes_from(nodes)
    adj = graph._adj
    edges = {}
    for rel_type, source, target, props in data["edges"]:
        if not (isinstance(rel_type, str) and isinstance(props, dict) and source in nodes and target in nodes):
            raise ValueError(f"edge {[rel_type, source, target]!r} is not [type, source, target, properties] "
                             "between stored nodes")
        _check_types(f"edge {[rel_type, source, target]!r}", props,
                     EDGE_PROPERTIES.get(rel_type, _DEFAULT_EDGE_PROPERTIES) if rel_type in REL_TYPES else None, rel_type)
        edge = trusted_edge(rel_type, source, target, props)
        key = edge_key(edge)
        edges[(source, target, key)] = edge
        keyed = adj[source].get(target)
        if keyed is None:
            keyed = adj[source][target] = adj[target][source] = {}
        keyed[(source, key)] = {"type": rel_type, "kind": props.get("kind")}
    return nodes, edges, graph


def _check_types(owner: str, props: dict, allowed: dict | None, kind: str) -> None:
    """TypeError unless the record's label or type is one of the model's and each known property has
    its type (a name that is a number, aliases that are not a list: a hand-edited file)."""
    if allowed is None:
        raise TypeError(f"{owner} has the unknown label or type {kind!r}")
    for key, value in props.items():
        types = allowed.get(key)
        if types is not None and value is not None and not isinstance(value, types):
            raise TypeError(f"{owner}: property {key!r} is {value!r}")


def write_graph(path: Path, nodes: Iterable[Node], edges: Iterable[Edge]) -> tuple[str, Stamp]:
    """Write the graph to ``path`` atomically; returns the SHA-256 and the stamp of the new file.

    Raises
    ------
    OSError
        The directory cannot be written (the previous file, if any, is left as it was).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT, "version": FORMAT_VERSION,
        "nodes": [[n.label, n.id, n.props] for n in nodes],
        "edges": [[e.type, e.source, e.target, e.props] for e in edges],
    }
    fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            # json.dumps uses the C encoder; json.dump writes through the slow Python one
            raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
            stamp = _stamp(os.fstat(fh.fileno()))  # a rename keeps inode, time and size
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(raw).hexdigest(), stamp


def derived_path(path: Path, name: str) -> Path:
    """Where data called ``name`` derived from the graph file ``path`` is kept.

    Raises
    ------
    ValidationError
        ``name`` is not lower-case letters, digits and ``-``, starting with a letter.

    Examples
    --------
    >>> derived_path(Path("var/partnernet/graph.json"), "search-index").name
    'graph.search-index.json'
    """
    if not _DERIVED_NAME.fullmatch(name):
        raise ValidationError(f"derived data needs a name of lower-case letters, digits and '-', not {name!r}")
    return path.with_name(f"{path.stem}.{name}.json")


def read_derived(path: Path, name: str, digest: str):
    """The data kept as ``name`` beside the graph file whose SHA-256 is ``digest``, or None (none
    kept, a torn file, or kept for another graph).

    Raises
    ------
    ValidationError
        ``name`` is not lower-case letters, digits and ``-``, starting with a letter.
    """
    kept_in = derived_path(path, name)
    try:
        with open(kept_in, "rb") as fh:
            kept = json.loads(fh.read())
    except (OSError, ValueError):  # none kept yet, or a torn file: derive it again
        return None
    if not isinstance(kept, dict) or kept.get("format") != DERIVED_FORMAT or kept.get("name") != name \
            or kept.get("graph") != digest:
        return None
    return kept.get("data")


def write_derived(path: Path, name: str, data, digest: str) -> None:
    """Keep JSON ``data`` as ``name`` beside the graph file whose SHA-256 is ``digest``. A read-only
    directory or a full disk only costs later processes the derivation, so OSError is not raised.

    Raises
    ------
    ValidationError
        ``name`` is not lower-case letters, digits and ``-``, starting with a letter.
    """
    target = derived_path(path, name)
    text = json.dumps({"format": DERIVED_FORMAT, "name": name, "graph": digest, "data": data},
                      ensure_ascii=False, separators=(",", ":"))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=target.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
