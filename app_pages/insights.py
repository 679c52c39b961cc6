"""Insights: hubs, brokers and communities of a network between countries; country pairs; coverage gaps."""

from __future__ import annotations

import streamlit as st

from app_pages import common as c
from app_pages.downloads import download_buttons
from app_pages import state
from app_pages import answers as q
from app_pages import pictures as draw
from app_pages import tables as tab
from graph.errors import PartnernetError
from graph.export import ExportContext
from graph.i18n import _, ngettext, number

st.title(_("Insights"))
st.caption(_("“Which cities are the hubs and brokers of the German–Polish network?” · Which country pairs "
             "are most linked? · Which Bundesländer have no partner in a region yet?"))

s = c.store()
codes = q.country_codes(s, c.token())
view = c.view_switch(["Hubs", "Brokers", "Communities", "Network", "Country pairs", "Coverage gaps"],
                     key="insights:view")

if view in ("Hubs", "Brokers", "Communities", "Network"):  # the countries apply to these views only
    left, right = st.columns(2)
    with left:
        side_a = state.multiselect(_("Municipalities of"), "insights.a", codes, [x for x in ("DE",) if x in codes],
                                   format_func=c.country_label, key="insights:a")
    with right:
        side_b = state.multiselect(_("… and their partners in"), "insights.b", codes,
                                   [x for x in ("PL",) if x in codes], format_func=c.country_label, key="insights:b",
                                   help=_("The same countries on both sides give their domestic network."))
    if not (side_a and side_b):
        st.info(_("Choose countries on both sides."))
        state.stop()
    sub = q.between(s, c.token(), tuple(side_a), tuple(side_b))
    names = " + ".join(c.country_name_or_blank(x) for x in side_a) + " – " + " + ".join(
        c.country_name_or_blank(x) for x in side_b)
    measures = q.network_measures(sub, f"{c.token()}:{c.fingerprint(sub)}")
    st.markdown(_("{municipalities} and {partnerships} in {names}.").format(
        municipalities=ngettext("**{n}** municipality", "**{n}** municipalities", len(sub.nodes)).format(
            n=number(len(sub.nodes))),
        partnerships=ngettext("**{n}** partnership", "**{n}** partnerships", len(sub.edges)).format(
            n=number(len(sub.edges))), names=c.md(names)))
    if view == "Hubs":
        st.caption(_("Hubs have the most partners in this network."))
        st.dataframe(c.display(tab.measure_frame(measures["hubs"])), hide_index=True, width="stretch", key="insights:hubs")
    elif view == "Brokers":
        st.caption(_("Brokers lie on many shortest paths between others: they link otherwise separate groups."))
        brokers = tab.measure_frame(measures["brokers"])
        if not brokers.empty and bool(brokers["sampled"].any()):
            st.caption(_("Large network: betweenness estimated from a fixed sample."))
        st.dataframe(c.display(brokers.drop(columns=["sampled"], errors="ignore")), hide_index=True, width="stretch",
                     key="insights:brokers")
    elif view == "Communities":
        st.caption(_("Groups of municipalities more linked among themselves than with the rest (Louvain)."))
        st.dataframe(c.display(tab.community_frame(measures["communities"])), hide_index=True, width="stretch",
                     key="insights:communities")
    else:
        draw.show_network(sub, highlight=[r["id"] for r in measures["hubs"][:3]], key="insights:network")
        draw.show_map(sub, key="insights:map")
    download_buttons(sub, ExportContext(title=_("{name} network").format(name=names), selection=sub.rule,
                                          tables={_("Hubs"): measures["hubs"], _("Brokers"): measures["brokers"]}),
                       key="insights")

elif view == "Country pairs":
    top = state.slider(_("Countries shown (most partnerships first)"), "insights.top", 5, 40, 15, key="insights:top")
    matrix = q.pair_matrix(s, c.token(), top)
    if matrix.empty:
        st.info(_("No partnerships between countries in the store."))
    else:
        st.markdown(_("Partnerships between municipalities of each pair of countries (the diagonal: within a "
                      "country)."))
        draw.heatmap(matrix, _("country"), _("partner country"))

else:
    g1, g2 = st.columns(2)
    with g1:
        gap_origin = state.text_input(_("Country whose subdivisions are counted"), "insights.gap_from", "Deutschland",
                                      key="insights:gap_o")
    with g2:
        gap_target = state.text_input(_("Partners in (country, subdivision or region)"), "insights.gap_to", "Ukraine",
                                      key="insights:gap_t")
    try:
        gaps = q.gaps(s, c.token(), gap_origin.strip(), gap_target.strip())
    except PartnernetError as exc:  # an unknown name, or an area that is not in one country
        st.warning(c.md(exc))
    else:
        missing = gaps[gaps["partnerships"] == 0]
        st.markdown(ngettext("**{n}** of **{m}** subdivisions has no partnership in {target} yet; they are listed "
                             "first.", "**{n}** of **{m}** subdivisions have no partnership in {target} yet; they "
                             "are listed first.", len(missing)).format(n=number(len(missing)), m=number(len(gaps)),
                                                                         target=c.md(gap_target)))
        st.dataframe(c.display(gaps), hide_index=True, width="stretch", key="insights:gaps",
                     column_config={c.column_title("partnerships"): st.column_config.ProgressColumn(
                         min_value=0, max_value=max(int(gaps["partnerships"].max() or 1), 1), format="%d")})
