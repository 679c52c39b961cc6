"""The Neo4j store: the same answers as the embedded store, from a Neo4j 5 server or Aura.

The driver is created once and injected (``Neo4jStore(driver)``), or built by ``from_config`` /
``from_env``. Writes go as ``UNWIND $rows`` batches in managed transactions, so transient errors
are retried. Repeated records of a load are merged before sending (graph.model.merge_props, the
rule the embedded store uses), then each batch is one statement per label or relationship type:
missing records are created; existing ones come back only if the row would change them, and are
merged in Python and replaced, so both stores agree to the letter. Edge ends are checked in the
same statement; a batch with a missing or wrongly labelled end is rolled back whole and the first
bad edge named. Reads are routed to readers. All Cypher lives in graph.store.cypher. Every write
transaction first takes one server-side lock (cypher.TAKE_WRITE_LOCK), so concurrent loads write one
batch after the other and never duplicate a relationship.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Iterable, Iterator, Sequence

from graph.store import cypher
from graph.errors import PartnernetError, StoreError
from graph.model import (
    EDGE_PROPERTIES, NODE_LABELS, NODE_PROPERTIES, REL_TYPES, Edge, Node, check_endpoints,
    merge_props,
)
from graph.store.base import GraphStore, Stats, Subgraph, WriteResult, limit_hops, node_keys
from graph.store.neo4j_config import (
    DEFAULT_PASSWORD, DEFAULT_URI, DEFAULT_USER, HOW_TO_START, URI_SCHEMES, check_uri, password_from_env,
    quiet_driver_logs, time_budget,
)

# Distinct records per transaction. benchmarks/neo4j_load.py on the real dataset: 5,000 to 50,000
# differ by less than the run-to-run noise of a shared 2-core machine (up to 2x); 5,000 had the
# best median and keeps transactions small (Aura and small servers cap transaction memory).
BATCH_SIZE = 5_000
MAX_PATHS_CONSIDERED = 1000
CLEAR_CHUNK = 10_000


# Properties come back from Neo4j in no particular order; give them the model's order.
_NODE_ORDER = {label: {k: i for i, k in enumerate(props)} for label, props in NODE_PROPERTIES.items()}
_EDGE_ORDER = {t: {k: i for i, k in enumerate(EDGE_PROPERTIES.get(t, {"sources": None}))} for t in REL_TYPES}


def _ordered(props: dict, order: dict[str, int]) -> dict:
    return {k: props[k] for k in sorted(props, key=lambda k: (order.get(k, len(order)), k))}


def _node(labels: Sequence[str], props: dict) -> Node:
    """A Node from a stored node, without validating again (it was validated when written)."""
    label = next(label for label in labels if label in NODE_LABELS)
    props = dict(props)
    node_id = props.pop("id")
    props.pop("keys", None)
    props = _ordered(props, _NODE_ORDER[label])
    node = object.__new__(Node)
    object.__setattr__(node, "label", label)
    object.__setattr__(node, "id", node_id)
    object.__setattr__(node, "props", props)
    return node


def _edge(rel_type: str, source: str, target: str, props: dict) -> Edge:
    props = _ordered(props, _EDGE_ORDER[rel_type])
    edge = object.__new__(Edge)
    object.__setattr__(edge, "type", rel_type)
    object.__setattr__(edge, "source", source)
    object.__setattr__(edge, "target", target)
    object.__setattr__(edge, "props", props)
    return edge


def _with_props(node: Node, props: dict) -> Node:
    out = object.__new__(Node)
    for attr, value in (("label", node.label), ("id", node.id), ("props", props)):
        object.__setattr__(out, attr, value)
    return out


def _node_identity(node: Node) -> str:
    return node.id


def _edge_identity(edge: Edge) -> tuple[str, str, str]:
    return edge.identity


def _merge_node(old: Node, new: Node) -> Node:
    if old.label != new.label:
        raise StoreError(f"node {new.id!r} is a {old.label}, cannot store it as {new.label}")
    return _with_props(new, merge_props(old.props, new.props))


def _merge_edge(old: Edge, new: Edge) -> Edge:
    out = object.__new__(Edge)
    for attr, value in (("type", new.type), ("source", new.source), ("target", new.target),
                        ("props", merge_props(old.props, new.props))):
        object.__setattr__(out, attr, value)
    return out


def _distinct_batches(records: Iterable, size: int, identity, merge) -> Iterator[tuple[list, int]]:
    """Batches of up to ``size`` distinct records, each with the number of records it took in.

    Loaders repeat records (a town appears in every pair it is part of); repeats are merged here
    with graph.model.merge_props, which gives what writing them one after the other would give,
    so each node or relationship is sent and written once per batch.
    """
    batch: dict = {}
    count = 0
    for record in records:
        count += 1
        key = identity(record)
        old = batch.get(key)
        batch[key] = record if old is None else merge(old, record)
        if len(batch) >= size:
            yield list(batch.values()), count
            batch, count = {}, 0
    if batch:
        yield list(batch.values()), count


def _refuse(tx, batch: list[Edge]) -> None:
    """Raise for the first edge of a refused batch whose end is missing or of the wrong label."""
    ids = list(dict.fromkeys(i for edge in batch for i in (edge.source, edge.target)))
    labels = {r["id"]: next(lb for lb in r["labels"] if lb in NODE_LABELS)
              for r in tx.run(cypher.FETCH_LABELS, ids=ids)}
    for edge in batch:
        src, dst = labels.get(edge.source), labels.get(edge.target)
        if src is None or dst is None:
            missing = edge.source if src is None else edge.target
            raise StoreError(f"{edge.type} {edge.source} -> {edge.target}: node {missing!r} does not exist")
        check_endpoints(edge, src, dst)
    raise StoreError("Neo4j refused a batch of relationships although every end exists with an allowed label")


def _locked(tx, work, *args):
    """Run ``work`` in ``tx`` after taking the server-side write lock (cypher.TAKE_WRITE_LOCK)."""
    tx.run(cypher.TAKE_WRITE_LOCK).consume()
    return work(tx, *args)


class Neo4jStore(GraphStore):
    kind = "neo4j"

    def __init__(self, driver, database: str | None = None, batch_size: int = BATCH_SIZE, *,
                 uri: str | None = None, user: str | None = None, owns_driver: bool = False):
        """Use an existing neo4j driver; ``database`` None means the server's default database."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self._driver = driver
        self.database = database or None
        self.batch_size = batch_size
        self.uri = uri or "the Neo4j server the driver points to"
        self.user = user
        self._owns_driver = owns_driver
        self._schema_ready = False
        self._id_index: bool | None = None
        self._verified = False

    @classmethod
    def from_config(cls, uri: str, user: str, password: str, database: str | None = None,
                    batch_size: int = BATCH_SIZE) -> "Neo4jStore":
        """Create the driver (it connects lazily: the first call reports an unreachable server)."""
        import neo4j

        check_uri(uri)
        quiet_driver_logs()
        try:
            # Server notifications (e.g. "relationship type does not exist" on an empty graph) are
            # not the user's concern; errors still raise. The time budget keeps an outage short.
            driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF",
                                                **time_budget())
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise StoreError(f"cannot use NEO4J_URI {uri!r}: {exc}; use e.g. bolt://localhost:7687 "
                             "or neo4j+s://<id>.databases.neo4j.io") from None
        return cls(driver, database, batch_size, uri=uri, user=user, owns_driver=True)

    @classmethod
    def from_env(cls) -> "Neo4jStore":
        """From NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE (defaults: the local server)."""
        uri = os.environ.get("NEO4J_URI", "").strip() or DEFAULT_URI
        return cls.from_config(
            uri,
            os.environ.get("NEO4J_USERNAME") or DEFAULT_USER,
            password_from_env(uri),
            os.environ.get("NEO4J_DATABASE") or None,
        )

    def close(self) -> None:
        if self._owns_driver:
            self._driver.close()

    # -- plumbing -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Turn driver and server errors into one StoreError sentence that says how to fix it."""
        import neo4j.exceptions as ne

        try:
            yield
        except ne.AuthError:
            raise StoreError(
                f"Neo4j at {self.uri} refused the login of user {self.user or 'neo4j'!r} (wrong user name or "
                "password); set NEO4J_USERNAME and NEO4J_PASSWORD to the server's credentials") from None
        except ne.Neo4jError as exc:
            code = exc.code or ""
            if code == "Neo.ClientError.Database.DatabaseNotFound":
                raise StoreError(
                    f"Neo4j at {self.uri} has no database {self.database!r}; set NEO4J_DATABASE to an existing "
                    "database or leave it unset for the server's default") from None
            if code.startswith("Neo.ClientError.Security."):
                raise StoreError(f"Neo4j at {self.uri} does not allow user {self.user!r} to {doing}: "
                                 f"{exc.message}") from None
            raise StoreError(f"Neo4j at {self.uri} could not {doing}: {exc.message or code}") from None
        except (ne.ServiceUnavailable, ne.SessionExpired, ConnectionError):
            raise StoreError(f"cannot reach Neo4j at {self.uri} (nothing answers there); {HOW_TO_START}") from None
        except ne.DriverError as exc:
            raise StoreError(f"Neo4j at {self.uri} could not {doing}: {exc}") from None
        except ValueError as exc:  # the driver's address resolution: a host or port it cannot use
            if isinstance(exc, PartnernetError):  # a refused record (ValidationError) raised by the work
                raise
            raise StoreError(f"cannot use NEO4J_URI {self.uri!r}: {exc}; use e.g. bolt://localhost:7687") from None

    def _verify(self) -> None:
        """Connect and log in once, without retries, so a stopped server or a wrong password is
        reported at once rather than after the managed transactions' retry time."""
        if not self._verified:
            with self._errors("connect"):
                self._driver.verify_connectivity()
            self._verified = True

    def _read(self, statement: str, /, **params) -> list:
        import neo4j

        self._verify()
        if not self._id_index_online():
            statement = cypher.without_index_hints(statement)
        with self._errors("read the graph"):
            return self._driver.execute_query(
                statement, params, routing_=neo4j.RoutingControl.READ, database_=self.database,
            ).records

    def _write(self, work, *args) -> Any:
        # Sessions share the driver's execute_query bookmarks, so reads see earlier writes on a cluster.
        self._verify()
        with self._errors("write the graph"):
            with self._driver.session(
                database=self.database, bookmark_manager=self._driver.execute_query_bookmark_manager,
            ) as session:
                return session.execute_write(_locked, work, *args)

    def ensure_schema(self) -> None:
        """Create the id constraints and the search index if they are missing (idempotent)."""
        if self._schema_ready:
            return
        self._verify()
        import neo4j.exceptions as ne

        with self._errors("create constraints and indexes"):
            for statement in cypher.schema_statements():
                try:
                    self._driver.execute_query(statement, database_=self.database)
                except ne.ClientError as exc:
                    # another process made the same index between IF NOT EXISTS and CREATE: fine
                    if "AlreadyExists" not in (exc.code or ""):
                        raise
            self._driver.execute_query(cypher.AWAIT_INDEXES, {"seconds": 300}, database_=self.database)
        self._schema_ready = self._id_index = True

    def _id_index_online(self) -> bool:
        """Whether the id index exists (it does once this store has written): statements name it in
        hints, which a database without it refuses. Asked once per store."""
        if self._id_index is None:
            self._id_index = False  # the question itself is a read
            try:
                states = [r["state"] for r in self._read(cypher.ID_INDEX_EXISTS, name=cypher.ID_INDEX)]
            except BaseException:
                self._id_index = None
                raise
            self._id_index = states == ["ONLINE"]
        return self._id_index

    # -- writing --------------------------------------------------------------------------------
    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = (), *, progress=None) -> WriteResult:
        self.ensure_schema()
        n_nodes = n_edges = 0
        for batch, count in _distinct_batches(nodes, self.batch_size, _node_identity, _merge_node):
            self._write(self._write_nodes, batch)
            n_nodes += count
            if progress:
                progress(count)
        for batch, count in _distinct_batches(edges, self.batch_size, _edge_identity, _merge_edge):
            self._write(self._write_edges, batch)
            n_edges += count
            if progress:
                progress(count)
        return WriteResult(n_nodes, n_edges)

    @staticmethod
    def _write_nodes(tx, batch: list[Node]) -> None:
        by_label: dict[str, list[Node]] = {}
        for node in batch:
            by_label.setdefault(node.label, []).append(node)
        existing: dict[str, Node] = {}
        for label, nodes in by_label.items():
            rows = [{"id": n.id, "props": n.props, "keys": sorted(node_keys(n))} for n in nodes]
            for r in tx.run(cypher.write_nodes(label), rows=rows):
                existing[r["id"]] = _node(r["labels"], r["props"])
        if not existing:
            return
        # A node of another label refuses the whole batch; raising rolls the transaction back.
        for node in batch:
            old = existing.get(node.id)
            if old is not None and old.label != node.label:
                raise StoreError(f"node {node.id!r} is a {old.label}, cannot store it as {node.label}")
        rows = []
        for node in batch:
            old = existing.get(node.id)
            if old is not None:
                merged = _with_props(node, merge_props(old.props, node.props))
                rows.append({"id": node.id, "props": {**merged.props, "id": node.id,
                                                      "keys": sorted(node_keys(merged))}})
        tx.run(cypher.REPLACE_NODES, rows=rows).consume()

    @staticmethod
    def _write_edges(tx, batch: list[Edge]) -> None:
        by_type: dict[str, list[Edge]] = {}
        for edge in batch:
            by_type.setdefault(edge.type, []).append(edge)
        refused = False
        changed: dict[str, list[dict]] = {}
        for rel_type, edges in by_type.items():
            key_prop = cypher.EDGE_KEY_PROPERTY.get(rel_type)
            rows = [{"source": e.source, "target": e.target, "key": e.props[key_prop] if key_prop else None,
                     "props": e.props} for e in edges]
            record = tx.run(cypher.write_edges(rel_type), rows=rows).single()
            if record["matched"] < len(rows):
                refused = True
                break
            if record["changed"]:
                stored = {(c["source"], c["target"], c["key"]): c["props"] for c in record["changed"]}
                changed[rel_type] = [
                    {**row, "props": merge_props(stored[ends], row["props"])}
                    for row in rows if (ends := (row["source"], row["target"], row["key"])) in stored
                ]
        if refused:
            _refuse(tx, batch)
        for rel_type, rows in changed.items():
            tx.run(cypher.replace_edges(rel_type), rows=rows).consume()

    def clear(self) -> None:
        for query in (cypher.CLEAR_SOME_RELATIONSHIPS, cypher.CLEAR_SOME):
            def clear_some(tx, query=query) -> int:
                return tx.run(query, limit=CLEAR_CHUNK).single()["deleted"]

            while self._write(clear_some):
                pass

    # -- reading --------------------------------------------------------------------------------
    def get(self, node_id: str) -> Node | None:
        return self.get_many([node_id]).get(node_id)

    def get_many(self, ids: Iterable[str]) -> dict[str, Node]:
        ids = list(ids)
        if not ids:
            return {}
        found = {r["id"]: _node(r["labels"], r["props"])
                 for r in self._read(cypher.GET_NODES, ids=list(dict.fromkeys(ids)))}
        return {i: found[i] for i in ids if i in found}

    def name_keys(self, label: str) -> list[list[str]]:
        if label not in NODE_LABELS:
            return []
        records = self._read(cypher.name_keys(label))
        return [list(row) for row in records[0]["rows"]] if records else []

    def nodes(self, label: str, **equals) -> list[Node]:
        if label not in NODE_LABELS:
            return []
        # Plain values of the label's own properties are compared by Cypher, through the indexes
        # where there is one; lists and None (absent) are compared here, where equality means
        # exactly what it means in the embedded store.
        simple = {k: v for k, v in equals.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
        known = [k for k in simple if k in NODE_PROPERTIES[label]]
        params = {f"v{i}": simple.pop(k) for i, k in enumerate(known)}
        rest = {k: v for k, v in equals.items() if k not in simple and k not in known}
        records = self._read(cypher.nodes_of_label(label, known), equals=simple, **params)
        out = [_node(r["labels"], r["props"]) for r in records]
        out = [n for n in out if all(n.props.get(k) == v for k, v in rest.items())]
        return sorted(out, key=lambda n: n.id)

    def edges(self, rel_type: str | None = None, node_ids: Iterable[str] | None = None) -> list[Edge]:
        if rel_type is not None and rel_type not in REL_TYPES:
            return []
        if node_ids is None:
            records = self._read(cypher.all_edges(rel_type))
        else:
            records = self._read(cypher.edges_touching(rel_type), ids=list(dict.fromkeys(node_ids)))
        unique = {}
        for r in records:
            edge = _edge(r["type"], r["source"], r["target"], r["props"])
            unique[edge.identity] = edge
        return sorted(unique.values(), key=lambda e: e.identity)

    def subgraph(self, ids: Iterable[str]) -> Subgraph:
        """As GraphStore.subgraph, with the edges among the nodes chosen by the server."""
        nodes = self.get_many(ids)
        records = self._read(cypher.EDGES_AMONG, ids=list(nodes)) if nodes else []
        edges = sorted((_edge(r["type"], r["source"], r["target"], r["props"]) for r in records),
                       key=lambda e: e.identity)
        return Subgraph(nodes, edges, len(nodes), "the nodes asked for")

    def _known_types(self, rel_types: Sequence[str] | None) -> list[str] | None:
        """The model's types among ``rel_types``; None for all; [] when none of them exists."""
        if not rel_types:
            return None
        return [t for t in REL_TYPES if t in rel_types]

    def neighbourhood_raw(self, ids, depth, rel_types, partner_kinds, hard_limit):
        hops: dict[str, int] = {}
        present = {r["id"] for r in self._read(cypher.EXISTING_IDS, ids=list(dict.fromkeys(ids)))}
        for node_id in ids:
            if node_id in present:
                hops.setdefault(node_id, 0)
        types = self._known_types(rel_types)
        frontier = list(hops)
        if types != []:
            query = cypher.neighbours(types)
            kinds = list(partner_kinds) if partner_kinds else None
            for hop in range(1, depth + 1):
                if not frontier:
                    break
                nxt = []
                for r in self._read(query, ids=frontier, kinds=kinds):
                    if r["id"] not in hops:
                        hops[r["id"]] = hop
                        nxt.append(r["id"])
                frontier = nxt
        return limit_hops(hops, hard_limit)

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        ids = list(dict.fromkeys(ids))
        found = {r["id"]: r["degree"] for r in self._read(cypher.DEGREES, ids=ids)}
        return {i: found[i] for i in ids if i in found}

    def shortest_paths(self, source, target, rel_types=None, max_depth=6, limit=5):
        types = self._known_types(rel_types)
        if source == target or types == [] or max_depth < 1:
            return []
        records = self._read(cypher.shortest_paths(types, max_depth), source=source, target=target,
                             limit=MAX_PATHS_CONSIDERED * 4)
        # parallel relationships give the same node sequence more than once
        paths = sorted({tuple(r["ids"]) for r in records})
        return [list(p) for p in paths[:limit]]

    def stats(self) -> Stats:
        # One small statement per label and type, each answered from the count store; as one
        # UNION query the planner took seconds on a fresh server.
        import neo4j

        def count_all(tx) -> list[tuple[str, str, int]]:
            return [(what, name, tx.run(statement).single()["count"])
                    for what, name, statement in cypher.stats_statements()]

        self._verify()
        with self._errors("read the graph"):
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                      bookmark_manager=self._driver.execute_query_bookmark_manager) as session:
                counts = session.execute_read(count_all)
        nodes = {name: count for what, name, count in counts if what == "node" and count}
        edges = {name: count for what, name, count in counts if what == "edge" and count}
        return Stats(dict(sorted(nodes.items())), dict(sorted(edges.items())))
