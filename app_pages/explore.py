"""Explore: one municipality, organisation or conference and the network around it."""

from __future__ import annotations

import streamlit as st

from app_pages import common as c
from app_pages.downloads import download_buttons
from app_pages import parts, state
from app_pages import answers as q
from app_pages import pictures as draw
from app_pages import tables as tab
from graph.export import ExportContext
from graph.i18n import _, kind_label, ngettext, number
from graph.model import MUNICIPALITY, PARTNERSHIP_KINDS, REL_TYPES
from graph.queries.partners import partner_rows

st.title(_("Explore the network"))
st.caption(_("“Show me Leipzig's partner cities — and their partners.” Search a municipality, an "
             "organisation or a conference by any of its names (Krakau, Kiew, Breslau …)."))

s = c.store()
top = st.columns([3, 1, 1])
with top[0]:
    focus = c.node_picker(_("Municipality, organisation or conference"), key="focus", default_text="Leipzig")
with top[1]:
    depth = state.select_slider(_("Depth (hops)"), "depth", [1, 2, 3], 1, key="explore:depth",
                                help=_("1: direct partners · 2: partners of partners · 3: one step further"))
with top[2]:
    max_nodes = state.select_slider(_("At most … nodes"), "max", [50, 100, 200, 400, 800], 200, key="explore:max",
                                    help=_("Beyond this the nearest and best connected nodes are shown."))

with st.expander(_("Filters: relationships, partnership kinds, countries, regions")):
    f1, f2 = st.columns(2)
    with f1:
        rel_types = state.multiselect(_("Relationship types"), "rels", REL_TYPES, list(c.DEFAULT_REL_TYPES),
                                      format_func=c.rel_label, key="explore:rels",
                                      help=_("Country and region membership are off by default: after two hops "
                                             "they would bring in every city of a country."))
    with f2:
        kinds = state.multiselect(_("Partnership kinds"), "kinds", PARTNERSHIP_KINDS, list(PARTNERSHIP_KINDS),
                                  format_func=kind_label, key="explore:kinds")
    g1, g2 = st.columns(2)
    with g1:
        countries = state.multiselect(_("Only partners in these countries"), "countries", q.country_codes(s, c.token()),
                                      format_func=c.country_label, key="explore:countries")
    with g2:
        region = state.selectbox(_("Only partners in this region"), "region", ["", *q.region_ids(s, c.token())], "",
                                 format_func=lambda r: _("— any region —") if not r else c.region_label(r),
                                 key="explore:region") or None

if focus is None:
    st.info(_("Type a name above to start, e.g. Leipzig, Kiew, Deutscher Städtetag or a conference title."))
if state.toggle(_("Overview: all partnerships of the store on a map, by country"), "overview", focus is None,
                key="explore:overview:on"):  # drawn only when asked for: the first view stays quick
    from app_pages.maps import overview_map

    overview_map(key="explore:overview")
if focus is None:
    state.stop()

filtered = bool(countries or region)
sub = q.neighbourhood(s, c.token(), (focus.id,), depth, tuple(rel_types), tuple(kinds),
                      max_nodes * 10 if filtered else max_nodes)
if filtered:
    sub = q.restrict_to_places(s, c.token(), sub, focus.id, tuple(countries), region, max_nodes)

shown, total = len(sub.nodes), sub.total_nodes
st.markdown(_("**Showing {shown} of {total} nodes** around {name}.").format(
    shown=number(shown), total=number(total), name=c.md(c.name_of(focus)))
            + " <span style='color:#56606b'>" + _("Rule: {rule}").format(rule=c.md(
                sub.rule if filtered else ngettext("the nearest within {n} hop first, then the most connected",
                                   "the nearest within {n} hops first, then the most connected", depth).format(n=number(depth))
                if sub.truncated else
                ngettext("everything within {n} hop", "everything within {n} hops", depth).format(n=number(depth))))
            + "</span>",
            unsafe_allow_html=True)
if depth > 1 and sub.truncated and not filtered and len(sub.nodes) > 1 and \
        {n for e in sub.edges for n in (e.source, e.target) if focus.id in (e.source, e.target)} >= set(sub.nodes):
    st.info(_("All {shown} nodes shown are direct partners or neighbours of {name}: it has more than the limit "
              "allows, so nothing two hops away fits. Filter by country or partnership kind, or raise "
              "“At most … nodes”, to see farther.").format(shown=number(shown), name=c.md(c.name_of(focus))))


@parts.part
def views(sub, focus, depth: int) -> None:
    """The chosen view of the subgraph and its downloads: a click in here (a node, another view,
    the record whose details are shown) reruns this part alone."""
    s = c.store()
    view = c.view_switch(["Network", "Map", "Partners", "Details", "Nodes shown"], key="explore:view")
    if view == "Network":
        draw.show_network(sub, highlight=[focus.id], key="explore:network",
                          on_recentre=lambda node: c.set_pick("focus", node))
    elif view == "Map":
        clicked = draw.show_map(sub, key="explore:map", highlight=[focus.id])
        if clicked in sub.nodes:
            place = sub.nodes[clicked]
            st.markdown("**" + _("Selected: {name}").format(name=c.md(c.describe(place))) + "**")
            if clicked != focus.id:
                st.button(_("Centre the network on {name}").format(name=c.name_of(place)), key="explore:map:centre",
                          on_click=c.set_pick, args=("focus", place))
    elif view == "Partners":
        if focus.label == MUNICIPALITY:
            rows = partner_rows(s, focus.id)
            st.markdown(ngettext("**{name}** has **{n}** partnership.", "**{name}** has **{n}** partnerships.",
                                 len(rows)).format(name=c.md(c.name_of(focus)), n=number(len(rows))))
            tab.partner_table(rows, key="explore:partners")
        else:
            import pandas as pd

            st.dataframe(c.display(pd.DataFrame(tab.relation_rows(sub, focus.id))), hide_index=True, width="stretch")
    elif view == "Details":
        options = [focus.id] + sorted((i for i in sub.nodes if i != focus.id),
                                      key=lambda i: sub.nodes[i].name.casefold())
        shown = c.choice_labels(s, [sub.nodes[i] for i in options])
        picked = state.selectbox(_("Details of"), "detail", options, focus.id, format_func=shown.__getitem__,
                                 key=f"explore:detail:{focus.id}", quiet=True)
        tab.node_details(s, sub.nodes[picked], key="explore:details")
        if picked != focus.id:
            st.button(_("Centre the network on {name}").format(name=c.name_of(sub.nodes[picked])),
                      key="explore:recentre", on_click=c.set_pick, args=("focus", sub.nodes[picked]))
    else:
        import pandas as pd

        st.dataframe(c.display(pd.DataFrame(tab.node_rows(sub))), hide_index=True, width="stretch")

    selection = ngettext("{name}, {n} hop; {rule}", "{name}, {n} hops; {rule}", depth).format(
        name=c.name_of(focus), n=number(depth), rule=sub.rule)
    download_buttons(sub, ExportContext(title=_("{name} network").format(name=c.name_of(focus)), selection=selection,
                                        highlight=[focus.id]), key="explore")


views(sub, focus, depth)
