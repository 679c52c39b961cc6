"""Cypher of the partner suggestion's questions the Neo4j store answers on the server.

graph.store.suggest_facts states the rules over the primitives; these statements give the same answers
in one read each, returning only the facts the ranking reads (one record of collected lists, so that a
few thousand candidates cross Bolt as one record). As in graph.store.cypher, values are parameters and
labels and relationship types come only from the model's allow-list.
"""

from __future__ import annotations

from graph.model import PARTNER_OF
from graph.store.cypher_schema import BASE_LABEL, _seek
from graph.store.cypher_server import _KIND, LINKS_OF_EACH, ORIGIN_SIDE, match_area


def _in_area_split(kind: str) -> str:
    """The municipalities ``c`` of the target area other than ``$origin``, one row each, with ``partner``:
    whether ``c`` is a partner of the origin (the start both statements below share)."""
    return (
        f"CALL {{ OPTIONAL MATCH (o:{BASE_LABEL} {{id: $origin}}) {_seek('o')} "
        f"OPTIONAL MATCH (o)-[:`{PARTNER_OF}`]-(p) RETURN collect(DISTINCT p.id) AS o_partners }} "
        f"{match_area('c', 't', kind)}AND c.id <> $origin "
        "WITH c, c.id IN o_partners AS partner "
    )


def area_candidates(kind: str) -> str:
    """The municipalities of the target area other than ``$origin``, split into its partners and the
    candidates, with the candidates' properties ``$props``.

    The statement's own parameters: ``$origin`` (the origin's id), ``$props`` (property names),
    ``$t_id``, ``$t_countries`` and ``$t_subs`` (the area's id, ISO 3166-1 codes and stored subdivision
    values, as graph.store.cypher_server.partnerships_between takes them). One record: ``in_area`` (a
    count), ``partners`` (ids), ``candidates`` ([id, [value of each of $props]] pairs).

    Parameters
    ----------
    kind : str
        The area's kind (``AREA_KINDS``): "municipality", "subdivision", "country" or "region".

    Returns
    -------
    str
        The Cypher statement; the area is found through the id, country or subdivision index.

    Raises
    ------
    UsageError
        An area kind other than municipality, subdivision, country or region.
    """
    return (
        f"{_in_area_split(kind)}"
        "RETURN count(c) AS in_area, collect(CASE WHEN partner THEN c.id END) AS partners, "
        "collect(CASE WHEN NOT partner THEN [c.id, [k IN $props | c[k]]] END) AS candidates"
    )


def suggestion_facts(kind: str) -> str:
    """Everything a suggestion ranks by in one statement: the area's municipalities split as
    :func:`area_candidates` splits them, what links each candidate to the origin
    (graph.store.cypher_server.LINKS_OF_EACH), the origin's side (graph.store.cypher_server.ORIGIN_SIDE),
    each of its partners' partnership kinds with it and partnership count, and the place facts of its
    partners and of the candidates' partners in the origin's country.

    The statement's parameters: those of :func:`area_candidates` and those of ``CANDIDATE_LINKS`` but
    ``$ids``, and ``$place_props`` (the property names read of a place). One record: ``in_area``,
    ``partners`` and ``candidates`` as :func:`area_candidates` gives them, ``links`` as
    ``CANDIDATE_LINKS`` gives them, ``o_events``, ``o_orgs``, ``o_themes`` (ids), ``o_partners``
    ([id, kinds, partnership count] triples) and ``places`` ([id, labels, [value of each of
    $place_props]] triples); no record for an unknown origin.

    Parameters
    ----------
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
    facts = "[k IN $place_props | p[k]]"
    return (
        f"{ORIGIN_SIDE}"
        f"CALL {{ WITH o MATCH (o)-[r:`{PARTNER_OF}`]-(p) WITH p, collect(DISTINCT {_KIND}) AS kinds "
        f"RETURN collect([p.id, kinds, COUNT {{ (p)-[:`{PARTNER_OF}`]-() }}]) AS o_partner_rows, "
        f"collect([p.id, labels(p), {facts}]) AS o_places }} "
        f"CALL {{ WITH o_partners {match_area('c', 't', kind)}AND c.id <> $origin "
        "WITH c, c.id IN o_partners AS partner "
        "RETURN count(c) AS in_area, collect(CASE WHEN partner THEN c.id END) AS partners, "
        "collect(CASE WHEN NOT partner THEN c END) AS cands } "
        "CALL { WITH cands, o_partners, o_orgs, o_events, o_themes "
        f"UNWIND cands AS c {LINKS_OF_EACH} }} "
        "CALL { WITH links UNWIND links AS found UNWIND found[5] AS id WITH DISTINCT id "
        f"MATCH (p:{BASE_LABEL} {{id: id}}) {_seek('p')} RETURN collect([p.id, labels(p), {facts}]) AS c_places }} "
        "RETURN in_area, partners, [c IN cands | [c.id, [k IN $props | c[k]]]] AS candidates, links, o_events, "
        "o_orgs, o_themes, o_partner_rows AS o_partners, o_places + c_places AS places"
    )


# How many partnerships each of $ids has: one record, ``counts`` ([id, count] pairs, nodes with any).
PARTNERSHIP_COUNTS = (
    f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} "
    f"WITH n, COUNT {{ (n)-[:`{PARTNER_OF}`]-() }} AS partnerships WHERE partnerships > 0 "
    "RETURN collect([n.id, partnerships]) AS counts"
)

# The nodes of $ids with only the properties $props: one record, ``nodes`` ([id, labels, values] triples).
NODE_FACTS = (
    f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} "
    "RETURN collect([n.id, labels(n), [k IN $props | n[k]]]) AS nodes"
)
