"""Paths: how two places (or organisations, conferences) are connected."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import common as c
from app_pages.downloads import download_buttons
from app_pages import state
from app_pages import answers as q
from app_pages import pictures as draw
from app_pages import tables as tab
from graph.export import ExportContext
from graph.i18n import _
from graph.model import REL_TYPES
from graph.queries.paths import DEFAULT_PATH_TYPES

st.title(_("How are two places connected?"))
intro = st.empty()  # the question asked in words, with the names of the places chosen below

s = c.store()
# one picker a row: a match names its place, Land, country, kind and partnerships, too long for half a page
a = c.node_picker(_("From"), key="path_a", default_text="Münster")
b = c.node_picker(_("To"), key="path_b", default_text="Kyiv")
intro.caption(_("“How is {a} connected to {b}?” Shortest paths through partnerships, conferences "
                "and organisations.").format(a=c.md(c.name_of(a) if a else "Münster"),
                                             b=c.md(c.name_of(b) if b else _("Kyiv"))))
with st.expander(_("Which relationships a path may use")):
    rel_types = state.multiselect(_("Relationship types"), "paths.rels", REL_TYPES, list(DEFAULT_PATH_TYPES),
                                  format_func=c.rel_label, key="paths:rels",
                                  help=_("Country and region links are off: through them any two cities of a "
                                         "country would be two steps apart."))
    max_depth = state.slider(_("At most … steps"), "paths.depth", 2, 8, 6, key="paths:depth")

if a is None or b is None:
    st.info(_("Choose both ends."))
    state.stop()
if a.id == b.id:
    st.warning(_("Choose two different places."))
    state.stop()

result = q.connection(s, c.token(), a.id, b.id, tuple(rel_types), max_depth)
if not result.found:
    st.warning(_("{summary}. Allow more steps or more relationship types.").format(summary=c.md(result.summary())))
else:
    st.success(c.md(result.summary()))
    # one part at a time, as asked for: tabs would draw the network and the map (its borders alone several
    # megabytes) on every visit, hidden or not
    view = c.view_switch(["Paths", "Network", "Map"], key="paths:view")
    result_rows = tab.path_rows(result)
    if view == "Paths":
        st.dataframe(c.display(pd.DataFrame(result_rows)), hide_index=True, width="stretch", key="paths:table")
    elif view == "Network":
        draw.show_network(result.subgraph, highlight=[a.id, b.id], height=480, key="paths:network")
    else:
        draw.show_map(result.subgraph, key="paths:map", highlight=[a.id, b.id])
    download_buttons(result.subgraph, ExportContext(
        title=_("{a} – {b} paths").format(a=c.name_of(a), b=c.name_of(b)), selection=result.summary(), highlight=[a.id, b.id],
        tables={_("Paths"): result_rows}), key="paths")
