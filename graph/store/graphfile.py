"""The embedded store's file: the whole graph as one JSON document, and data derived from it.

The file is written atomically (a temporary file in the same directory, fsync, then rename), so a
crash or Ctrl-C mid-write leaves the previous graph intact. JSON rather than pickle so that opening
a file never runs code from it. Every write replaces the file, so its stamp (inode, modification
time in nanoseconds, size) changes with every write, also one by another process: the stamp is how
an open store sees that the file on disk is no longer the graph it holds.

Data derived from the graph (the search index) may be kept beside it in ``graph.<name>.json``,
tagged with the SHA-256 of the graph file it was derived from: once the graph file changes, the
tag no longer matches and the derived file is ignored until it is made again (``graph.store.derived``,
re-exported here).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import networkx as nx

from graph.errors import StoreError, ValidationError
from graph.model import _DEFAULT_EDGE_PROPERTIES, EDGE_PROPERTIES, NODE_PROPERTIES, REL_TYPES, Edge, Node
from graph.store.derived import derived_path, read_derived, write_derived  # noqa: F401  (re-exported)

FORMAT = "partnernet-graph"
FORMAT_VERSION = 1

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
    """The stamp of the file at ``path``: a cheap check (one stat) of whether it is still the one read or written.

    Parameters
    ----------
    path : pathlib.Path
        The graph file.

    Returns
    -------
    (int, int, int) or None
        Inode, modification time in ns and size in bytes; None when there is no file.

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

    Parameters
    ----------
    path : pathlib.Path
        The graph file (``graph.json``).

    Returns
    -------
    GraphFile
        Nodes by id, edges by identity, the networkx multigraph, the SHA-256 of the bytes read and the
        stamp of exactly the file read.

    Raises
    ------
    StoreError
        The file cannot be read, is not JSON, or is not a graph file of this format version (the
        message says to move it away and load again).
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
    """Write the graph to ``path`` atomically (a temporary file, fsync, rename).

    Parameters
    ----------
    path : pathlib.Path
        The graph file; its directory is made when missing.
    nodes : iterable of Node
        Every node.
    edges : iterable of Edge
        Every edge.

    Returns
    -------
    (str, (int, int, int))
        The SHA-256 of the bytes written and the stamp of the new file.

    Raises
    ------
    OSError
        The directory cannot be written or the disk is full (the temporary file is removed).
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
