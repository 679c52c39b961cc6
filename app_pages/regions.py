"""Partners by region: existing partnerships between two areas, and suggestions for new ones."""

from __future__ import annotations

import streamlit as st

from app_pages import common as c
from app_pages import state
from app_pages import answers as q
from app_pages import pictures as draw
from app_pages import tables as tab
from graph.errors import NotFound, PartnernetError, ValidationError
from graph.export import ExportContext
from graph.queries.regional import partnership_matrix
from graph.queries.suggest import KINDS, Filters

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
except PartnernetError as exc:
    st.warning(c.md(exc))
    st.stop()

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
    draw.show_network(sub, highlight=[origin.id] if origin.kind == "municipality" else (), key="regions:network")
elif view == "Suggestions":
    from graph.errors import AmbiguousName

    try:  # suggestions are made for one municipality: "Sachsen" (a Land) is refused, not read as Sachsenburg
        seeker = q.origin_of(s, c.token(), origin_text.strip())
    except AmbiguousName as exc:
        st.warning(str(exc))
        st.stop()
    except NotFound as exc:
        st.info(f"{exc}. Name the city or town looking for a partner under “From”.")
        st.stop()
    f1, f2, f3 = st.columns(3)
    low = f1.number_input("Population from", min_value=0, value=0, step=10_000, key="regions:pop_min",
                          help="0: no lower bound. With a bound, places of unknown size are left out.")
    high = f2.number_input("Population up to", min_value=0, value=0, step=10_000, key="regions:pop_max",
                           help="0: no upper bound")
    kind = f3.selectbox("Kind of partnership sought", ["any", *KINDS], key="regions:kind",
                        help="Only places that already hold a partnership of this kind (they know the programme)")
    g1, g2, g3 = st.columns(3)
    no_home = g1.checkbox(f"Only places with no partner in {c.country_name_or_blank(seeker.get('country'))} yet",
                          key="regions:no_home")
    in_land = g2.checkbox("Only places with a partner in my Land", key="regions:in_land")
    limit = g3.slider("How many suggestions", 5, 50, 15, key="regions:limit")
    filters = Filters(int(low) or None, int(high) or None, no_home, in_land, None if kind == "any" else kind)
    try:
        result = q.suggestions(s, c.token(), seeker.id, target, limit, filters)
    except ValidationError as exc:
        st.warning(str(exc))
        st.stop()
    suggestions = result.suggestions
    if not suggestions:
        st.info(result.message[:1].upper() + result.message[1:] + ".")
    else:
        st.markdown(f"Best-fitting municipalities in **{c.md(target.name)}** for **{c.md(seeker.name)}** "
                    f"({c.md(result.message)}).")
        st.caption("**fit** = share of the other candidates ranked lower (100 = best of all). **criteria** = how "
                   "many of the criteria that tell these candidates apart this place meets"
                   + (f" ({c.md(', '.join(result.criteria))})" if result.criteria else "")
                   + "; a criterion every candidate meets is no reason and is not shown. The ranking weighs shared "
                   "partners (far hubs count less, partners in the same country more), shared conferences and "
                   "organisations, partners in your Land and country, nearness and size; on real partnerships it "
                   "finds the hidden partner in its top ten far more often than the classic link-prediction rules "
                   "(BENCHMARKS.md).")
        st.dataframe(tab.suggestion_frame(suggestions), hide_index=True, width="stretch", key="regions:suggest",
                     column_config={"fit": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d")})
        for rank, sug in enumerate(suggestions[:10], start=1):
            with st.expander(f"{rank}. {sug.node.name} · fit {sug.percentile}/100 · {sug.fit}"):
                for reason in sug.reasons or ["nothing sets it apart from the other candidates"]:
                    st.markdown("- " + c.md(reason))
                for line in q.path_lines(s, c.token(), tuple(tuple(p) for p in sug.paths)):
                    st.markdown("↳ " + c.md(line))
        suggest_sub = q.suggestion_subgraph(s, c.token(), seeker.id, tuple(x.node.id for x in suggestions[:10]),
                                            tuple(tuple(p) for x in suggestions[:10] for p in x.paths))
        st.markdown("**How the top ten are linked to the origin**")
        draw.show_network(suggest_sub, highlight=[seeker.id], height=460, key="regions:suggest-network")
        export_sub = suggest_sub

title = f"{origin.name} – {target.name} partnerships"
context = ExportContext(title=title, selection=f"partnerships from {origin.name} ({origin.kind}) "
                                                f"to {target.name} ({target.kind})",
                        tables={"Existing partnerships": frame},
                        suggestions=tab.suggestion_frame(suggestions) if suggestions else None)
c.download_buttons(export_sub, context, key="regions")
