"""Taking back what sources said (``GraphStore.drop_sources``), for each store.

The rule is the same in both stores (see ``graph.store.base.GraphStore.drop_sources``): the ids leave
every ``sources`` list; edges left without sources go; nodes left without sources go with their
relationships unless one of those still has sources; a source-less node (a country) that lost a
relationship and has none left goes too.
"""

from __future__ import annotations

from graph.store.cypher import BASE_LABEL, _seek


def _incident(store, node_id: str) -> list[tuple[str, str, str]]:
    """Identities of the embedded store's edges touching a node."""
    return list(store._adj.incident(node_id))


def drop_sources_embedded(store, drop: set[str]) -> None:
    """``GraphStore.drop_sources`` on an ``EmbeddedStore``: its in-memory graph, written on flush.

    Parameters
    ----------
    store : EmbeddedStore
        The store; its nodes, edges, graph and derived keys are changed in place.
    drop : set of str
        Ids of the Source nodes whose statements are taken back; empty does nothing.
    """
    if not drop:
        return
    touched: set[str] = set()
    for identity, props in list(store._edges.items()):
        sources = props.get("sources")
        if not sources or drop.isdisjoint(sources):
            continue
        rest = [s for s in sources if s not in drop]
        if rest:
            store._edges[identity] = {**props, "sources": rest}
        else:
            del store._edges[identity]
            store._adj.remove_edge(*identity)
            touched.update(identity[:2])
    doomed: list[str] = []
    for node in list(store._nodes.values()):
        sources = node.props.get("sources") or []
        if node.id in drop:
            doomed.append(node.id)
            continue
        if drop.isdisjoint(sources):
            continue
        rest = [s for s in sources if s not in drop]
        if not rest and not any(store._edges[i].get("sources") for i in _incident(store, node.id)):
            doomed.append(node.id)
        else:
            store._nodes[node.id] = node.with_props(sources=rest)
    for node_id in doomed:
        _remove_node(store, node_id, touched)
    for node_id in sorted(touched - set(doomed)):
        node = store._nodes.get(node_id)
        if node is not None and not node.props.get("sources") and not _incident(store, node_id):
            _remove_node(store, node_id, set())
    store._changed()
    store._revision += 1
    store._dirty = True


def _remove_node(store, node_id: str, touched: set[str]) -> None:
    for identity in _incident(store, node_id):
        del store._edges[identity]
        store._adj.remove_edge(*identity)
        touched.update(identity[:2])
    store._adj.remove_node(node_id)
    del store._nodes[node_id]


_EDGES = (
    f"MATCH (a:{BASE_LABEL})-[r]->(b:{BASE_LABEL}) WHERE any(s IN coalesce(r.sources, []) WHERE s IN $drop) "
    "WITH a, b, r, [s IN r.sources WHERE NOT s IN $drop] AS rest "
    "FOREACH (_ IN CASE WHEN size(rest) > 0 THEN [1] ELSE [] END | SET r.sources = rest) "
    "WITH a, b, r, rest WHERE size(rest) = 0 DELETE r RETURN a.id AS a, b.id AS b"
)
_NODES = (
    f"MATCH (n:{BASE_LABEL}) WHERE n.id IN $drop OR any(s IN coalesce(n.sources, []) WHERE s IN $drop) "
    "WITH n, [s IN coalesce(n.sources, []) WHERE NOT s IN $drop] AS rest "
    "WITH n, rest, (n.id IN $drop OR (size(rest) = 0 AND NOT EXISTS { "
    "MATCH (n)-[r]-() WHERE size(coalesce(r.sources, [])) > 0 })) AS doomed "
    "FOREACH (_ IN CASE WHEN NOT doomed AND size(rest) > 0 THEN [1] ELSE [] END | SET n.sources = rest) "
    "FOREACH (_ IN CASE WHEN NOT doomed AND size(rest) = 0 THEN [1] ELSE [] END | REMOVE n.sources) "
    "WITH n, doomed WHERE doomed "
    "OPTIONAL MATCH (n)--(m) WITH n, collect(DISTINCT m.id) AS near "
    "DETACH DELETE n RETURN near"
)
_ORPHANS = (
    f"UNWIND $ids AS id MATCH (m:{BASE_LABEL} {{id: id}}) {_seek('m')} "
    "WHERE size(coalesce(m.sources, [])) = 0 AND NOT EXISTS { MATCH (m)--() } "
    "DETACH DELETE m"
)


def drop_sources_cypher(tx, drop: list[str]) -> None:
    """``GraphStore.drop_sources`` on Neo4j, in one write transaction (all of it or nothing).

    Parameters
    ----------
    tx : neo4j.ManagedTransaction
        The write transaction.
    drop : list of str
        Ids of the Source nodes whose statements are taken back; empty does nothing.
    """
    if not drop:
        return
    touched: set[str] = set()
    for record in tx.run(_EDGES, drop=drop):
        touched.update((record["a"], record["b"]))
    for record in tx.run(_NODES, drop=drop):
        touched.update(record["near"])
    tx.run(_ORPHANS, ids=sorted(touched)).consume()
