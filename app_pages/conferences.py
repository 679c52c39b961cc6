"""Conferences: the partnership conferences, who organised and attended them, and who still lacks a partner."""

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
from graph.i18n import _, ngettext, number, term

st.title(_("Partnership conferences"))
st.caption(_("“Who attended the German-Ukrainian partnership conferences, and which of them have no "
             "Ukrainian partner yet?”"))

s = c.store()
table = q.conferences(s, c.token())
if state.toggle(_("Add a conference page or an attendee list"), "conf.add", False, key="conf:add"):
    from app_pages import conference_upload

    conference_upload.render(s)
    st.divider()
if table.empty:
    st.info(_("The store holds no conferences. Load the demo data (`partnernet load demo`) or your own."))
    state.stop()

f1, f2 = st.columns(2)
with f1:
    series = state.multiselect(_("Series"), "conf.series", sorted(x for x in table["series"].unique() if x),
                               key="conf:series")
with f2:
    statuses = state.multiselect(_("Status"), "conf.status", sorted(x for x in table["status"].unique() if x),
                                 format_func=lambda v: term("status", v), key="conf:status")
shown = table[table["series"].isin(series or table["series"]) & table["status"].isin(statuses or table["status"])]

view = c.view_switch(["List and timeline", "One conference", "Attendees without a partner"], key="conf:view")
titles = dict(zip(table["id"], table["title"] + " · " + table["start"].fillna("").str[:10]))
if view == "List and timeline":
    st.markdown(ngettext("**{n}** conference.", "**{n}** conferences.", len(shown)).format(n=number(len(shown))))
    draw.conference_timeline(shown)
    listed = shown.drop(columns=["id"]).assign(status=shown["status"].map(lambda v: term("status", v)))
    st.dataframe(c.display(listed), hide_index=True, width="stretch", key="conf:table",
                 column_config={c.column_title("url"): st.column_config.LinkColumn(c.column_title("url"))})

if view == "One conference":
    ids = list(shown["id"]) or list(table["id"])
    # start with the conference the data knows most about
    counts = dict(zip(table["id"], table["participants"]))
    busiest = max(range(len(ids)), key=lambda n: (counts.get(ids[n], 0), -n))
    conf_id = state.selectbox(_("Conference"), "conf.one", ids, ids[busiest], format_func=lambda i: titles.get(i, i),
                              key="conf:one")
    with_partners = state.toggle(_("Also show the attendees' partners"), "conf.partners", False, key="conf:partners")
    sub = q.conference_sub(s, c.token(), conf_id, with_partners)
    row = table[table["id"] == conf_id].iloc[0]
    st.markdown(f"**{c.md(row['title'])}** · {c.md(row['start'])}{' – ' + c.md(row['end']) if row['end'] else ''}"
                f" · {c.md(row['place'] or row['venue'] or _('place unknown'))} · {c.md(term('status', row['status']))}")
    if row["organisers"]:
        st.markdown(_("Organised by {names}").format(names=c.md(row["organisers"])))
    st.markdown(_("**Showing {shown} of {total} nodes** around {name}.").format(
        shown=number(len(sub.nodes)), total=number(sub.total_nodes), name=c.md(row["title"]))
        + " " + _("Rule: {rule}").format(rule=c.md(sub.rule)))
    draw.show_network(sub, highlight=[conf_id], height=480, key="conferences:network")
    import pandas as pd

    st.dataframe(c.display(pd.DataFrame(tab.relation_rows(sub, conf_id))), hide_index=True, width="stretch",
                 key="conf:attendees")
    download_buttons(sub, ExportContext(title=str(row["title"]), selection=sub.rule, highlight=[conf_id]),
                       key="conf:one")

if view == "Attendees without a partner":
    default = q.conferences_matching(s, c.token(), "ukrain")
    g1, g2 = st.columns([3, 1])
    with g1:
        chosen = state.multiselect(_("Conferences"), "conf.gap", list(table["id"]), default,
                                   format_func=lambda i: titles.get(i, i), key="conf:gap")
    with g2:
        country = state.text_input(_("Partner wanted in"), "conf.gap_country", "Ukraine", key="conf:gap_country",
                                   help=_("a country, subdivision or region: Ukraine, Polen, Afrika …"))
    only_without = state.toggle(_("Only those without a partner there"), "conf.only", True, key="conf:only")
    if not chosen or not country.strip():
        st.info(_("Choose conferences and a country."))
    else:
        try:
            frame = q.without_partner(s, c.token(), tuple(chosen), country.strip(), only_without)
        except PartnernetError as exc:
            st.warning(c.md(exc))
        else:
            where = c.md(country.strip())
            n = len(frame)
            if only_without:
                line = ngettext("**{n}** participating municipality has no partner in {target}.",
                                "**{n}** participating municipalities have no partner in {target}.", n)
            else:
                line = ngettext("**{n}** participating municipality; those without a partner in {target} come first.",
                                "**{n}** participating municipalities; those without a partner in {target} come "
                                "first.", n)
            st.markdown(line.format(n=n, target=where))
            frame = frame.assign(country=frame["country"].map(c.country_name_or_blank))
            st.dataframe(c.display(frame.drop(columns=["id"])), hide_index=True, width="stretch",
                         key="conf:gap_table")
            gap_sub = q.nodes_sub(s, c.token(), tuple(frame["id"]) + tuple(chosen))
            download_buttons(gap_sub, ExportContext(
                title=_("Attendees without a partner in {target}").format(target=country.strip()),
                selection=ngettext("participants of {n} conference without a partner in {target}",
                                   "participants of {n} conferences without a partner in {target}",
                                   len(chosen)).format(n=number(len(chosen)), target=country.strip()),
                tables={_("Attendees"): frame}), key="conf:gap")
