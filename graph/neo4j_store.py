"""The Neo4j store: the same answers as the embedded store, from a Neo4j 5 server or Aura.

The driver is created once and injected (``Neo4jStore(driver)``), or built by ``from_config`` /
``from_env``. Writes go as ``UNWIND $rows`` batches in managed transactions, so transient errors
are retried; each batch first reads the nodes or edges it touches, merges properties with
graph.model.merge_props in Python (the rule the embedded store uses, so both stores agree to the
letter), checks that edge ends exist, and only then writes. Reads are routed to readers.
All Cypher lives in graph.cypher. Loads assume one writer at a time, as the embedded store does.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Iterable, Iterator, Sequence

from . import cypher
from .errors import StoreError
from .model import (
    EDGE_PROPERTIES, NODE_LABELS, NODE_PROPERTIES, PARTNER_OF, REL_TYPES, Edge, Node, check_endpoints,
    merge_props,
)
from .store import GraphStore, Stats, WriteResult, iter_batches, node_keys

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "partnernet-dev"  # the local development server's (tools/neo4j)
BATCH_SIZE = 10_000  # measured with benchmarks/neo4j_load.py (1,000: 2.0x slower; 5,000: 1.07x)
MAX_PATHS_CONSIDERED = 1000
CLEAR_CHUNK = 10_000
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
HOW_TO_START = "start the local one with `make neo4j-start`, or set NEO4J_URI to a running Neo4j"


def _lucene_prefix(key: str) -> str:
    """A Lucene prefix query for one whole key (spaces and operators escaped)."""
    special = set('+-&|!(){}[]^"~*?:\\/ ')
    return "".join("\\" + ch if ch in special else ch for ch in key) + "*"


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
        self._index_online = False
        self._verified = False

    @classmethod
    def from_config(cls, uri: str, user: str, password: str, database: str | None = None,
                    batch_size: int = BATCH_SIZE) -> "Neo4jStore":
        """Create the driver (it connects lazily: the first call reports an unreachable server)."""
        import neo4j

        if uri.split("://", 1)[0] not in URI_SCHEMES:
            raise StoreError(f"NEO4J_URI {uri!r} is not a Bolt address; use e.g. bolt://localhost:7687 "
                             "or neo4j+s://<id>.databases.neo4j.io")
        try:
            # Server notifications (e.g. "relationship type does not exist" on an empty graph) are
            # not the user's concern; errors still raise.
            driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF")
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise StoreError(f"cannot use NEO4J_URI {uri!r}: {exc}; use e.g. bolt://localhost:7687 "
                             "or neo4j+s://<id>.databases.neo4j.io") from None
        return cls(driver, database, batch_size, uri=uri, user=user, owns_driver=True)

    @classmethod
    def from_env(cls) -> "Neo4jStore":
        """From NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE (defaults: the local server)."""
        return cls.from_config(
            os.environ.get("NEO4J_URI") or DEFAULT_URI,
            os.environ.get("NEO4J_USERNAME") or DEFAULT_USER,
            os.environ.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD,
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
                return session.execute_write(work, *args)

    def ensure_schema(self) -> None:
        """Create the id constraints and the search index if they are missing (idempotent)."""
        if self._schema_ready:
            return
        self._verify()
        with self._errors("create constraints and indexes"):
            for statement in cypher.schema_statements():
                self._driver.execute_query(statement, database_=self.database)
            self._driver.execute_query(cypher.AWAIT_INDEXES, {"seconds": 300}, database_=self.database)
        self._schema_ready = self._index_online = True

    # -- writing --------------------------------------------------------------------------------
    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = (), *, progress=None) -> WriteResult:
        self.ensure_schema()
        n_nodes = n_edges = 0
        for batch in iter_batches(nodes, self.batch_size):
            self._write(self._write_nodes, batch)
            n_nodes += len(batch)
            if progress:
                progress(len(batch))
        for batch in iter_batches(edges, self.batch_size):
            self._write(self._write_edges, batch)
            n_edges += len(batch)
            if progress:
                progress(len(batch))
        return WriteResult(n_nodes, n_edges)

    @staticmethod
    def _write_nodes(tx, batch: list[Node]) -> None:
        ids = list(dict.fromkeys(node.id for node in batch))
        stored = {r["id"]: _node(r["labels"], r["props"]) for r in tx.run(cypher.FETCH_NODES, ids=ids)}
        seen: dict[str, Node] = {}
        for node in batch:  # check the whole batch before writing anything
            old = stored.get(node.id) or seen.get(node.id)
            if old is not None and old.label != node.label:
                raise StoreError(f"node {node.id!r} is a {old.label}, cannot store it as {node.label}")
            seen[node.id] = node
        current = {node_id: node.props for node_id, node in stored.items()}
        changed: dict[str, Node] = {}
        for node in batch:
            old = current.get(node.id)
            props = dict(node.props) if old is None else merge_props(old, node.props)
            if old is not None and props == old:
                continue
            current[node.id] = props
            changed[node.id] = Node.__new__(Node)
            for attr, value in (("label", node.label), ("id", node.id), ("props", props)):
                object.__setattr__(changed[node.id], attr, value)
        by_label: dict[str, list[dict]] = {}
        for node in changed.values():
            row = {"id": node.id, "props": {**node.props, "id": node.id, "keys": sorted(node_keys(node))}}
            by_label.setdefault(node.label, []).append(row)
        for label, rows in by_label.items():
            tx.run(cypher.write_nodes(label), rows=rows).consume()

    @staticmethod
    def _write_edges(tx, batch: list[Edge]) -> None:
        ids = list(dict.fromkeys(i for edge in batch for i in (edge.source, edge.target)))
        labels = {r["id"]: next(lb for lb in r["labels"] if lb in NODE_LABELS)
                  for r in tx.run(cypher.FETCH_LABELS, ids=ids)}
        for edge in batch:
            src, dst = labels.get(edge.source), labels.get(edge.target)
            if src is None or dst is None:
                missing = edge.source if src is None else edge.target
                raise StoreError(f"{edge.type} {edge.source} -> {edge.target}: node {missing!r} does not exist")
            check_endpoints(edge, src, dst)
        by_type: dict[str, list[Edge]] = {}
        for edge in batch:
            by_type.setdefault(edge.type, []).append(edge)
        for rel_type, edges in by_type.items():
            key_prop = cypher.EDGE_KEY_PROPERTY.get(rel_type)
            rows = list({e.identity: {"source": e.source, "target": e.target,
                                      "key": e.props.get(key_prop) if key_prop else None}
                         for e in edges}.values())
            current: dict[tuple, dict] = {}
            for r in tx.run(cypher.fetch_edges(rel_type), rows=rows):
                props = r["props"]
                key = f"{rel_type}:{props[key_prop]}" if key_prop else rel_type
                current[(r["source"], r["target"], key)] = props
            changed: dict[tuple, dict] = {}
            for edge in edges:
                old = current.get(edge.identity)
                props = dict(edge.props) if old is None else merge_props(old, edge.props)
                if old is not None and props == old:
                    continue
                current[edge.identity] = changed[edge.identity] = props
            if changed:
                write_rows = [{"source": s, "target": t, "key": props.get(key_prop) if key_prop else None,
                               "props": props} for (s, t, _), props in changed.items()]
                tx.run(cypher.write_edges(rel_type), rows=write_rows).consume()

    def clear(self) -> None:
        def clear_some(tx) -> int:
            return tx.run(cypher.CLEAR_SOME, limit=CLEAR_CHUNK).single()["deleted"]

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

    def nodes(self, label: str, **equals) -> list[Node]:
        if label not in NODE_LABELS:
            return []
        # Plain values are compared by Cypher; lists and None (absent) are compared here, where
        # equality means exactly what it means in the embedded store.
        simple = {k: v for k, v in equals.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
        rest = {k: v for k, v in equals.items() if k not in simple}
        out = [_node(r["labels"], r["props"]) for r in self._read(cypher.nodes_of_label(label), equals=simple)]
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

    def _keys_index_online(self) -> bool:
        if not self._index_online:
            states = [r["state"] for r in self._read(cypher.KEYS_INDEX_EXISTS, name=cypher.KEYS_INDEX)]
            self._index_online = states == ["ONLINE"]
        return self._index_online

    def search_candidates(self, key: str, labels: Sequence[str] | None, limit: int) -> list[Node]:
        if key and self._keys_index_online():
            records = self._read(cypher.SEARCH_KEYS, query=_lucene_prefix(key))
        else:
            records = self._read(cypher.SEARCH_KEYS_SCAN, key=key)
        # The embedded store's order: matching keys in order, the nodes of one key by id.
        entries = []
        keys_of: dict[str, set[str]] = {}
        for r in records:
            label = next(lb for lb in r["labels"] if lb in NODE_LABELS)
            if labels and label not in labels:
                continue
            keys_of[r["id"]] = set(r["keys"] or ())
            entries.extend((k, r["id"]) for k in keys_of[r["id"]] if k.startswith(key))
        found = [node_id for _, node_id in sorted(entries)]
        # exact matches must never be cut off by a long tail of prefix matches
        exact = [i for i in found if key in keys_of[i]]
        rest = [i for i in found if key not in keys_of[i]]
        chosen = exact + rest[: max(0, limit - len(exact))]
        nodes = self.get_many(chosen)
        return [nodes[i] for i in chosen if i in nodes]

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
        total = len(hops)
        if total > hard_limit:
            keep = sorted(hops, key=lambda n: (hops[n], n))[:hard_limit]
            hops = {n: hops[n] for n in keep}
        return hops, total

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
        nodes: dict[str, int] = {}
        edges: dict[str, int] = {}
        for r in self._read(cypher.stats()):
            if r["count"]:
                (nodes if r["what"] == "node" else edges)[r["name"]] = r["count"]
        return Stats(dict(sorted(nodes.items())), dict(sorted(edges.items())))
