"""Cypher of the questions the Neo4j store answers on the server, so that only the answer crosses Bolt.

The rules are the ones graph.store.base states for every store (the node cap of a neighbourhood:
nearest first, then most relationships, then id, after the hard limit); the contract suite keeps
the two executions equal. As in graph.store.cypher, values are parameters and relationship types
come only from the model's allow-list.
"""

from __future__ import annotations

from typing import Sequence

from graph.errors import UsageError
from graph.model import ADDRESSES, ATTENDS, HELD_IN, MEMBER_OF, MUNICIPALITY, PARTNER_OF
from graph.store.area_reads import AREA_KINDS
from graph.store.cypher_schema import BASE_LABEL, _rels, _seek

# A relationship the walk may take: of the statement's types and, for PARTNER_OF, of $kinds (null: any).
_WALKABLE = f"($kinds IS NULL OR type(r) <> '{PARTNER_OF}' OR r.kind IN $kinds)"


def _hop(step: int, rel_types: Sequence[str] | None, guarded: bool = False) -> str:
    """One step of the breadth-first walk: expand the frontier, keep each node's nearest hop in
    ``rows`` ([node, hop] pairs) and make the nodes first reached now the next frontier. Grouping by
    node is a hash aggregation, so no list is searched per row. ``guarded``: no step once ``rows``
    holds ``$cap`` nodes (the nodes shown are all nearer; the farther ones are only counted, by
    ``neighbourhood_size``)."""
    guard = "WITH frontier, size(rows) AS reached WHERE reached < $cap " if guarded else ""
    return (
        f"CALL {{ WITH rows, frontier {guard}UNWIND frontier AS a MATCH (a)-[r{_rels(rel_types)}]-(b:{BASE_LABEL}) "
        f"WHERE {_WALKABLE} RETURN collect(DISTINCT b) AS found }} "
        f"UNWIND rows + [x IN found | [x, {step}]] AS row "
        "WITH row[0] AS n, min(row[1]) AS hop "
        f"WITH collect([n, hop]) AS rows, collect(CASE WHEN hop = {step} THEN n END) AS frontier "
    )


def _check_depth(depth: int) -> None:
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise UsageError(f"depth must be a whole number of at least 0, got {depth!r}")


_CENTRE = (f"UNWIND $ids AS id MATCH (c:{BASE_LABEL} {{id: id}}) {_seek('c')} "
           "WITH collect(DISTINCT c) AS frontier WITH frontier, [x IN frontier | [x, 0]] AS rows ")


def capped_neighbourhood(rel_types: Sequence[str] | None, depth: int) -> str:
    """The nodes within ``depth`` hops of ``$ids`` ranked and capped on the server, and the
    relationships among those shown.

    The walk stops at the first hop that brings ``$cap`` nodes: every node shown is that near, and
    the farther ones are only counted, by :func:`neighbourhood_size` (around a hub the partners of
    its partners are tens of thousands; walking them cost most of the answer).

    The statement's own parameters: ``$ids`` (the centre), ``$kinds`` (partnership kinds or null),
    ``$hard`` (how many of the nodes found, nearest first and then by id, are ranked), ``$cap``
    (nodes shown). One record, or none when no centre exists: ``total`` (nodes found),
    ``complete`` (whether the walk went all ``depth`` hops, so that ``total`` counts every node
    within them; when false, ``neighbourhood_size`` does), ``nodes`` ([id, labels, props] in rank
    order) and ``edges`` (see ``_EDGES_AMONG_CHOSEN``).

    Parameters
    ----------
    rel_types : sequence of str or None
        Relationship types the walk follows, each from the model's allow-list; None for any.
    depth : int
        Hops from the centre, 0 or more; 0 gives the centre alone.

    Returns
    -------
    str
        The Cypher statement, one ``CALL`` subquery per hop; its values are parameters (the depth, a
        whole number, is written into it).

    Raises
    ------
    UsageError
        ``depth`` is not a whole number of at least 0, or a type is not in the model.
    """
    _check_depth(depth)
    # The cap is a sort and a slice, not ORDER BY … LIMIT: Neo4j 5's Top operator charged each row with
    # the whole list it was unwound from (392 MB for 9,000 rows at M, beyond 1 GiB around hubs), a sort
    # of the same rows about 10 MB.
    steps = "".join(_hop(step, rel_types, guarded=True) for step in range(1, depth + 1))
    return (
        f"{_CENTRE}{steps}"
        # the nearest level at which the cap is full: farther nodes are counted, never ranked
        f"WITH rows, coalesce([h IN range(0, {int(depth)}) WHERE size([r IN rows WHERE r[1] <= h]) >= $cap][0], "
        f"{int(depth)}) "
        "AS last UNWIND rows AS row WITH size(rows) AS total, row, last WHERE row[1] <= last "
        "WITH total, last, row[0] AS n, row[1] AS hop ORDER BY hop, n.id "
        "WITH total, last, collect([n, hop])[..$hard] AS kept UNWIND kept AS k "
        "WITH total, last, k[0] AS n, k[1] AS hop "
        "WITH total, last, n, hop, COUNT { (n)--() } AS degree ORDER BY hop, degree DESC, n.id "
        "WITH total, last, collect(n)[..$cap] AS chosen "
        f"{_EDGES_AMONG_CHOSEN}"
        f"RETURN total, last = {int(depth)} AS complete, [n IN chosen | [n.id, labels(n), properties(n)]] AS nodes, "
        "edges"
    )


def neighbourhood_size(rel_types: Sequence[str] | None, depth: int) -> str:
    """How many nodes lie within ``depth`` hops of ``$ids``: the ``total`` of a capped neighbourhood
    whose walk stopped early (see :func:`capped_neighbourhood`).

    The same walk, but its last hop only counts the nodes it reaches first (a distinct count, no
    [node, hop] rows), and only when the nodes before it are ``$cap`` or more (otherwise the capped
    walk went every hop and counted them itself: ``total`` is null, found at the cost of the walk
    before the last hop; at ``depth`` 0 it is the number of centres found). Parameters ``$ids``,
    ``$kinds`` and ``$cap`` as there; one record with ``total``.

    Parameters
    ----------
    rel_types : sequence of str or None
        Relationship types the walk follows, each from the model's allow-list; None for any.
    depth : int
        Hops from the centre, 0 or more.

    Returns
    -------
    str
        The Cypher statement.

    Raises
    ------
    UsageError
        ``depth`` is not a whole number of at least 0, or a type is not in the model.
    """
    _check_depth(depth)
    if depth == 0:
        return f"{_CENTRE}RETURN size(rows) AS total"
    steps = "".join(_hop(step, rel_types) for step in range(1, depth))
    # ``NOT b IN before``: one list, looked up as a set (+30-40 ms on 90 around a hub at M, 190,000 rows)
    return (
        f"{_CENTRE}{steps}"
        "CALL { WITH rows, frontier WITH frontier, rows WHERE size(rows) >= $cap "
        "WITH frontier, [x IN rows | x[0]] AS before UNWIND frontier AS a "
        f"MATCH (a)-[r{_rels(rel_types)}]-(b:{BASE_LABEL}) WHERE {_WALKABLE} AND NOT b IN before "
        "WITH DISTINCT b RETURN count(b) AS beyond } "
        "RETURN CASE WHEN size(rows) >= $cap THEN size(rows) + beyond END AS total"
    )


# The relationships among the nodes shown, as compact as Bolt allows: the nodes ranked first are the
# best connected, so a capped neighbourhood can hold thousands of relationships among 200 nodes, and
# decoding one map per relationship (keys included) cost more than the server's whole walk. Grouped by
# start node: ``edges`` is a list of [source id, [[type, target id, props or null when empty], ...]].
_EDGES_AMONG_CHOSEN = (
    "CALL { WITH chosen UNWIND chosen AS a "
    f"CALL {{ WITH a, chosen MATCH (a)-[r]->(b:{BASE_LABEL}) WHERE b IN chosen "
    "RETURN collect([type(r), b.id, CASE WHEN size(keys(r)) = 0 THEN null ELSE properties(r) END]) AS out } "
    "WITH a, out WHERE size(out) > 0 RETURN collect([a.id, out]) AS edges } "
)


SUBDIVISION_COUNTS = (f"MATCH (n:`{MUNICIPALITY}`) WHERE n.subdivision IS NOT NULL AND n.country IS NOT NULL "
                      "AND n.subdivision <> '' AND n.country <> '' "
                      "RETURN n.country AS country, n.subdivision AS value, count(*) AS municipalities")


# The country totals (graph.store.country_reads) in one statement of two aggregations: one record,
# ``countries`` ([code, municipalities, median lon, median lat]; the medians over municipalities with
# both coordinates, null without any) and ``pairs`` ([source's code, target's code, partnerships]).
COUNTRY_TOTALS = (
    f"CALL {{ MATCH (n:`{MUNICIPALITY}`) WHERE n.country <> '' "
    "WITH n.country AS code, count(*) AS municipalities, "
    "percentileCont(CASE WHEN n.lat IS NOT NULL THEN n.lon END, 0.5) AS lon, "
    "percentileCont(CASE WHEN n.lon IS NOT NULL THEN n.lat END, 0.5) AS lat "
    "RETURN collect([code, municipalities, lon, lat]) AS countries } "
    f"CALL {{ MATCH (a:`{MUNICIPALITY}`)-[:`{PARTNER_OF}`]->(b:`{MUNICIPALITY}`) "
    "WHERE a.country <> '' AND b.country <> '' "
    "WITH a.country AS ca, b.country AS cb, count(*) AS partnerships RETURN collect([ca, cb, partnerships]) AS pairs } "
    "RETURN countries, pairs"
)


def _in_area(var: str, prefix: str, kind: str) -> str:
    """A predicate: the Municipality ``var`` lies in the area given by ``$<prefix>_id``,
    ``$<prefix>_countries`` and ``$<prefix>_subs`` (the stored subdivision values of the area); a kind
    outside ``AREA_KINDS`` is refused (UsageError)."""
    if kind not in AREA_KINDS:
        raise UsageError(f"{kind!r} is not an area kind; use one of {', '.join(AREA_KINDS)}")
    if kind == "municipality":
        return f"{var}.id = ${prefix}_id"
    if kind == "subdivision":
        return f"{var}.subdivision IN ${prefix}_subs AND {var}.country IN ${prefix}_countries"
    return f"{var}.country IN ${prefix}_countries"


def match_area(var: str, prefix: str, kind: str) -> str:
    """A MATCH of the Municipality nodes ``var`` of the area given by ``$<prefix>_id``,
    ``$<prefix>_countries`` and ``$<prefix>_subs``, through the id index for a municipality and the
    country and subdivision indexes otherwise; it ends in a WHERE that more conditions may join with AND.

    Parameters
    ----------
    var, prefix : str
        The variable and the parameters' prefix, written by this module (never by a caller's data).
    kind : str
        The area's kind (``AREA_KINDS``).

    Returns
    -------
    str

    Raises
    ------
    UsageError
        An area kind other than municipality, subdivision, country or region.
    """
    where = _in_area(var, prefix, kind)  # refuses a kind outside AREA_KINDS
    if kind == "municipality":
        return f"MATCH ({var}:{BASE_LABEL} {{id: ${prefix}_id}}) {_seek(var)} WHERE {var}:`{MUNICIPALITY}` "
    return f"MATCH ({var}:`{MUNICIPALITY}`) WHERE {where} "


def partnerships_between(origin_kind: str, target_kind: str) -> str:
    """Each PARTNER_OF between a municipality of the origin area (found through the id, country or
    subdivision index) and one of the target area, from either end (the store keeps one per edge).

    The statement's own parameters: ``$o_id`` (an origin municipality), ``$o_countries`` and
    ``$o_subs`` (the origin's ISO 3166-1 codes and stored subdivision values), and ``$t_id``,
    ``$t_countries``, ``$t_subs`` for the target, as the area kinds need them.

    Parameters
    ----------
    origin_kind, target_kind : str
        The kind of each area (``AREA_KINDS``): "municipality", "subdivision", "country" or
        "region" (a region is matched by its countries).

    Returns
    -------
    str
        The Cypher statement; one record (empty lists when no partnership is found):
        ``links`` ([origin id, partner id, whether the origin is the stored start, the edge's
        properties] per partnership and end found in the origin) and ``nodes`` ([id, labels,
        properties] of each municipality at either end, once). One record of lists, not one per
        partnership: thousands of records with both ends' properties each cost more to receive
        and decode than the server's whole search.

    Raises
    ------
    UsageError
        An area kind other than municipality, subdivision, country or region.
    """
    in_target = _in_area("p", "t", target_kind)
    return (
        f"{match_area('o', 'o', origin_kind)}MATCH (o)-[r:`{PARTNER_OF}`]-(p:`{MUNICIPALITY}`) WHERE {in_target} "
        "WITH collect([o.id, p.id, startNode(r) = o, properties(r)]) AS links, "
        "collect(DISTINCT o) AS os, collect(DISTINCT p) AS ps "
        "CALL { WITH os, ps UNWIND os + ps AS n RETURN collect(DISTINCT n) AS ends } "
        "RETURN links, [n IN ends | [n.id, labels(n), properties(n)]] AS nodes"
    )


# What the search ranks candidates by (graph.queries.search), without reading whole nodes.
SEARCH_FACTS = (
    f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} "
    "RETURN n.id AS id, labels(n) AS labels, coalesce(n.population, 0) AS population, "
    "size(coalesce(n.sources, [])) AS sources, coalesce(n.name, '') AS name"
)


# What links each candidate of a partner suggestion to the origin (graph.store.suggest_reads states the
# rules): $origin, $ids (the candidates), $country (the origin's, or null), $programme_kinds and
# $default_kind. For an origin without organisations or conferences the candidates' are not expanded.
# One record, ``links``: for each candidate linked to anything, [id, partners (a count), kinds, programme
# ([kind, partner id] pairs), shared, country_partners, met, orgs, themes] — one record of lists, since a
# record per candidate (thousands in a country) cost more to receive than the server's whole count.
_KIND = "CASE WHEN r.kind IS NULL OR r.kind = '' THEN $default_kind ELSE r.kind END"
# The origin's side: its partners, organisations, conferences and their themes (ids), in one row.
ORIGIN_SIDE = (
    f"MATCH (o:{BASE_LABEL} {{id: $origin}}) {_seek('o')} "
    f"CALL {{ WITH o MATCH (o)-[:`{PARTNER_OF}`]-(p) RETURN collect(DISTINCT p.id) AS o_partners }} "
    f"CALL {{ WITH o MATCH (o)-[:`{MEMBER_OF}`]->(g) RETURN collect(DISTINCT g.id) AS o_orgs }} "
    f"CALL {{ WITH o CALL {{ WITH o MATCH (o)-[:`{ATTENDS}`]->(e) RETURN e "
    f"UNION WITH o MATCH (e)-[:`{HELD_IN}`]->(o) RETURN e }} "
    f"OPTIONAL MATCH (e)-[:`{ADDRESSES}`]->(t) "
    "RETURN collect(DISTINCT e.id) AS o_events, collect(DISTINCT t.id) AS o_themes } "
)
# For each candidate node ``c`` (one row each, after ORIGIN_SIDE): what links it, collected into ``links``.
LINKS_OF_EACH = (
    f"CALL {{ WITH c, o_partners MATCH (c)-[r:`{PARTNER_OF}`]-(p) WITH p, o_partners, {_KIND} AS kind "
    "RETURN count(DISTINCT p) AS partners, collect(DISTINCT kind) AS kinds, "
    "collect(DISTINCT CASE WHEN kind IN $programme_kinds THEN [kind, p.id] END) AS programme, "
    "collect(DISTINCT CASE WHEN p.id IN o_partners THEN p.id END) AS shared, "
    "collect(DISTINCT CASE WHEN $country IS NOT NULL AND p.country = $country THEN p.id END) AS country_partners } "
    f"CALL {{ WITH c, o_orgs WITH c, o_orgs WHERE o_orgs <> [] MATCH (c)-[:`{MEMBER_OF}`]->(g) WHERE g.id IN o_orgs "
    "RETURN collect(DISTINCT g.id) AS orgs } "
    f"CALL {{ WITH c, o_events, o_themes WITH c, o_events, o_themes WHERE o_events <> [] "
    f"CALL {{ WITH c MATCH (c)-[:`{ATTENDS}`]->(e) RETURN e "
    f"UNION WITH c MATCH (e)-[:`{HELD_IN}`]->(c) RETURN e }} "
    f"OPTIONAL MATCH (e)-[:`{ADDRESSES}`]->(t) WHERE t.id IN o_themes "
    "RETURN collect(DISTINCT CASE WHEN e.id IN o_events THEN e.id END) AS met, "
    "collect(DISTINCT t.id) AS themes } "
    "WITH c, partners, kinds, programme, shared, country_partners, orgs, met, themes "
    "WHERE partners > 0 OR size(met) > 0 OR size(orgs) > 0 OR size(themes) > 0 "
    "RETURN collect([c.id, partners, kinds, programme, shared, country_partners, met, orgs, themes]) AS links"
)
CANDIDATE_LINKS = f"{ORIGIN_SIDE}UNWIND $ids AS id MATCH (c:{BASE_LABEL} {{id: id}}) {_seek('c')} {LINKS_OF_EACH}"
