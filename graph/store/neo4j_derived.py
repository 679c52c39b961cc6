"""Data derived from a Neo4j graph (the search index), kept in the database beside the graph.

A new process that opens the store would otherwise derive it again from every node (at 100,000
municipalities, reading and folding every name takes seconds, in every server process of the app).
Each kept item is one node outside the graph's labels, like the store's version counter
(``PartnernetMeta {key: "derived:<name>"}``): the ``version()`` of the graph it was derived from and
the data as zlib-compressed JSON bytes. It is only handed out while the graph is still at that version;
the counter never goes back (``clear`` keeps it), so data kept for an earlier graph is never taken for a
later one. Keeping is best effort: a server that refuses the write (a read-only user, a reader of a
cluster) costs the next process the work, and says so once in the log.
"""

from __future__ import annotations

import json
import logging
import zlib

from graph.errors import StoreError
from graph.store.cypher_schema import META_LABEL

log = logging.getLogger(__name__)

READ_DERIVED = (f"MATCH (d:{META_LABEL} {{key: $key}}) "
                "RETURN d.derived_from AS version, d.data AS data")
KEEP_DERIVED = (f"MERGE (d:{META_LABEL} {{key: $key}}) "
                "SET d.derived_from = $version, d.data = $data")


def derived_key(name: str) -> str:
    """The key of the meta node that keeps data called ``name``.

    Parameters
    ----------
    name : str
        What the data is, e.g. "names".

    Returns
    -------
    str
        ``"derived:<name>"``; never ``"store"``, the version counter's key.
    """
    return f"derived:{name}"


class Neo4jDerived:
    """``read_derived`` and ``keep_derived`` of the Neo4j store (see graph.store.writes.StoreWrites)."""

    _keep_refused = False

    def read_derived(self, name: str):
        """JSON data kept by ``keep_derived`` for exactly the graph the server holds now.

        Parameters
        ----------
        name : str
            What the data is ("names" for the search index).

        Returns
        -------
        object or None
            The data as kept; None when nothing was kept, the graph has changed since, or the kept
            bytes cannot be read (they are then derived again and replaced).
        """
        records = self._read(READ_DERIVED, key=derived_key(name))
        if not records or records[0]["data"] is None or f"neo4j:{records[0]['version']}" != self.version():
            return None
        try:
            return json.loads(zlib.decompress(bytes(records[0]["data"])))
        except (zlib.error, ValueError) as exc:
            log.warning("the %s kept in Neo4j cannot be read (%s); deriving them again", name, exc)
            return None

    def keep_derived(self, name: str, data, version: str) -> None:
        """Keep JSON data derived from the graph at ``version`` in the database, for the next process.

        Parameters
        ----------
        name : str
            What the data is; one meta node per name.
        data : object
            JSON-serialisable data.
        version : str
            ``version()`` of the graph the data was derived from (``"neo4j:<counter>"``); nothing is
            kept when the graph has changed since.

        Notes
        -----
        The write takes no write lock and leaves the version alone: it changes no part of the graph,
        and the version it records is checked on every read.
        """
        if self._keep_refused or version != self.version():
            return
        payload = zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 1)
        try:
            with self._errors("keep derived data"):
                self._driver.execute_query(KEEP_DERIVED, {"key": derived_key(name), "data": payload,
                                                          "version": int(version.split(":", 1)[1])},
                                           database_=self.database)
        except StoreError as exc:
            self._keep_refused = True
            log.warning("the %s index could not be kept in Neo4j, so every new process builds it again "
                        "(%s); give the user write access to keep it", name, exc)
