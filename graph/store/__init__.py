"""Choosing and opening a store by configuration."""

from __future__ import annotations

import os
from pathlib import Path

from graph.errors import StoreError
from graph.store.base import GraphStore

STORE_KINDS = ("embedded", "neo4j")


def open_store(kind: str | None = None, data_dir: str | Path | None = None) -> GraphStore:
    """Open the store named by ``kind`` or $PARTNERNET_STORE (default: the embedded store).

    The embedded store lives in ``data_dir`` (or $PARTNERNET_DATA_DIR, else ./var/partnernet);
    Neo4j is configured by NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE.

    Parameters
    ----------
    kind : {"embedded", "neo4j"}, optional
        The store; case does not matter.
    data_dir : str or Path, optional
        The embedded store's directory or ``.json`` file.

    Returns
    -------
    GraphStore
        An ``EmbeddedStore`` or a ``Neo4jStore``; use it as a context manager to flush and close it.

    Raises
    ------
    StoreError
        An unknown ``kind``, or Neo4j's settings are incomplete or invalid.

    Examples
    --------
    >>> with open_store("embedded", "var/partnernet") as store:  # doctest: +SKIP
    ...     print(store.stats().node_count)
    """
    kind = (kind or os.environ.get("PARTNERNET_STORE") or "embedded").lower()
    if kind == "embedded":
        from graph.store.embedded import EmbeddedStore

        return EmbeddedStore(data_dir)
    if kind == "neo4j":
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore.from_env()
    raise StoreError(f"unknown store {kind!r}; choose one of {', '.join(STORE_KINDS)}")
