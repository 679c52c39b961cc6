"""About the data: what the store holds, how well places are resolved, and where facts come from."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from app_pages import common as c
from app_pages import answers as q
from app_pages import tables as tab
from graph.geo.registers import missing_registers
from graph.i18n import _, number

st.title(_("About the data"))

s = c.store()
stats = q.store_stats(s, c.token())
st.caption((_("Embedded store: {where}") if s.kind == "embedded" else _("Neo4j store: {where}")).format(
    where=getattr(s, "path", "") or os.environ.get("NEO4J_URI", "")))
cols = st.columns(4)
cols[0].metric(_("Municipalities"), number(stats.nodes.get('Municipality', 0)))
cols[1].metric(_("Partnerships"), number(stats.edges.get('PARTNER_OF', 0)))
cols[2].metric(_("Organisations"), number(stats.nodes.get('Organisation', 0)))
cols[3].metric(_("Conferences"), number(stats.nodes.get('Conference', 0)))

left, right = st.columns(2)
left.markdown("**" + _("Nodes") + "**")
left.dataframe(c.display(pd.DataFrame(sorted((_(k), v) for k, v in stats.nodes.items()), columns=[_("label"), _("count")])), hide_index=True,
               width="stretch", key="about:nodes")
right.markdown("**" + _("Relationships") + "**")
right.dataframe(c.display(pd.DataFrame(sorted((c.rel_label(k), v) for k, v in stats.edges.items()),
                             columns=[_("type"), _("count")])), hide_index=True,
                width="stretch", key="about:edges")

st.subheader(_("Data quality"))
st.caption(_("How well the names in the sources were resolved to places: countries recognised, places "
             "linked to the gazetteer or a national register, names that could not be placed."))
for missing in missing_registers():  # said here in words, with the fix, not only in the server log
    st.warning(missing[0].upper() + missing[1:] + ".", icon="⚠️")
tab.quality_panel(s, c.token())

st.subheader(_("Sources"))
sources = q.source_table(s, c.token())
if sources.empty:
    st.info(_("No sources recorded."))
else:
    st.dataframe(c.display(sources), hide_index=True, width="stretch", key="about:sources",
                 column_config={c.column_title("url"): st.column_config.LinkColumn(c.column_title("url"))})

st.subheader(_("Loading your own data"))
st.markdown(_(
    "Partnerships from a spreadsheet (CSV with `;` or `,`, any usual encoding) load on the page **Your data** or "
    "with the command line; bad rows are listed with file, line and value:\n\n"
    "```\npartnernet load twin-cities unsere_partner.csv --delimiter ';'\n```\n"
    "Then reload this page. To use a Neo4j server instead of the built-in store set `PARTNERNET_STORE=neo4j` "
    "and `NEO4J_URI`, `NEO4J_USERNAME`, `NEO4J_PASSWORD`, `NEO4J_DATABASE` (environment or Streamlit secrets)."))
