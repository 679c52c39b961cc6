"""Conferences: the partnership conferences, who organised and attended them, and who still lacks a partner."""

from __future__ import annotations

import streamlit as st

from app_pages import common as c
from app_pages import state
from app_pages import answers as q
from app_pages import pictures as draw
from app_pages import tables as tab
from graph.errors import PartnernetError
from graph.export import ExportContext

st.title("Partnership conferences")
st.caption("“Who attended the German-Ukrainian partnership conferences, and which of them have no "
           "Ukrainian partner yet?”")

s = c.store()
table = q.conferences(s, c.token())
if state.toggle("Add a conference page or an attendee list", "conf.add", False, key="conf:add"):
    from app_pages import conference_upload

    conference_upload.render(s)
    st.divider()
if table.empty:
    st.info("The store holds no conferences. Load the demo data (`partnernet load demo`) or your own.")
    state.stop()

f1, f2 = st.columns(2)
with f1:
    series = state.multiselect("Series", "conf.series", sorted(x for x in table["series"].unique() if x),
                               key="conf:series")
with f2:
    statuses = state.multiselect("Status", "conf.status", sorted(x for x in table["status"].unique() if x),
                                 key="conf:status")
shown = table[table["series"].isin(series or table["series"]) & table["status"].isin(statuses or table["status"])]

view = c.view_switch(["List and timeline", "One conference", "Attendees without a partner"], key="conf:view")
titles = dict(zip(table["id"], table["title"] + " · " + table["start"].fillna("").str[:10]))
if view == "List and timeline":
    st.markdown(f"**{len(shown)}** conference(s).")
    draw.conference_timeline(shown)
    st.dataframe(shown.drop(columns=["id"]), hide_index=True, width="stretch", key="conf:table",
                 column_config={"url": st.column_config.LinkColumn("url"),
                                "edition": st.column_config.NumberColumn(format="%d")})

if view == "One conference":
    ids = list(shown["id"]) or list(table["id"])
    # start with the conference the data knows most about
    counts = dict(zip(table["id"], table["participants"]))
    busiest = max(range(len(ids)), key=lambda n: (counts.get(ids[n], 0), -n))
    conf_id = state.selectbox("Conference", "conf.one", ids, ids[busiest], format_func=lambda i: titles.get(i, i),
                              key="conf:one")
    with_partners = state.toggle("Also show the attendees' partners", "conf.partners", False, key="conf:partners")
    sub = q.conference_sub(s, c.token(), conf_id, with_partners)
    row = table[table["id"] == conf_id].iloc[0]
    st.markdown(f"**{c.md(row['title'])}** · {c.md(row['start'])}{' – ' + c.md(row['end']) if row['end'] else ''}"
                f" · {c.md(row['place'] or row['venue'] or 'place unknown')} · {c.md(row['status'])}")
    if row["organisers"]:
        st.markdown("Organised by " + c.md(row["organisers"]))
    st.markdown(f"**Showing {len(sub.nodes):,} of {sub.total_nodes:,} nodes.** Rule: {c.md(sub.rule)}")
    draw.show_network(sub, highlight=[conf_id], height=480, key="conferences:network")
    st.dataframe(tab.relation_rows(sub, conf_id), hide_index=True, width="stretch", key="conf:attendees")
    c.download_buttons(sub, ExportContext(title=str(row["title"]), selection=sub.rule, highlight=[conf_id]),
                       key="conf:one")

if view == "Attendees without a partner":
    default = q.conferences_matching(s, c.token(), "ukrain")
    g1, g2 = st.columns([3, 1])
    with g1:
        chosen = state.multiselect("Conferences", "conf.gap", list(table["id"]), default,
                                   format_func=lambda i: titles.get(i, i), key="conf:gap")
    with g2:
        country = state.text_input("Partner wanted in", "conf.gap_country", "Ukraine", key="conf:gap_country",
                                   help="a country, subdivision or region: Ukraine, Polen, Afrika …")
    only_without = state.toggle("Only those without a partner there", "conf.only", True, key="conf:only")
    if not chosen or not country.strip():
        st.info("Choose conferences and a country.")
    else:
        try:
            frame = q.without_partner(s, c.token(), tuple(chosen), country.strip(), only_without)
        except PartnernetError as exc:
            st.warning(c.md(exc))
        else:
            where = c.md(country.strip())
            st.markdown(f"**{len(frame)}** participating municipalities have no partner in {where}." if only_without
                        else f"**{len(frame)}** participating municipalities; those without a partner in {where} "
                             "come first.")
            frame = frame.assign(country=frame["country"].map(c.country_name_or_blank))
            st.dataframe(frame.drop(columns=["id"]), hide_index=True, width="stretch", key="conf:gap_table")
            gap_sub = q.nodes_sub(s, c.token(), tuple(frame["id"]) + tuple(chosen))
            c.download_buttons(gap_sub, ExportContext(
                title=f"Attendees without a partner in {country.strip()}",
                selection=f"participants of {len(chosen)} conference(s) without a partner in {country.strip()}",
                tables={"Attendees": frame}), key="conf:gap")
