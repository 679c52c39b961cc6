"""Partners by region: existing partnerships between two areas, and suggestions for new ones."""

from __future__ import annotations

import streamlit as st

from app_pages import common as c
from app_pages import state
from app_pages import answers as q
from app_pages import pictures as draw
from app_pages import tables as tab
from graph.errors import NotFound
from graph.export import ExportContext
from graph.queries.regional import partnership_matrix

st.title("Partners by region")
st.caption("“Which municipalities in Sachsen have partners in Ukraine? And in Bavaria, in Africa?” · "
           "“We are Gießen and want a partner in Ghana: who would fit, and why?”")

s = c.store()
left, right = st.columns(2)
with left:
    origin_text = state.text_input("From: municipality, Bundesland/subdivision or country", "from", "Sachsen",
                                   key="regions:origin", help="e.g. Gießen, Sachsen, Bayern, DE-BY, Deutschland")
with right:
    target_text = state.text_input("To: country, subdivision or region", "to", "Ukraine", key="regions:target",
                                   help="e.g. Ukraine, Polen, Afrika, Ghana, EU, Osteuropa")
if not origin_text.strip() or not target_text.strip():
    st.info("Name both areas to see their partnerships.")
    state.stop()

try:
    origin = q.area_of(s, c.token(), origin_text.strip())
    target = q.area_of(s, c.token(), target_text.strip())
except NotFound as exc:
    st.warning(str(exc))
    state.stop()

st.markdown(f"**{c.md(origin.name)}** ({origin.kind}) → **{c.md(target.name)}** ({target.kind}"
            + (f", {len(target.countries)} countries" if target.kind == "region" else "") + ")")

frame = q.existing(s, c.token(), origin, target)
sub = q.partnership_subgraph(s, c.token(), frame)
view = c.view_switch(["Existing partnerships", "Matrix", "Map", "Network", "Suggestions"], key="regions:view")
suggestions = []
export_sub = sub

if view == "Existing partnerships":
    st.markdown(f"**{len(frame):,}** partnership(s) of **{frame['origin_id'].nunique():,}** municipalities "
                f"of {c.md(origin.name)} with {c.md(target.name)}.")
    shown = frame.drop(columns=["origin_id", "partner_id"]).copy()
    for col in ("origin_country", "partner_country"):
        shown[col] = shown[col].map(c.country_name_or_blank)
    shown["sources"] = tab.source_names(shown["sources"])
    headers = {"origin": "Municipality", "origin_subdivision": "Subdivision", "origin_country": "Country",
               "partner": "Partner", "partner_subdivision": "Partner's subdivision",
               "partner_country": "Partner's country", "kind": "Kind", "since": "Since", "sources": "Sources"}
    st.dataframe(shown.rename(columns=headers), hide_index=True, width="stretch", key="regions:table",
                 column_config={"Since": st.column_config.NumberColumn(format="%d")})
elif view == "Matrix":
    m1, m2 = st.columns(2)
    with m1:
        rows = state.selectbox("Rows", "rows", ["origin_subdivision", "origin", "origin_country"],
                               format_func=lambda v: v.replace("_", " "), key="regions:rows")
    with m2:
        cols = state.selectbox("Columns", "cols", ["partner_country", "partner_subdivision", "partner"],
                               format_func=lambda v: v.replace("_", " "), key="regions:cols")
    matrix = partnership_matrix(frame, rows=rows, cols=cols)
    if matrix.empty:
        st.info("No partnerships between these areas.")
    else:
        st.caption(f"Partnerships by {rows.replace('_', ' ')} (rows) and {cols.replace('_', ' ')} (columns).")
        draw.heat_table(matrix, key="regions:matrix")
elif view == "Map":
    draw.show_map(sub, key="regions:map")
elif view == "Network":
    draw.show_network(sub, highlight=[origin.id] if origin.kind == "municipality" else ())
elif view == "Suggestions":
    if origin.kind != "municipality":
        st.info("Suggestions are made for one municipality: name a city or town under “From” (e.g. Gießen).")
    else:
        limit = state.slider("How many suggestions", "limit", 5, 50, 15, key="regions:limit")
        suggestions = q.suggestions(s, c.token(), origin.id, target, limit)
        if not suggestions:
            st.info(f"No candidates in {target.name} that are not already partners of {origin.name}.")
        else:
            st.markdown(f"Best-fitting municipalities in **{c.md(target.name)}** for **{c.md(origin.name)}**, "
                        "ranked by shared partners, shared conferences and organisations, ties to "
                        f"{c.md(origin.name)}'s country, size and distance.")
            st.dataframe(tab.suggestion_frame(suggestions), hide_index=True, width="stretch", key="regions:suggest",
                         column_config={"score": st.column_config.ProgressColumn(
                             min_value=0.0, max_value=max(x.score for x in suggestions), format="%.2f")})
            for rank, sug in enumerate(suggestions[:10], start=1):
                with st.expander(f"{rank}. {sug.node.name} · score {sug.score:.2f}"):
                    for reason in sug.reasons:
                        st.markdown("- " + c.md(reason))
                    for line in q.path_lines(s, c.token(), tuple(tuple(p) for p in sug.paths)):
                        st.markdown("↳ " + c.md(line))
            suggest_sub = q.suggestion_subgraph(s, c.token(), origin.id, tuple(x.node.id for x in suggestions[:10]),
                                                tuple(tuple(p) for x in suggestions[:10] for p in x.paths))
            st.markdown("**How the top ten are linked to the origin**")
            draw.show_network(suggest_sub, highlight=[origin.id], height=460)
            export_sub = suggest_sub

title = f"{origin.name} – {target.name} partnerships"
context = ExportContext(title=title, selection=f"partnerships from {origin.name} ({origin.kind}) "
                                                f"to {target.name} ({target.kind})",
                        tables={"Existing partnerships": frame},
                        suggestions=tab.suggestion_frame(suggestions) if suggestions else None)
c.download_buttons(export_sub, context, key="regions")
