"""What every view of the explorer shares: the store, cached look-ups, pickers, pictures, downloads.

The store is opened once per process (``st.cache_resource``); answers are cached per store with
``st.cache_data`` (the store argument is left out of the cache key, a token naming the store and
its load generation is put in). The graph work itself happens in ``graph``; this module only
arranges widgets around it.
"""

from __future__ import annotations

import os
from typing import Callable, Iterable, Sequence

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from graph import export as exports
from graph.model import (
    ATTENDS, BASED_IN, CONFERENCE, HELD_IN, MEMBER_OF, MUNICIPALITY, ORGANISATION, ORGANISES, PARTNER_OF,
    Node,
)
from graph.places import country_name
from graph.store import GraphStore, Subgraph
from graph.stores import open_store
from graph.visual import KIND_COLOURS, LABEL_COLOURS, network_html

# Relationships a neighbourhood follows unless the user asks for more: membership of a country or
# region would pull in every city of that country after two hops.
DEFAULT_REL_TYPES = (PARTNER_OF, ATTENDS, ORGANISES, MEMBER_OF, HELD_IN, BASED_IN)
SEARCH_LABELS = (MUNICIPALITY, ORGANISATION, CONFERENCE)
DOWNLOAD_FORMATS = ("xlsx", "csv", "gexf", "graphml", "json", "html", "report", "pdf")
SECRET_KEYS = ("PARTNERNET_STORE", "PARTNERNET_DATA_DIR", "NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD",
               "NEO4J_DATABASE")
NETWORK_HEIGHT = 560


# -- the store -------------------------------------------------------------------------------------


def apply_secrets() -> None:
    """Copy store settings from Streamlit secrets into the environment (the environment wins)."""
    try:
        secrets = dict(st.secrets)
    except Exception:  # no secrets.toml anywhere: nothing to apply
        return
    for key in SECRET_KEYS:
        if key in secrets and not os.environ.get(key):
            os.environ[key] = str(secrets[key])


@st.cache_resource(show_spinner="Opening the graph …")
def _open(kind: str, data_dir: str) -> GraphStore:
    return open_store(kind or None, data_dir or None)


def store() -> GraphStore:
    return _open(os.environ.get("PARTNERNET_STORE", ""), os.environ.get("PARTNERNET_DATA_DIR", ""))


def token() -> str:
    """Names the open store and how often it was loaded into, so cached answers never go stale."""
    s = store()
    return f"{s.kind}:{id(s)}:{st.session_state.get('data_generation', 0)}"


def store_description(s: GraphStore) -> str:
    if s.kind == "embedded":
        return f"embedded store in {getattr(s, 'path', '')}"
    return f"Neo4j at {os.environ.get('NEO4J_URI', '')}"


# -- cached answers --------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=512)
def search_nodes(_s: GraphStore, key: str, text: str, labels: tuple[str, ...] = SEARCH_LABELS,
                 limit: int = 25) -> list[Node]:
    from graph.search import search

    return search(_s, text, labels=list(labels) or None, limit=limit)


@st.cache_data(show_spinner=False, max_entries=128)
def neighbourhood(_s: GraphStore, key: str, ids: tuple[str, ...], depth: int, rel_types: tuple[str, ...],
                  kinds: tuple[str, ...], max_nodes: int) -> Subgraph:
    return _s.neighbourhood(list(ids), depth, list(rel_types) or None, list(kinds) or None, max_nodes)


@st.cache_data(show_spinner=False, max_entries=64)
def network_page(sub: Subgraph, highlight: tuple[str, ...], height: int) -> str:
    return network_html(sub, height=f"{height}px", highlight=highlight)


@st.cache_data(show_spinner=False, max_entries=16)
def place_points(_s: GraphStore, key: str) -> pd.DataFrame:
    """Every municipality with coordinates: the faint background that outlines the world offline."""
    rows = [(n.get("lon"), n.get("lat")) for n in _s.nodes(MUNICIPALITY) if n.get("lat") is not None]
    return pd.DataFrame(rows, columns=["lon", "lat"])


# -- widgets -----------------------------------------------------------------------------------------


def describe(node: Node) -> str:
    """One line that tells same-named places apart: name, kind, subdivision, country."""
    if node.label == MUNICIPALITY:
        where = ", ".join(p for p in (node.get("subdivision"), country_name(node.get("country"))
                                      if node.get("country") else "") if p)
        return f"{node.name} ({where})" if where else node.name
    if node.label == CONFERENCE:
        when = node.get("start", "")[:10]
        return f"{node.name} · conference {when}".strip()
    return f"{node.name} · {node.label.lower()}" + (f" ({node.get('kind')})" if node.get("kind") else "")


def node_picker(label: str, key: str, labels: Sequence[str] = SEARCH_LABELS, default_text: str = "",
                help: str | None = None) -> Node | None:
    """A search box and the matches to choose from; the choice survives switching views."""
    s = store()
    text = st.text_input(label, value=st.session_state.get(f"{key}:text", default_text), key=f"{key}:input",
                         help=help or "Any spelling: Krakau, Kiew, Breslau, Köln, Київ …",
                         placeholder="type a name and press Enter")
    st.session_state[f"{key}:text"] = text
    if not text.strip():
        return None
    hits = search_nodes(s, token(), text.strip(), tuple(labels))
    if not hits:
        st.warning(f"Nothing found for “{text.strip()}”. Try another spelling or fewer letters.")
        return None
    by_id = {n.id: n for n in hits}
    ids = list(by_id)
    remembered = st.session_state.get(f"{key}:id")
    index = ids.index(remembered) if remembered in by_id else 0
    chosen = st.selectbox(f"{len(hits)} match(es)", ids, index=index, key=f"{key}:pick:{text.strip()}",
                          format_func=lambda i: describe(by_id[i]))
    st.session_state[f"{key}:id"] = chosen
    return by_id[chosen]


def set_pick(key: str, node: Node) -> None:
    """Make ``node`` the choice of picker ``key`` (e.g. from "explore this partner")."""
    st.session_state[f"{key}:text"] = node.name
    st.session_state[f"{key}:input"] = node.name
    st.session_state[f"{key}:id"] = node.id


def country_label(code: str) -> str:
    return f"{country_name(code)} ({code})" if code else "—"


# -- pictures ---------------------------------------------------------------------------------------


def show_network(sub: Subgraph, highlight: Iterable[str] = (), height: int = NETWORK_HEIGHT) -> None:
    if not sub.nodes:
        st.info("Nothing to draw: no nodes match.")
        return
    page = network_page(sub, tuple(sorted(highlight)), height)
    components.html(page, height=height + 70, scrolling=False)


def show_map(sub: Subgraph, key: str) -> None:
    """Partnerships of the subgraph as arcs between cities, coloured by kind (no tiles needed)."""
    import pydeck as pdk

    arcs, points = map_frames(sub)
    if not points:
        st.info("None of these places has coordinates, so there is nothing to put on the map.")
        return
    background = place_points(store(), token())
    layers = [
        pdk.Layer("ScatterplotLayer", background, get_position=["lon", "lat"], get_radius=1,
                  radius_units="pixels", radius_min_pixels=1, get_fill_color=[150, 160, 175, 90], pickable=False),
        pdk.Layer("ArcLayer", arcs, get_source_position=["source_lon", "source_lat"],
                  get_target_position=["target_lon", "target_lat"], get_source_color="colour",
                  get_target_color="colour", get_width=2, width_min_pixels=1.5, pickable=True, auto_highlight=True),
        pdk.Layer("ScatterplotLayer", points, get_position=["lon", "lat"], get_fill_color="colour",
                  get_radius="radius", radius_units="pixels", radius_min_pixels=3, stroked=True,
                  get_line_color=[255, 255, 255], line_width_min_pixels=1, pickable=True, auto_highlight=True),
    ]
    lats = [p["lat"] for p in points]
    lons = [p["lon"] for p in points]
    view = pdk.data_utils.compute_view(pd.DataFrame({"lon": lons, "lat": lats})[["lon", "lat"]].values.tolist(),
                                       view_proportion=0.95)
    view.zoom = max(min(view.zoom, 6), 0.6)
    deck = pdk.Deck(layers=layers, initial_view_state=view, map_style=None, map_provider=None,
                    tooltip={"text": "{tooltip}"}, parameters={"clearColor": [0.96, 0.97, 0.98, 1]})
    st.pydeck_chart(deck, height=520, key=key)
    kinds = sorted({a["kind"] for a in arcs})
    if kinds:
        st.caption("Arcs: " + " · ".join(f"<span style='color:{KIND_COLOURS.get(k, '#888')}'>━ {k}</span>"
                                          for k in kinds), unsafe_allow_html=True)


def _rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


def map_frames(sub: Subgraph) -> tuple[list[dict], list[dict]]:
    """Rows for the map: one arc per partnership whose two cities have coordinates, one point per city."""
    from graph.export.tables import degrees

    deg = degrees(sub)
    placed = {i: n for i, n in sub.nodes.items()
              if n.label == MUNICIPALITY and n.get("lat") is not None and n.get("lon") is not None}
    arcs = []
    for edge in sub.edges:
        if edge.type != PARTNER_OF or edge.source not in placed or edge.target not in placed:
            continue
        a, b = placed[edge.source], placed[edge.target]
        kind = edge.props.get("kind", "twin")
        since = f", since {edge.props['since']}" if edge.props.get("since") else ""
        arcs.append({"source_lon": a.get("lon"), "source_lat": a.get("lat"), "target_lon": b.get("lon"),
                     "target_lat": b.get("lat"), "kind": kind, "colour": _rgb(KIND_COLOURS.get(kind, "#888888")),
                     "tooltip": f"{a.name} — {b.name}\n{kind} partnership{since}"})
    points = [{"lon": n.get("lon"), "lat": n.get("lat"), "radius": 3 + min(deg[i], 30) ** 0.5 * 2,
               "colour": _rgb(LABEL_COLOURS[MUNICIPALITY]),
               "tooltip": f"{describe(n)}\n{deg[i]} relationship(s) shown"} for i, n in placed.items()]
    return arcs, points


# -- downloads --------------------------------------------------------------------------------------


def download_buttons(sub: Subgraph, context: exports.ExportContext, key: str,
                     formats: Sequence[str] = DOWNLOAD_FORMATS) -> None:
    """One button per export format; each file is made only when its button is clicked."""
    from graph.export.browser import find_chromium

    shown = [f for f in formats if f != "pdf" or find_chromium()]
    if not sub.nodes:
        return
    st.caption("Download this view")
    cols = st.columns(len(shown))
    for col, fmt in zip(cols, shown):
        spec = exports.FORMATS[fmt]
        col.download_button(
            _FORMAT_LABELS.get(fmt, fmt), data=_deferred(sub, fmt, context),
            file_name=exports.filename_for(context, fmt), mime=spec.media_type, key=f"{key}:dl:{fmt}",
            help=spec.description, on_click="ignore", width="stretch",
        )


_FORMAT_LABELS = {"xlsx": "Excel", "csv": "CSV", "gexf": "GEXF", "graphml": "GraphML", "json": "JSON",
                  "html": "HTML", "report": "Report", "pdf": "PDF"}


def _deferred(sub: Subgraph, fmt: str, context: exports.ExportContext) -> Callable[[], bytes]:
    def make() -> bytes:
        return exports.export(sub, fmt, context=context)

    return make
