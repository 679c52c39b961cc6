"""The writing half of the store interface ``graph.store.base.GraphStore``: records in, sources taken
back, the version of the data every cache is keyed by, and data derived from it kept beside it.
"""

from __future__ import annotations

import abc
from typing import Iterable

from graph.model import Edge, Node
from graph.store.shared import WriteResult


class StoreWrites(abc.ABC):
    """What every backend offers to change its data and to say which data it holds."""

    kind: str = "abstract"

    # -- writing --------------------------------------------------------------------------------
    @abc.abstractmethod
    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = (), *, progress=None) -> WriteResult:
        """Create or update nodes, then edges, in batches. Re-running with the same records changes nothing.

        Properties merge by ``graph.upsert.merge_props``; edges must join labels ``graph.model.REL_ENDPOINTS``
        allows. Like every write, the embedded store makes it durable on ``flush``.

        Parameters
        ----------
        nodes : iterable of Node
            Records to write; a node already stored (same id) gets the merged properties.
        edges : iterable of Edge
            Records to write after the nodes; an edge is identified by (source, target, key).
        progress : callable, optional
            Called with the number of records written after each batch (a progress bar's ``update``).

        Returns
        -------
        WriteResult
            How many nodes and edges were given, changed or not.

        Raises
        ------
        StoreError
            A node whose id is stored with another label, or an edge whose end is missing, raised
            before anything of that batch is written.
        ValidationError
            An edge joining labels its type may not join, also before the batch is written.
        """

    @abc.abstractmethod
    def clear(self) -> None:
        """Remove every node and edge."""

    def drop_sources(self, source_ids: Iterable[str]) -> None:
        """Take back what the given sources said, so that a source can be loaded again in place.

        Each id is removed from the ``sources`` of every node and edge. Edges left with no sources
        are deleted, and so are the Source nodes themselves. A node left with no sources is
        deleted with its relationships, unless one of them still has sources of its own. Last, a node
        without sources (a country) that lost a relationship here and has none left is deleted:
        nothing is left orphaned. Nothing else changes; like ``upsert``, the embedded store makes
        it durable on ``flush``.

        Parameters
        ----------
        source_ids : iterable of str
            Ids of Source nodes (``source:<slug>``).

        Raises
        ------
        NotImplementedError
            A store that cannot take back a source.

        Example
        -------
        >>> store.drop_sources(["source:file-partner-csv"])  # doctest: +SKIP
        """
        raise NotImplementedError(f"the {self.kind} store cannot take back a source")

    def flush(self) -> None:
        """Make written data durable (the embedded store writes its file; servers need nothing)."""

    def close(self) -> None:
        """Release resources. Unflushed writes of the embedded store are dropped, so that an
        interrupted load never persists half of its records."""

    # -- the version of the data, and data derived from it --------------------------------------
    @abc.abstractmethod
    def version(self) -> str:
        """Names the data this store answers from: it changes whenever a node or an edge is written
        or removed, by this process or (for a server, and for the embedded store after
        ``refresh``) by another. Every cache of answers is keyed by it.

        Returns
        -------
        str
            Opaque; compare for equality only.

        Examples
        --------
        >>> from graph.store.embedded import EmbeddedStore
        >>> from graph.model import Node
        >>> store = EmbeddedStore.memory(); before = store.version()
        >>> _ = store.upsert([Node("Country", "country:DE", {"code": "DE", "name": "Germany"})])
        >>> store.version() != before
        True
        """

    def refresh(self) -> bool:
        """Catch up with writes of other processes where this store holds a copy of the data (the
        embedded store re-reads its file when another process replaced it); a server's store
        always answers from the server and does nothing. Returns whether the data was read again."""
        return False

    def read_derived(self, name: str):
        """JSON data that ``keep_derived`` kept for exactly the graph this store holds.

        Parameters
        ----------
        name : str
            What the data is ("names" for the search index).

        Returns
        -------
        object or None
            The data as kept; None when nothing was kept, the graph has changed since, or the store keeps nothing.
        """
        return None

    def keep_derived(self, name: str, data, version: str) -> None:
        """Keep JSON data derived from the graph as it was at ``version`` (e.g. a search index).

        A later process can then skip deriving it again. Stores that cannot do nothing; so does a store
        whose graph changed after ``version`` or differs from what it has persisted.

        Parameters
        ----------
        name : str
            What the data is; one file or entry per name.
        data : object
            JSON-serialisable data.
        version : str
            ``version()`` of the graph the data was derived from.
        """

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.flush()
        self.close()
