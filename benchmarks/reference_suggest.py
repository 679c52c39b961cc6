"""The best hand-written Cypher for partner suggestions: what the ranking reads, in one statement.

The ranking itself stays in Python on both sides (logarithms, great-circle distances, rounding, the
percentile and the criteria that tell candidates apart have no exact equivalent in Cypher), so the
hand-written statement answers the store's part of the question: for an origin and a target country,
every candidate's facts and what links it to the origin (partner count and kinds, programme partners,
shared partners, conferences, organisations and themes, its partners in the origin's country with
where they lie), the origin's partners with their partnership counts, and how many municipalities of
the area are already partners. partnernet's time beside it is its whole answer (``suggest_partners``
with the area resolved beforehand: the store calls, the scoring, the reasons and the 20 whole nodes
shown), so the ratio is what partnernet costs on top of the server's own work.
"""

from __future__ import annotations

from typing import Callable

from graph.model import ADDRESSES, ATTENDS, HELD_IN, MEMBER_OF, MUNICIPALITY, PARTNER_OF
from graph.store.cypher import BASE_LABEL

_KIND = "CASE WHEN r.kind IS NULL OR r.kind = '' THEN 'twin' ELSE r.kind END"
_EVENTS = (f"CALL {{ WITH x MATCH (x)-[:`{ATTENDS}`]->(e) RETURN e "
           f"UNION WITH x MATCH (e)-[:`{HELD_IN}`]->(x) RETURN e }} ")

SUGGESTIONS = (
    f"MATCH (o:{BASE_LABEL} {{id: $origin}}) USING INDEX o:{BASE_LABEL}(id) "
    f"CALL {{ WITH o MATCH (o)-[r:`{PARTNER_OF}`]-(p) WITH p, collect(DISTINCT {_KIND}) AS kinds "
    f"RETURN collect(p) AS o_partners, collect({{id: p.id, kinds: kinds, name: p.name, country: p.country, "
    f"subdivision: p.subdivision, lat: p.lat, lon: p.lon, partnerships: COUNT {{ (p)-[:`{PARTNER_OF}`]-() }}}}) "
    "AS partners } "
    f"CALL {{ WITH o MATCH (o)-[:`{MEMBER_OF}`]->(g) RETURN collect(DISTINCT g) AS o_orgs }} "
    f"CALL {{ WITH o WITH o AS x {_EVENTS}OPTIONAL MATCH (e)-[:`{ADDRESSES}`]->(t) "
    "RETURN collect(DISTINCT e) AS o_events, collect(DISTINCT t) AS o_themes } "
    f"MATCH (c:`{MUNICIPALITY}`) WHERE c.country IN $countries AND c <> o "
    "WITH o, o_partners, partners, o_orgs, o_events, o_themes, c, c IN o_partners AS already "
    "WITH o, o_partners, partners, o_orgs, o_events, o_themes, count(c) AS in_area, "
    "collect(CASE WHEN already THEN c.id END) AS already, collect(CASE WHEN NOT already THEN c END) AS candidates "
    "UNWIND candidates AS c "
    f"CALL {{ WITH c, o_partners, o MATCH (c)-[r:`{PARTNER_OF}`]-(p) WITH p, o_partners, o, {_KIND} AS kind "
    "RETURN count(DISTINCT p) AS n, collect(DISTINCT kind) AS kinds, "
    "collect(DISTINCT CASE WHEN kind IN ['climate', 'solidarity', 'project'] THEN [kind, p.id] END) AS programme, "
    "collect(DISTINCT CASE WHEN p IN o_partners THEN p.id END) AS shared, "
    "collect(DISTINCT CASE WHEN p.country = o.country THEN [p.id, p.name, p.subdivision, p.lat, p.lon] END) AS ties } "
    f"CALL {{ WITH c, o_orgs WITH c, o_orgs WHERE o_orgs <> [] MATCH (c)-[:`{MEMBER_OF}`]->(g) WHERE g IN o_orgs "
    "RETURN collect(DISTINCT g.id) AS orgs } "
    f"CALL {{ WITH c, o_events, o_themes WITH c AS x, o_events, o_themes WHERE o_events <> [] {_EVENTS}"
    f"OPTIONAL MATCH (e)-[:`{ADDRESSES}`]->(t) WHERE t IN o_themes "
    "RETURN collect(DISTINCT CASE WHEN e IN o_events THEN e.id END) AS met, collect(DISTINCT t.id) AS themes } "
    "RETURN partners, [x IN o_orgs | x.id] AS o_orgs, [x IN o_events | x.id] AS o_events, "
    "[x IN o_themes | x.id] AS o_themes, in_area, already, "
    "collect([c.id, c.name, c.country, c.subdivision, c.population, c.lat, c.lon, n, kinds, programme, shared, "
    "ties, orgs, met, themes]) AS candidates"
)


def suggestion_pair(store, asked: list) -> tuple[Callable, Callable]:
    """partnernet's suggestions and the hand-written statement for the same questions, each target
    country resolved before either clock starts.

    Parameters
    ----------
    store : Neo4jStore
        The loaded server.
    asked : list of (str, str)
        (origin id, target country name) as ``benchmarks.workload.questions`` draws them.

    Returns
    -------
    (callable, callable)
        Each takes one question.
    """
    from graph.queries.regional import resolve_area
    from graph.queries.suggest import suggest_partners

    areas = {text: resolve_area(store, text) for _, text in asked}

    def ours(pair):
        return suggest_partners(store, pair[0], areas[pair[1]], limit=20)

    def reference(pair):
        return store._read(SUGGESTIONS, origin=pair[0], countries=list(areas[pair[1]].countries))

    return ours, reference
