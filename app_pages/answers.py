"""Answers of the graph package, cached per store.

Every function takes the store as ``_s`` (left out of the cache key) and ``key``, which names the
open store and its version (``app_pages.common.token``), so an answer cached for one store, or for
data that has changed since, is never shown. Subgraphs are
passed as ``_sub`` with a fingerprint key: hashing the records themselves dominated a rerun.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from graph.model import CONFERENCE, COUNTRY, MUNICIPALITY, ORGANISATION, PARTNER_OF, REGION, Node
from graph.geo.countries import country_name
from graph.queries.regional import restrict_to_area
from graph.store.base import GraphStore, Subgraph

if TYPE_CHECKING:
    import pandas as pd

SEARCH_LABELS = (MUNICIPALITY, ORGANISATION, CONFERENCE)


@st.cache_data(show_spinner=False, max_entries=8)
def store_stats(_s: GraphStore, key: str):
    return _s.stats()


@st.cache_data(show_spinner=False, max_entries=512)
def search_nodes(_s: GraphStore, key: str, text: str, labels: tuple[str, ...] = SEARCH_LABELS,
                 limit: int = 25) -> list[Node]:
    from graph.queries.search import search

    return search(_s, text, labels=list(labels) or None, limit=limit)


@st.cache_data(show_spinner=False, max_entries=128)
def neighbourhood(_s: GraphStore, key: str, ids: tuple[str, ...], depth: int, rel_types: tuple[str, ...],
                  kinds: tuple[str, ...], max_nodes: int) -> Subgraph:
    return _s.neighbourhood(list(ids), depth, list(rel_types) or None, list(kinds) or None, max_nodes)


@st.cache_data(show_spinner=False, max_entries=16)
def place_points(_s: GraphStore, key: str) -> pd.DataFrame:
    """Every municipality with coordinates: the faint background that outlines the world offline."""
    import pandas as pd

    # one point per half degree is enough to outline the continents, and keeps the map light
    cells = {(round(n.get("lon") * 2) / 2, round(n.get("lat") * 2) / 2) for n in _s.nodes(MUNICIPALITY)
             if n.get("lat") is not None and n.get("lon") is not None}
    return pd.DataFrame(sorted(cells), columns=["lon", "lat"])


@st.cache_data(show_spinner=False, max_entries=8)
def country_codes(_s: GraphStore, key: str) -> list[str]:
    """Country codes of the countries in the store, by English name."""
    codes = {n.get("code") for n in _s.nodes(COUNTRY) if n.get("code")}
    return sorted(codes, key=lambda code: country_name(code))


@st.cache_data(show_spinner=False, max_entries=8)
def region_names(_s: GraphStore, key: str) -> dict[str, str]:
    """Region id -> name, continents first, then groups and sub-regions."""
    order = {"continent": 0, "group": 1, "subregion": 2, "subdivision": 3}
    regions = sorted(_s.nodes(REGION), key=lambda n: (order.get(n.get("kind"), 9), n.name.casefold()))
    return {n.id: n.name for n in regions}


def region_ids(s: GraphStore, key: str) -> list[str]:
    return list(region_names(s, key))


def region_name(s: GraphStore, key: str, region_id: str) -> str:
    return region_names(s, key).get(region_id, region_id)


@st.cache_data(show_spinner=False, max_entries=64)
def area_of(_s: GraphStore, key: str, text: str):
    from graph.queries.regional import resolve_area

    return resolve_area(_s, text)


def restrict_to_places(s: GraphStore, key: str, sub: Subgraph, centre: str, countries: tuple[str, ...],
                       region: str | None, max_nodes: int) -> Subgraph:
    """The part of ``sub`` whose municipalities lie in the chosen countries and region."""
    return restrict_to_area(sub, centre, countries, area_of(s, key, region) if region else None, max_nodes)


@st.cache_data(show_spinner=False, max_entries=256)
def source_titles(_s: GraphStore, key: str, ids: tuple[str, ...]) -> dict[str, str]:
    return {i: n.get("title") or n.name for i, n in _s.get_many(ids).items()}


@st.cache_data(show_spinner="Collecting partnerships …", max_entries=32)
def existing(_s: GraphStore, key: str, origin, target) -> pd.DataFrame:
    from graph.queries.regional import existing_partnerships

    return existing_partnerships(_s, origin, target)


@st.cache_data(show_spinner=False, max_entries=32)
def partnership_subgraph(_s: GraphStore, key: str, frame: pd.DataFrame) -> Subgraph:
    """The partnerships listed in a table (origin_id, partner_id, kind) and their municipalities."""
    wanted = {(min(a, b), max(a, b), k) for a, b, k in zip(frame["origin_id"], frame["partner_id"], frame["kind"])}
    sub = _s.subgraph(set(frame["origin_id"]) | set(frame["partner_id"]))
    sub.edges = [e for e in sub.edges if e.type == PARTNER_OF and (e.source, e.target, e.props.get("kind")) in wanted]
    sub.rule = f"the {len(sub.edges)} partnerships listed"
    return sub


@st.cache_data(show_spinner="Ranking candidates …", max_entries=32)
def suggestions(_s: GraphStore, key: str, origin_id: str, target, limit: int):
    from graph.queries.suggest import suggest_partners

    return suggest_partners(_s, origin_id, target, limit)


@st.cache_data(show_spinner=False, max_entries=64)
def path_lines(_s: GraphStore, key: str, paths: tuple[tuple[str, ...], ...]) -> list[str]:
    """Paths of node ids as "Gießen — Winchester — Kumasi"."""
    nodes = _s.get_many({i for p in paths for i in p})
    return [" — ".join(nodes[i].name if i in nodes else i for i in p) for p in paths]


@st.cache_data(show_spinner=False, max_entries=32)
def suggestion_subgraph(_s: GraphStore, key: str, origin_id: str, candidates: tuple[str, ...],
                        paths: tuple[tuple[str, ...], ...]) -> Subgraph:
    ids = {origin_id, *candidates, *(i for p in paths for i in p)}
    on_path = {frozenset(pair) for p in paths for pair in zip(p, p[1:])}
    sub = _s.subgraph(ids)
    sub.edges = [e for e in sub.edges if frozenset((e.source, e.target)) in on_path]
    sub.rule = "the origin, the suggested municipalities and what links them"
    return sub


@st.cache_data(show_spinner="Searching paths …", max_entries=32)
def connection(_s: GraphStore, key: str, a_id: str, b_id: str, rel_types: tuple[str, ...], max_depth: int):
    from graph.queries.paths import connection_paths

    return connection_paths(_s, a_id, b_id, rel_types=list(rel_types) or None, max_depth=max_depth)


@st.cache_data(show_spinner="Collecting the network …", max_entries=16)
def between(_s: GraphStore, key: str, side_a: tuple[str, ...], side_b: tuple[str, ...]) -> Subgraph:
    from graph.queries.insights import network_between

    return network_between(_s, side_a, side_b)


@st.cache_data(show_spinner="Measuring the network …", max_entries=16)
def network_measures(_sub: Subgraph, key: str) -> dict[str, list[dict]]:
    from graph.queries.insights import brokers, communities, hubs

    return {"hubs": hubs(_sub, top=20), "brokers": brokers(_sub, top=20), "communities": communities(_sub)}


@st.cache_data(show_spinner="Counting partnerships by country pair …", max_entries=8)
def pair_matrix(_s: GraphStore, key: str, top: int) -> pd.DataFrame:
    """The country-pair table restricted to the ``top`` countries with the most partnerships."""
    from graph.queries.insights import country_pair_counts

    full = country_pair_counts(_s)
    if full.empty:
        return full
    leading = full.sum(axis=1).sort_values(ascending=False).index[:top]
    return full.loc[leading, leading]


@st.cache_data(show_spinner=False, max_entries=16)
def gaps(_s: GraphStore, key: str, origin_text: str, target_text: str) -> pd.DataFrame:
    from graph.queries.regional import coverage_gaps, resolve_area

    return coverage_gaps(_s, resolve_area(_s, origin_text), resolve_area(_s, target_text))


@st.cache_data(show_spinner=False, max_entries=8)
def conferences(_s: GraphStore, key: str) -> pd.DataFrame:
    from graph.queries.conferences import conference_table

    return conference_table(_s)


@st.cache_data(show_spinner=False, max_entries=8)
def conferences_matching(_s: GraphStore, key: str, text: str) -> list[str]:
    from graph.queries.conferences import find_conferences
    from graph.errors import NotFound

    try:
        return find_conferences(_s, text)
    except NotFound:
        return []


@st.cache_data(show_spinner=False, max_entries=32)
def conference_sub(_s: GraphStore, key: str, conf_id: str, with_partners: bool) -> Subgraph:
    from graph.queries.conferences import conference_network

    return conference_network(_s, conf_id, with_partners=with_partners)


@st.cache_data(show_spinner=False, max_entries=32)
def without_partner(_s: GraphStore, key: str, conf_ids: tuple[str, ...], country: str, only_without: bool):
    from graph.queries.conferences import attendees_without_partner_in

    return attendees_without_partner_in(_s, conf_ids, country, only_without=only_without)


@st.cache_data(show_spinner=False, max_entries=32)
def nodes_sub(_s: GraphStore, key: str, ids: tuple[str, ...]) -> Subgraph:
    return _s.subgraph(ids)


@st.cache_data(show_spinner=False, max_entries=8)
def source_table(_s: GraphStore, key: str) -> pd.DataFrame:
    import pandas as pd

    from graph.model import SOURCE

    rows = [{"source": n.get("title") or n.name, "url": n.get("url", ""), "file": n.get("file", ""), "id": n.id}
            for n in _s.nodes(SOURCE)]
    return pd.DataFrame(rows, columns=["source", "url", "file", "id"])


@st.cache_data(show_spinner="Checking the data …", max_entries=8)
def quality_report(_s: GraphStore, key: str):
    from graph.queries.quality import quality

    return quality(_s)
