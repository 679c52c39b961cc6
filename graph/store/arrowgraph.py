"""The embedded store's graph as an Apache Arrow IPC file (through pyarrow), and back.

One table, one row per node: its label, id and properties (a JSON object), and the relationships it
is the source of, as a list of (key, row of the target, properties). Labels, keys and edge
properties are dictionary-encoded: a million partnerships share a few distinct keys and property
objects, so reading decodes each distinct one once, and the ends of a relationship are row numbers,
not ids repeated. Reading builds the adjacency index (graph.store.adjacency) in the same pass and
counts degrees with numpy. Opening a file never runs code from it (no pickle), and a file that does
not fit this layout is refused by the caller with its path.
"""

from __future__ import annotations

import json
from typing import Iterable, Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from graph.model import REL_ENDPOINTS, Node
from graph.store.adjacency import OUT, IN, Adjacency, Identity, key_type

FORMAT = b"partnernet-graph"
VERSION = b"2"
_TEXT_CODES = pa.dictionary(pa.int32(), pa.string())
OUT_TYPE = pa.list_(pa.struct([("key", _TEXT_CODES), ("target", pa.int32()), ("props", _TEXT_CODES)]))
SCHEMA = pa.schema([("label", _TEXT_CODES), ("id", pa.string()), ("props", pa.string()), ("out", OUT_TYPE)])


class NotThisFormat(ValueError):
    """The bytes are an Arrow file, but not a partnernet graph of this version."""


def encode(nodes: Iterable[Node], edges: Mapping[Identity, dict]) -> bytes:
    """The graph as the bytes of an Arrow IPC file.

    Parameters
    ----------
    nodes : iterable of Node
    edges : mapping
        ``Edge.identity`` -> the edge's properties; the ends must be among ``nodes``.

    Returns
    -------
    bytes
        What :func:`decode` reads back.

    Examples
    --------
    >>> raw = encode([Node.trusted("Country", "country:DE", {"name": "Germany"})], {})
    >>> nodes, edges, _ = decode(raw)
    >>> nodes["country:DE"].name, edges
    ('Germany', {})
    """
    nodes = list(nodes)
    ids = [n.id for n in nodes]
    row = {node_id: i for i, node_id in enumerate(ids)}
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
    sources, keys, targets, props = [], [], [], []
    text_of: dict[int, str] = {}  # id of a props dict -> its JSON: shared dicts are encoded once
    for (source, target, key), p in edges.items():
        sources.append(row[source])
        targets.append(row[target])
        keys.append(key)
        if p:
            text = text_of.get(id(p))
            if text is None:
                text = text_of[id(p)] = dumps(p)
            props.append(text)
        else:
            props.append(None)
    by_source = pa.array(np.argsort(np.asarray(sources, dtype=np.int64), kind="stable"))
    offsets = np.zeros(len(ids) + 1, dtype=np.int32)
    np.cumsum(np.bincount(np.asarray(sources, dtype=np.int64), minlength=len(ids)), out=offsets[1:])
    out = pa.ListArray.from_arrays(pa.array(offsets), pa.StructArray.from_arrays([
        pa.array(keys, pa.string()).take(by_source).dictionary_encode(),
        pa.array(targets, pa.int32()).take(by_source),
        pa.array(props, pa.string()).take(by_source).dictionary_encode(),
    ], names=["key", "target", "props"]))
    table = pa.Table.from_arrays([
        pa.array([n.label for n in nodes], pa.string()).dictionary_encode(), pa.array(ids, pa.string()),
        pa.array([dumps(n.props) for n in nodes], pa.string()), out,
    ], schema=SCHEMA.with_metadata({b"format": FORMAT, b"version": VERSION}))
    sink = pa.BufferOutputStream()
    with ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def is_arrow(raw: bytes) -> bool:
    """Whether ``raw`` starts like an Arrow IPC file.

    Parameters
    ----------
    raw : bytes
        The start of a file (at least its first 6 bytes).

    Returns
    -------
    bool
        True for the Arrow IPC file magic ``ARROW1``.
    """
    return raw[:6] == b"ARROW1"


def _objects(texts: list[str], what: str) -> list[dict]:
    """JSON object texts decoded in one call of the C decoder."""
    found = json.loads("[" + ",".join(texts) + "]")
    if len(found) != len(texts) or not all(type(p) is dict for p in found):
        raise ValueError(f"{what} properties are not JSON objects")
    return found


def decode(raw: bytes) -> tuple[dict[str, Node], dict[Identity, dict], Adjacency]:
    """Nodes by id, edge identity -> properties, and the adjacency index of an Arrow graph file's bytes.

    Records were validated when they were written, so nodes are rebuilt with ``Node.trusted``; edges
    with equal properties share one properties dict (properties are replaced, never changed).

    Parameters
    ----------
    raw : bytes
        The whole file, as :func:`encode` wrote it.

    Returns
    -------
    (dict, dict, Adjacency)
        Node id -> Node; edge identity (source, target, key) -> properties; the adjacency index.

    Raises
    ------
    NotThisFormat
        An Arrow file of another layout or version.
    pyarrow.ArrowException, ValueError, TypeError, IndexError, KeyError
        Bytes that are not a whole, consistent file of this layout (a damaged file).
    """
    reader = ipc.open_file(pa.py_buffer(raw))
    meta = reader.schema.metadata or {}
    if meta.get(b"format") != FORMAT or meta.get(b"version") != VERSION:
        raise NotThisFormat(f"format {meta.get(b'format')!r}, version {meta.get(b'version')!r}")
    table = reader.read_all()
    table.validate(full=True)
    if not table.schema.remove_metadata().equals(SCHEMA) or table.column("out").null_count:
        raise ValueError("the columns are not those of a partnernet graph")
    label = table.column("label").combine_chunks()
    labels, label_names = label.indices.to_pylist(), label.dictionary.to_pylist()
    ids = table.column("id").to_pylist()
    props = _objects(table.column("props").to_pylist(), "node")
    trusted_node = Node.trusted
    nodes = {node_id: trusted_node(label_names[lb], node_id, p) for lb, node_id, p in zip(labels, ids, props)}
    if len(nodes) != len(ids) or None in nodes:
        raise ValueError("node ids are missing or repeated")

    out = table.column("out").combine_chunks()
    sources = pc.list_parent_indices(out).to_pylist()
    key_col, target_col, props_col = out.flatten().flatten()
    if key_col.null_count or target_col.null_count:
        raise ValueError("a relationship without key or target")
    if len(target_col) and (pc.min(target_col).as_py() < 0 or pc.max(target_col).as_py() >= len(ids)):
        raise ValueError("a relationship to a node that is not in the file")
    key_names = key_col.dictionary.to_pylist()
    if any(key_type(k) not in REL_ENDPOINTS for k in key_names):
        raise ValueError("an unknown relationship type")
    shared = _objects(props_col.dictionary.to_pylist(), "relationship")
    adjacency = Adjacency()
    near = adjacency.near
    for node_id in ids:
        near[node_id] = {}
    edges: dict[Identity, dict] = {}
    targets = target_col.to_pylist()
    for s, k, t, p in zip(sources, key_col.indices.to_pylist(), targets, props_col.indices.to_pylist()):
        u, v, key = ids[s], ids[t], key_names[k]
        edges[(u, v, key)] = {} if p is None else shared[p]
        by_key = near[u]  # as Adjacency.add_edge, inline: this loop runs once per relationship
        others = by_key.get(key)
        if others is None:
            others = by_key[key] = {}
        others[v] = others.get(v, 0) | OUT
        by_key = near[v]
        others = by_key.get(key)
        if others is None:
            others = by_key[key] = {}
        others[u] = others.get(u, 0) | IN
    if len(edges) != len(sources):
        raise ValueError("a relationship is stored twice")
    counts = np.bincount(np.asarray(sources, dtype=np.int64), minlength=len(ids)) \
        + np.bincount(np.asarray(targets, dtype=np.int64), minlength=len(ids))  # (Array.to_numpy imports pandas)
    adjacency.degree = dict(zip(ids, counts.tolist()))
    return nodes, edges, adjacency
