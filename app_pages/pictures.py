"""Networks, maps and charts: pictures that work offline (no tiles, fonts or scripts from elsewhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import streamlit as st

from app_pages.answers import place_points
from app_pages.common import NETWORK_HEIGHT, describe, fingerprint, store, subdivision_name, token
from graph.model import MUNICIPALITY, PARTNER_OF
from graph.geo.countries import country_name
from graph.store.base import Subgraph
from graph.export.visual import KIND_COLOURS, LABEL_COLOURS, network_html

if TYPE_CHECKING:
    import pandas as pd


@st.cache_data(show_spinner=False, max_entries=64)
def network_page(_sub: Subgraph, key: str, highlight: tuple[str, ...], height: int) -> str:
    return network_html(_sub, height=f"{height}px", highlight=highlight)


def show_network(sub: Subgraph, highlight: Iterable[str] = (), height: int = NETWORK_HEIGHT) -> None:
    if not sub.nodes:
        st.info("Nothing to draw: no nodes match.")
        return
    page = network_page(sub, f"{token()}:{fingerprint(sub)}", tuple(sorted(highlight)), height)
    st.iframe(page, height=height + 70)


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
                  get_target_color="colour", get_width=2, width_min_pixels=1.5, great_circle=True, pickable=True,
                  auto_highlight=True),
        pdk.Layer("ScatterplotLayer", points, get_position=["lon", "lat"], get_fill_color="colour",
                  get_radius="radius", radius_units="pixels", radius_min_pixels=3, stroked=True,
                  get_line_color=[255, 255, 255], line_width_min_pixels=1, pickable=True, auto_highlight=True),
    ]
    view = _view_of([p["lon"] for p in points], [p["lat"] for p in points])
    # map_provider=None with pydeck's default style tells Streamlit "no base map": nothing is fetched
    # from a tile server (map_style=None would make Streamlit pick a Carto base map from the internet)
    deck = pdk.Deck(layers=layers, initial_view_state=view, map_provider=None,
                    tooltip={"text": "{tooltip}"}, parameters={"clearColor": [0.96, 0.97, 0.98, 1]})
    st.pydeck_chart(deck, height=520, key=key)
    kinds = sorted({a["kind"] for a in arcs})
    if kinds:
        st.caption("Arcs: " + " · ".join(f"<span style='color:{KIND_COLOURS.get(k, '#888')}'>━ {k}</span>"
                                          for k in kinds), unsafe_allow_html=True)


def _view_of(lons: list[float], lats: list[float]):
    """A view that fits all points: centred on their box, zoomed so the wider side fits."""
    import math

    import pydeck as pdk

    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.6, 0.5)
    zoom = min(max(math.log2(300 / span) - 0.3, 0.3), 7)
    latitude = (max(lats) + min(lats)) / 2
    if span > 60:  # long partnerships arc towards the pole on a great circle: leave room above
        latitude = min(latitude + span / 12, 60)
    return pdk.ViewState(longitude=(max(lons) + min(lons)) / 2, latitude=latitude, zoom=zoom)


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
    points = [{"lon": n.get("lon"), "lat": n.get("lat"), "radius": 2.5 + min(deg[i], 25) ** 0.5 * 1.2,
               "colour": _rgb(LABEL_COLOURS[MUNICIPALITY]),
               "tooltip": f"{describe(n)}\n{deg[i]} relationship(s) shown"} for i, n in placed.items()]
    return arcs, points


def _readable(value: object) -> str:
    text = str(value)
    if len(text) == 2 and text.isalpha() and text.isupper():
        return country_name(text)
    if len(text) > 3 and text[2:3] == "-" and text[:2].isupper():
        return subdivision_name(text)
    return text


def readable_matrix(matrix: pd.DataFrame) -> pd.DataFrame:
    """Country and subdivision codes on the axes of a count matrix replaced by names."""
    return matrix.rename(index=_readable, columns=_readable)


def heat_table(matrix: pd.DataFrame, key: str) -> None:
    """A count matrix as a table whose cells are shaded by their count (0 stays white)."""
    readable = readable_matrix(matrix)
    top = max(int(readable.to_numpy().max()), 1)

    def shade(value) -> str:
        if not value:
            return "color: #9aa3ad"
        alpha = 0.12 + 0.78 * (float(value) / top)
        ink = "#ffffff" if alpha > 0.55 else "#1d2733"
        return f"background-color: rgba(0, 114, 178, {alpha:.2f}); color: {ink}"

    st.dataframe(readable.style.map(shade), width="stretch", key=key)


def heatmap(matrix: pd.DataFrame, row_title: str, col_title: str) -> None:
    """A count matrix as coloured cells with the numbers written in."""
    import altair as alt

    long = readable_matrix(matrix).rename_axis(index="row", columns="col").stack().reset_index(name="count")
    base = alt.Chart(long).encode(
        x=alt.X("col:N", title=col_title, sort=None, axis=alt.Axis(labelAngle=-40, labelLimit=160)),
        y=alt.Y("row:N", title=row_title, sort=None, axis=alt.Axis(labelLimit=200)))
    cells = base.mark_rect().encode(
        color=alt.Color("count:Q", scale=alt.Scale(scheme="blues"), title="partnerships"),
        tooltip=[alt.Tooltip("row:N", title=row_title), alt.Tooltip("col:N", title=col_title), "count:Q"])
    text = base.mark_text(fontSize=11).encode(
        text=alt.condition("datum.count > 0", "count:Q", alt.value("")),
        color=alt.condition(f"datum.count > {max(int(long['count'].max()) / 2, 1)}", alt.value("white"),
                            alt.value("#1d2733")))
    height = min(max(22 * matrix.shape[0], 120), 900)
    st.altair_chart((cells + text).properties(height=height), width="stretch")


def conference_timeline(frame: pd.DataFrame) -> None:
    """Conferences on a time axis, one row per series, coloured by status.

    Dates known only to the month or year ("2024-09", "2022") are drawn at its first day; a bar
    spans start to end where both days are known."""
    import altair as alt
    import pandas as pd

    data = frame.copy()
    data["series"] = data["series"].fillna("").replace("", "(no series)")
    data["start_date"] = pd.to_datetime(data["start"].fillna(""), format="mixed", errors="coerce")
    data["end_date"] = pd.to_datetime(data["end"].fillna(""), format="mixed", errors="coerce")
    data = data.dropna(subset=["start_date"])
    if data.empty:
        return
    data["end_date"] = data["end_date"].fillna(data["start_date"]) + pd.Timedelta(days=1)
    data["when"] = data["start"] + data["end"].fillna("").map(lambda e: f" – {e}" if e else "")
    status = alt.Color("status:N", scale=alt.Scale(domain=["planned", "held", "postponed", "cancelled"],
                                                   range=["#56B4E9", "#0072B2", "#E69F00", "#999999"]),
                       legend=alt.Legend(orient="top", title=None))
    tooltip = [alt.Tooltip("title:N"), alt.Tooltip("when:N", title="dates"), alt.Tooltip("place:N"),
               alt.Tooltip("status:N"), alt.Tooltip("organisers:N"), alt.Tooltip("participants:Q")]
    y = alt.Y("series:N", title=None, axis=alt.Axis(labelLimit=320, labelOverlap=False))
    bars = alt.Chart(data).mark_bar(size=12, cornerRadius=2).encode(
        x=alt.X("start_date:T", title=None), x2="end_date:T", y=y, color=status, tooltip=tooltip)
    points = alt.Chart(data).mark_point(filled=True, size=90, opacity=0.9).encode(
        x="start_date:T", y=y, color=status, tooltip=tooltip)
    height = max(90, 38 * data["series"].nunique())
    st.altair_chart((bars + points).properties(height=height), width="stretch", height=height + 60)
