"""Answers of the graph package, cached per store.

Every function takes the store as ``_s`` (left out of the cache key) and ``key``, which names the
open store and its version (``app_pages.common.token``), so an answer cached for one store, or for
data that has changed since, is never shown. Subgraphs are
passed as ``_sub`` with a fingerprint key: hashing the records themselves dominated a rerun.

The answers that every run of Explore asks for again (the neighbourhood, the lists of its filters)
are kept as they are (``st.cache_resource``) rather than copied for each run (``st.cache_data``
unpickles its answer on every call: for a neighbourhood of 200 nodes a good part of a run's time).
They are never changed by the views (nor are the records of the store, which every session shares).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Callable

import streamlit as st

from graph.i18n import _
from graph.model import CONFERENCE, MUNICIPALITY, ORGANISATION, Node
from graph.queries import partners, selections as sel
from graph.queries.regional import restrict_to_area
from graph.store.base import GraphStore, Subgraph

if TYPE_CHECKING:
    import pandas as pd

SEARCH_LABELS = (MUNICIPALITY, ORGANISATION, CONFERENCE)


def spinner(message: Callable[[], str]) -> Callable:
    """Show ``message()`` — a catalogue message, in the language of the page — while a cached answer
    takes longer than a moment (Streamlit's own spinner text is fixed when the module is imported)."""
    def wrap(cached: Callable) -> Callable:
        @functools.wraps(cached)
        def call(*args, **kwargs):
            with st.spinner(message()):
                return cached(*args, **kwargs)
        return call
    return wrap


@st.cache_data(show_spinner=False, max_entries=8)
def store_stats(_s: GraphStore, key: str):
    return _s.stats()


@st.cache_data(show_spinner=False, max_entries=512)
def search_nodes(_s: GraphStore, key: str, text: str, labels: tuple[str, ...] = SEARCH_LABELS,
                 limit: int = 25) -> list[Node]:
    from graph.queries.search import search

    return search(_s, text, labels=list(labels) or None, limit=limit)


@st.cache_data(show_spinner=False, max_entries=512)
def partner_counts(_s: GraphStore, key: str, ids: tuple[str, ...]) -> dict[str, int]:
    return partners.partner_counts(_s, ids)


@st.cache_resource(show_spinner=False, max_entries=128)
def neighbourhood(_s: GraphStore, key: str, ids: tuple[str, ...], depth: int, rel_types: tuple[str, ...],
                  kinds: tuple[str, ...], max_nodes: int) -> Subgraph:
    return _s.neighbourhood(list(ids), depth, list(rel_types) or None, list(kinds) or None, max_nodes)


@st.cache_data(show_spinner=False, max_entries=16)
def place_points(_s: GraphStore, key: str) -> pd.DataFrame:
    return sel.place_points(_s)


@st.cache_resource(show_spinner=False, max_entries=8)
def country_codes(_s: GraphStore, key: str) -> list[str]:
    return sel.country_codes(_s)


@st.cache_resource(show_spinner=False, max_entries=8)
def region_names(_s: GraphStore, key: str) -> dict[str, str]:
    return sel.region_names(_s)


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


@spinner(lambda: _("Collecting partnerships …"))
@st.cache_data(show_spinner=False, max_entries=32)
def existing(_s: GraphStore, key: str, origin, target) -> pd.DataFrame:
    return sel.region_partnerships(_s, origin, target)


@st.cache_data(show_spinner=False, max_entries=32)
def partnership_subgraph(_s: GraphStore, key: str, frame: pd.DataFrame) -> Subgraph:
    return sel.listed_partnerships(_s, frame)


@spinner(lambda: _("Ranking candidates …"))
@st.cache_data(show_spinner=False, max_entries=32)
def suggestions(_s: GraphStore, key: str, origin_id: str, target, limit: int, filters=None):
    from graph.queries.suggest import suggest

    return suggest(_s, origin_id, target, limit, filters=filters)


@st.cache_data(show_spinner=False, max_entries=64)
def origin_of(_s: GraphStore, key: str, text: str):
    """The one municipality a text names, or AmbiguousName / NotFound naming the candidates."""
    from graph.queries.suggest_origin import resolve_origin

    return resolve_origin(_s, text)


@st.cache_data(show_spinner=False, max_entries=64)
def path_lines(_s: GraphStore, key: str, paths: tuple[tuple[str, ...], ...]) -> list[str]:
    return sel.path_lines(_s, paths)


@st.cache_data(show_spinner=False, max_entries=32)
def suggestion_subgraph(_s: GraphStore, key: str, origin_id: str, candidates: tuple[str, ...],
                        paths: tuple[tuple[str, ...], ...]) -> Subgraph:
    return sel.suggestion_subgraph(_s, origin_id, candidates, paths)


@spinner(lambda: _("Searching paths …"))
@st.cache_data(show_spinner=False, max_entries=32)
def connection(_s: GraphStore, key: str, a_id: str, b_id: str, rel_types: tuple[str, ...], max_depth: int):
    from graph.queries.paths import connection_paths

    return connection_paths(_s, a_id, b_id, rel_types=list(rel_types) or None, max_depth=max_depth)


@spinner(lambda: _("Collecting the network …"))
@st.cache_data(show_spinner=False, max_entries=16)
def between(_s: GraphStore, key: str, side_a: tuple[str, ...], side_b: tuple[str, ...]) -> Subgraph:
    from graph.queries.insights import network_between

    return network_between(_s, side_a, side_b)


@spinner(lambda: _("Measuring the network …"))
@st.cache_data(show_spinner=False, max_entries=16)
def network_measures(_sub: Subgraph, key: str) -> dict[str, list[dict]]:
    from graph.queries.insights import brokers, communities, hubs

    return {"hubs": hubs(_sub, top=20), "brokers": brokers(_sub, top=20), "communities": communities(_sub)}


@spinner(lambda: _("Counting partnerships by country pair …"))
@st.cache_data(show_spinner=False, max_entries=8)
def pair_matrix(_s: GraphStore, key: str, top: int) -> pd.DataFrame:
    return sel.leading_country_pairs(_s, top)


@st.cache_data(show_spinner=False, max_entries=16)
def gaps(_s: GraphStore, key: str, origin_text: str, target_text: str) -> pd.DataFrame:
    from graph.queries.regional import resolve_area

    return sel.gaps(_s, resolve_area(_s, origin_text), resolve_area(_s, target_text))


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
    return sel.source_table(_s)


@spinner(lambda: _("Checking the data …"))
@st.cache_data(show_spinner=False, max_entries=8)
def quality_report(_s: GraphStore, key: str):
    from graph.queries.quality import quality

    return quality(_s)
