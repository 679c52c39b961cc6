"""Networks, maps and charts: pictures that work offline (no tiles, fonts or scripts from elsewhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

import streamlit as st

from app_pages.common import NETWORK_HEIGHT, column_title, fingerprint, md, subdivision_name, token
from graph.i18n import _, country_name, term
from graph.model import Node
from graph.store.base import Subgraph
from graph.export.network_page import network_html

if TYPE_CHECKING:
    import pandas as pd


@st.cache_data(show_spinner=False, max_entries=64)
def network_page(_sub: Subgraph, key: str, highlight: tuple[str, ...], height: int) -> str:
    from graph.export.netlayout import without_pairs

    return network_html(without_pairs(_sub), height=f"{height}px", highlight=highlight, inline_assets=False)


def show_network(sub: Subgraph, highlight: Iterable[str] = (), height: int = NETWORK_HEIGHT, key: str = "network",
                 on_recentre: Callable[[Node], None] | None = None) -> Node | None:
    """The network, clickable: a clicked node's details are shown below it (and returned); a
    double-click (or the button in the details) calls ``on_recentre`` with that node."""
    if not sub.nodes:
        st.info(_("Nothing to draw: no nodes match."))
        return None
    from app_pages.netclick import clickable_network

    highlight = tuple(highlight)
    token_ = f"{token()}:{fingerprint(sub)}:{','.join(highlight)}:{height}"
    page = network_page(sub, token_, highlight, height)
    recentre = (lambda node_id: on_recentre(sub.nodes[node_id]) if node_id in sub.nodes else None) \
        if on_recentre else None
    picked = clickable_network(page, token_, height + 70, key=key, on_recentre=recentre)
    node = sub.nodes.get(picked) if picked else None
    if node is None:
        st.caption(_("Click a node for its details, double-click to centre the network on it.") if on_recentre
                   else _("Click a node for its details."))
        return None
    from graph.export.tooltips import node_tooltip

    from app_pages.answers import source_titles
    from app_pages.common import store

    titles = source_titles(store(), token(), tuple(node.get("sources", [])))
    lines = node_tooltip(node, sub.degrees()[node.id], titles).split("\n")
    st.markdown("**" + _("Selected: {name}").format(name=md(lines[0])) + "** — " + " · ".join(md(x) for x in lines[1:]))
    if on_recentre and node.id not in highlight:
        st.button(_("Centre the network on {name}").format(name=node.name), key=f"{key}:centre", on_click=on_recentre, args=(node,))
    return node


def show_map(sub: Subgraph, key: str, highlight: Iterable[str] = ()) -> str | None:
    """Partnerships of the subgraph on a map with borders (``app_pages.maps``); the id of a clicked place."""
    from app_pages.maps import show_map as draw_map

    return draw_map(sub, key, highlight)


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
    readable = readable.rename_axis(index=column_title(matrix.index.name) if matrix.index.name else None, columns=None)
    top = max(int(readable.to_numpy().max()), 1)

    def shade(value) -> str:
        if not value:
            return "color: #9aa3ad"
        alpha = 0.12 + 0.78 * (float(value) / top)
        ink = "#ffffff" if alpha > 0.55 else "#1d2733"
        return f"background-color: rgba(0, 114, 178, {alpha:.2f}); color: {ink}"

    st.dataframe(readable.style.map(shade), width="stretch", key=key)


CELL_WIDTH, CELL_HEIGHT = 36, 26  # px: room for a four-digit count in 11 px type, at any width of the page
LABEL_ROOM = 200  # px for the names along each side: "St. Vincent und die Grenadinen" in 12 px type


def heatmap_chart(matrix: pd.DataFrame, row_title: str, col_title: str):
    """A count matrix as coloured cells of a fixed, readable size with the numbers written in, every
    row and column named (the column names above the cells); returns the Altair chart."""
    import altair as alt

    long = readable_matrix(matrix).rename_axis(index="row", columns="col").stack().reset_index(name="count")
    # the room for the names is fixed (extent), not measured: measured before the page's font has
    # loaded, it came out too small and the longest names were cut
    x = alt.X("col:N", title=None, sort=None,  # (its title would be cut off above the names; the tooltip says it)
              axis=alt.Axis(labelAngle=-90, labelLimit=LABEL_ROOM - 10, labelOverlap=False, orient="top",
                            minExtent=LABEL_ROOM, maxExtent=LABEL_ROOM))
    y = alt.Y("row:N", title=row_title, sort=None,
              axis=alt.Axis(labelLimit=LABEL_ROOM - 10, labelOverlap=False, minExtent=LABEL_ROOM, maxExtent=LABEL_ROOM))
    tooltip = [alt.Tooltip("row:N", title=row_title), alt.Tooltip("col:N", title=col_title),
               alt.Tooltip("count:Q", title=_("partnerships"))]
    base = alt.Chart(long).encode(x=x, y=y, tooltip=tooltip)
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=1).encode(
        color=alt.Color("count:Q", scale=alt.Scale(scheme="blues"), title=_("partnerships")))
    text = base.mark_text(fontSize=11).encode(
        text=alt.condition("datum.count > 0", "count:Q", alt.value("")),
        color=alt.condition(f"datum.count > {max(int(long['count'].max()) / 2, 1)}", alt.value("white"),
                            alt.value("#1d2733")))
    return (cells + text).properties(width=alt.Step(CELL_WIDTH), height=alt.Step(CELL_HEIGHT)).configure_axis(
        labelFontSize=12)


def heatmap(matrix: pd.DataFrame, row_title: str, col_title: str) -> None:
    """The count matrix of :func:`heatmap_chart`, at its own size: a page narrower than the matrix
    scrolls it sideways instead of squeezing the cells."""
    rows = matrix.shape[0]
    height = CELL_HEIGHT * rows + LABEL_ROOM + 60
    with st.container(height=height + 20, border=False):  # scrolls sideways when the page is narrower
        st.altair_chart(heatmap_chart(matrix, row_title, col_title), width="content", key="heatmap")


# planned, held, held (date passed), postponed, cancelled: Okabe–Ito colours, none alike
STATUS_COLOURS = ["#56B4E9", "#0072B2", "#009E73", "#E69F00", "#999999"]


def conference_timeline(frame: pd.DataFrame) -> None:
    """Conferences on a time axis, one row per series, coloured by status.

    Dates known only to the month or year ("2024-09", "2022") are drawn at its first day; a bar
    spans start to end where both days are known."""
    import altair as alt
    import pandas as pd

    data = frame.copy()
    data["series"] = data["series"].fillna("").replace("", _("(no series)"))
    data["start_date"] = pd.to_datetime(data["start"].fillna(""), format="mixed", errors="coerce")
    data["end_date"] = pd.to_datetime(data["end"].fillna(""), format="mixed", errors="coerce")
    data = data.dropna(subset=["start_date"])
    if data.empty:
        return
    data["end_date"] = data["end_date"].fillna(data["start_date"]) + pd.Timedelta(days=1)
    data["when"] = data["start"] + data["end"].fillna("").map(lambda e: f" – {e}" if e else "")
    data["status"] = data["status"].map(lambda v: term("status", v))
    status = alt.Color("status:N", scale=alt.Scale(domain=[term("status", v) for v in (
                           "planned", "held", "held (date passed)", "postponed", "cancelled")],
                           range=STATUS_COLOURS),
                       legend=alt.Legend(orient="top", title=None, labelLimit=0))  # 0: every status in full
    tooltip = [alt.Tooltip("title:N", title=_("title")), alt.Tooltip("when:N", title=_("dates")),
               alt.Tooltip("place:N", title=_("place")), alt.Tooltip("status:N", title=_("status")),
               alt.Tooltip("organisers:N", title=_("organisers")),
               alt.Tooltip("participants:Q", title=_("participants"))]
    y = alt.Y("series:N", title=None, axis=alt.Axis(labelLimit=320, labelOverlap=False))
    bars = alt.Chart(data).mark_bar(size=12, cornerRadius=2).encode(
        x=alt.X("start_date:T", title=None), x2="end_date:T", y=y, color=status, tooltip=tooltip)
    points = alt.Chart(data).mark_point(filled=True, size=90, opacity=0.9).encode(
        x="start_date:T", y=y, color=status, tooltip=tooltip)
    height = max(90, 38 * data["series"].nunique())
    st.altair_chart((bars + points).properties(height=height), width="stretch", height=height + 60)
