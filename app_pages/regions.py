"""Partners by region: existing partnerships between two areas, and suggestions for new ones."""

from __future__ import annotations

import streamlit as st

from app_pages import common as c
from app_pages.downloads import download_buttons
from app_pages import state
from app_pages import answers as q
from app_pages import pictures as draw
from app_pages import tables as tab
from app_pages.pickers import namesake_area
from graph.errors import NotFound, PartnernetError, ValidationError
from graph.export import ExportContext
from graph.export.readable import readable_rows
from graph.i18n import _, kind_label, ngettext, number
from graph.queries.regional import partnership_matrix
from graph.queries.suggest import KINDS, Filters
from graph.queries.suggest_reasons import criterion_label

st.title(_("Partners by region"))
st.caption(_("“Which municipalities in Sachsen have partners in Ukraine? And in Bavaria, in Africa?” · "
             "“We are Gießen and want a partner in Ghana: who would fit, and why?”"))

s = c.store()
left, right = st.columns(2)
with left:
    origin_text = state.text_input(_("From: municipality, Bundesland/subdivision or country"), "from", "Sachsen",
                                   key="regions:origin", help=_("e.g. Gießen, Sachsen, Bayern, DE-BY, Deutschland"))
with right:
    target_text = state.text_input(_("To: country, subdivision or region"), "to", "Ukraine", key="regions:target",
                                   help=_("e.g. Ukraine, Polen, Afrika, Ghana, EU, Osteuropa"))
if not origin_text.strip() or not target_text.strip():
    st.info(_("Name both areas to see their partnerships."))
    state.stop()

try:
    origin = q.area_of(s, c.token(), origin_text.strip())
    target = q.area_of(s, c.token(), target_text.strip())
except PartnernetError as exc:
    st.warning(c.md(exc))
    state.stop()
origin = namesake_area(origin, origin_text.strip(), "from")

origin_name, target_name = c.area_label(origin), c.area_label(target)
target_kind = c.area_kind(target.kind) + (", " + ngettext("{countries} country", "{countries} countries",
                                                         len(target.countries)).format(countries=len(target.countries))
                                          if target.kind == "region" else "")
st.markdown(f"**{c.md(origin_name)}** ({c.area_kind(origin.kind)}) → **{c.md(target_name)}** ({target_kind})")

frame = q.existing(s, c.token(), origin, target)
sub = q.partnership_subgraph(s, c.token(), frame)
view = c.view_switch(["Existing partnerships", "Matrix", "Map", "Network", "Suggestions"], key="regions:view")
suggestions = []
export_sub = sub
# subdivisions by their name in the language of the page ("Saxony" -> "Sachsen"), in the table and the matrix
frame = frame.assign(**{f"{side}_subdivision": [c.subdivision_name(value, country) or value for value, country in
                                                 zip(frame[f"{side}_subdivision"], frame[f"{side}_country"])]
                        for side in ("origin", "partner")}) if not frame.empty else frame

if view == "Existing partnerships":
    import pandas as pd

    n, m = len(frame), frame["origin_id"].nunique()
    st.markdown(_("{partnerships} of {municipalities} of {origin} with {target}.").format(
        partnerships=ngettext("**{n}** partnership", "**{n}** partnerships", n).format(n=number(n)),
        municipalities=ngettext("**{n}** municipality", "**{n}** municipalities", m).format(n=number(m)),
        origin=c.md(origin_name), target=c.md(target_name)))
    shown = pd.DataFrame(readable_rows(frame.drop(columns=["origin_id", "partner_id"])),
                         columns=[col for col in frame.columns if col not in ("origin_id", "partner_id")])
    shown["sources"] = tab.source_names(shown["sources"])
    if "since" in shown:
        shown["since"] = shown["since"].astype("Int64")
    # years as text: a number column would show an unknown year as "None"
    st.dataframe(c.display(shown, words=True), hide_index=True, width="stretch", key="regions:table")
elif view == "Matrix":
    m1, m2 = st.columns(2)
    with m1:
        rows = state.selectbox(_("Rows"), "rows", ["origin_subdivision", "origin", "origin_country"],
                               format_func=c.column_title, key="regions:rows")
    with m2:
        cols = state.selectbox(_("Columns"), "cols", ["partner_country", "partner_subdivision", "partner"],
                               format_func=c.column_title, key="regions:cols")
    matrix = partnership_matrix(frame, rows=rows, cols=cols)
    if matrix.empty:
        st.info(_("No partnerships between these areas."))
    else:
        st.caption(_("Partnerships by {rows} (rows) and {cols} (columns).").format(
            rows=c.column_title(rows), cols=c.column_title(cols)))
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
        st.warning(c.md(exc))
        state.stop()
    except NotFound as exc:
        st.info(_("{exc}. Name the city or town looking for a partner under “From”.").format(exc=exc))
        state.stop()
    f1, f2, f3 = st.columns(3)
    with f1:
        low = state.number_input(_("Population from"), "pop_min", 0, step=10_000, key="regions:pop_min",
                                 help=_("0: no lower bound. With a bound, places of unknown size are left out."))
    with f2:
        high = state.number_input(_("Population up to"), "pop_max", 0, step=10_000, key="regions:pop_max",
                                  help=_("0: no upper bound"))
    with f3:
        kind = state.selectbox(_("Kind of partnership sought"), "kind", ["any", *KINDS], "any", key="regions:kind",
                               format_func=lambda k: _("any") if k == "any" else kind_label(k),
                               help=_("Only places that already hold a partnership of this kind (they know the "
                                      "programme)"))
    g1, g2, g3 = st.columns(3)
    with g1:
        no_home = state.checkbox(_("Only places with no partner in {country} yet").format(
            country=c.country_name_or_blank(seeker.get("country"))), "no_home", key="regions:no_home")
    with g2:
        in_land = state.checkbox(_("Only places with a partner in my Land"), "in_land", key="regions:in_land")
    with g3:
        limit = state.slider(_("How many suggestions"), "limit", 5, 50, 15, key="regions:limit")
    filters = Filters(int(low) or None, int(high) or None, no_home, in_land, None if kind == "any" else kind)
    try:
        result = q.suggestions(s, c.token(), seeker.id, target, limit, filters)
    except ValidationError as exc:
        st.warning(c.md(exc))
        state.stop()
    suggestions = result.suggestions
    if not suggestions:
        st.info(result.message[:1].upper() + result.message[1:] + ".")
    else:
        st.markdown(_("Best-fitting municipalities in **{target}** for **{origin}** ({message}).").format(
            target=c.md(target_name), origin=c.md(c.name_of(seeker)), message=c.md(result.message)))
        st.caption(_("**fit** = share of the other candidates ranked lower (100 = best of all). **criteria** = how "
                     "many of the criteria that tell these candidates apart this place meets{criteria}; a criterion "
                     "every candidate meets is no reason and is not shown. The ranking weighs shared partners (far "
                     "hubs count less, partners in the same country more), shared conferences and organisations, "
                     "partners in your Land and country, nearness and size; on real partnerships it finds the hidden "
                     "partner in its top ten far more often than the classic link-prediction rules (BENCHMARKS.md).")
                   .format(criteria=f" ({c.md(', '.join(map(criterion_label, result.criteria)))})" if result.criteria else ""))
        st.dataframe(c.display(tab.suggestion_frame(suggestions)), hide_index=True, width="stretch",
                     key="regions:suggest", column_config={c.column_title("fit"): st.column_config.ProgressColumn(
                         min_value=0, max_value=100, format="%d")})
        for rank, sug in enumerate(suggestions[:10], start=1):
            with st.expander(_("{rank}. {name} · fit {fit}/100 · {criteria}").format(
                    rank=rank, name=c.name_of(sug.node), fit=sug.percentile, criteria=sug.fit)):
                for reason in sug.reasons or [_("nothing sets it apart from the other candidates")]:
                    st.markdown("- " + c.md(reason))
                for line in q.path_lines(s, c.token(), tuple(tuple(p) for p in sug.paths)):
                    st.markdown("↳ " + c.md(line))
        suggest_sub = q.suggestion_subgraph(s, c.token(), seeker.id, tuple(x.node.id for x in suggestions[:10]),
                                            tuple(tuple(p) for x in suggestions[:10] for p in x.paths))
        st.markdown("**" + _("How the top ten are linked to the origin") + "**")
        draw.show_network(suggest_sub, highlight=[seeker.id], height=460, key="regions:suggest-network")
        export_sub = suggest_sub

title = _("{origin} – {target} partnerships").format(origin=origin_name, target=target_name)
context = ExportContext(title=title, selection=_("partnerships from {origin} ({origin_kind}) to {target} "
                                                 "({target_kind})").format(
                            origin=origin_name, origin_kind=c.area_kind(origin.kind), target=target_name,
                            target_kind=c.area_kind(target.kind)),
                        tables={_("Existing partnerships"): frame},
                        first=list(dict.fromkeys(frame["origin_id"])) if not frame.empty else (),
                        suggestions=tab.suggestion_frame(suggestions) if suggestions else None)
download_buttons(export_sub, context, key="regions")
