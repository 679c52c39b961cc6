"""Tables a coordinator can read: names rather than codes and ids, sources by title."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from app_pages.answers import quality_report, source_titles
from app_pages.common import display
from app_pages.common import country_label, country_name_or_blank, md, store, subdivision_name, token, value_word
from graph.model import MUNICIPALITY, Node
from graph.i18n import country_name, number, term
from graph.store.base import GraphStore, Subgraph

if TYPE_CHECKING:
    import pandas as pd


def partner_table(rows: list[dict], key: str) -> None:
    """Partnerships as a table a coordinator can read, in the UI language: names, not codes or ids;
    kinds in words; empty cells where a year is not known."""
    import pandas as pd

    from graph.i18n import _, kind_label

    if not rows:
        st.info(_("No partnerships recorded."))
        return
    frame = pd.DataFrame(rows)
    frame["country"] = frame["country"].map(country_name_or_blank)
    frame["subdivision"] = [subdivision_name(v, c) for v, c in zip(frame["subdivision"], frame["country_code"])] \
        if "country_code" in frame else frame["subdivision"].map(subdivision_name)
    frame["sources"] = source_names(frame["sources"])
    if "kind" in frame:
        frame["kind"] = frame["kind"].map(kind_label)
    for column in ("since", "until"):
        frame[column] = frame[column].astype("Int64")
    if frame["until"].isna().all():
        frame = frame.drop(columns=["until"])
    if "status" in frame and not frame["status"].astype(bool).any():
        frame = frame.drop(columns=["status"])  # every partnership current
    elif "status" in frame:
        frame["status"] = frame["status"].map(lambda v: term("partnership status", v) if isinstance(v, str) else "")
    frame = frame.drop(columns=["partner_id", "country_code"], errors="ignore")
    st.dataframe(display(frame), hide_index=True, width="stretch", key=key)


def source_names(column: pd.Series) -> pd.Series:
    """Cells of "; "-joined source ids shown as the sources' titles."""
    ids = tuple(sorted({i for cell in column for i in str(cell or "").split("; ") if i}))
    titles = source_titles(store(), token(), ids)
    return column.map(lambda cell: "; ".join(titles.get(i, i) for i in str(cell or "").split("; ") if i))


def relation_rows(sub: Subgraph, node_id: str) -> list[dict]:
    """The relationships of one node in ``sub``, readable."""
    from graph.export.relation_tables import edge_label

    rows = []
    for e in sub.edges:
        if node_id not in (e.source, e.target):
            continue
        other = sub.nodes.get(e.target if e.source == node_id else e.source)
        if other is not None:
            rows.append({"relationship": edge_label(e), "with": other.name, "type": term("label", other.label),
                         "country": country_name(other.get("country")) if other.get("country") else ""})
    return sorted(rows, key=lambda r: (r["relationship"], r["with"].casefold()))


def node_rows(sub: Subgraph) -> list[dict]:
    from graph.export.node_tables import degrees

    deg = degrees(sub)
    rows = [{"name": n.name, "type": term("label", n.label), "country": country_name(n.get("country")),
             "subdivision": subdivision_name(n.get("subdivision"), n.get("country")),
             "relationships shown": deg[n.id], "id": n.id}
            for n in sub.nodes.values()]
    return sorted(rows, key=lambda r: (-r["relationships shown"], r["name"].casefold()))


_DETAIL_SKIP = {"name", "aliases", "sources", "spellings"}


def spelling_panel(node: Node) -> None:
    """How the names the sources gave became this place, in words, folded away: one row per spelling."""
    import pandas as pd

    from graph.i18n import _
    from graph.places.spellings import parse_spelling

    entries = [parse_spelling(e) for e in node.get("spellings", [])]
    if not entries:
        return
    with st.expander(_("How the sources' spellings became this place")):
        st.dataframe(pd.DataFrame([{_("spelling in the source"): spelling,
                                    _("placed by"): rule.describe(detail) if rule else ""}
                                   for spelling, rule, detail in entries]), hide_index=True, width="stretch")
        st.caption(_("Each name a source used for this place, and the rule that matched it to the place."))


def node_details(s: GraphStore, node: Node, key: str) -> None:
    """Attributes, other names and sources of one node; for a municipality also its partners."""
    import pandas as pd

    from graph.i18n import _, ngettext

    st.markdown(f"#### {md(node.name)}")
    st.caption(_("{label} · id {id}").format(label=term("label", node.label), id=md(node.id)))
    attrs = [{_("attribute"): _(k), _("value"): country_label(v) if k == "country" else
              value_word(node, k) if k in ("kind", "status") else
              subdivision_name(v, node.get("country")) if k == "subdivision" else
              number(v, decimals=5) if k in ("lat", "lon") and isinstance(v, (int, float)) else
              number(v) if k == "population" and isinstance(v, (int, float)) else
              "; ".join(map(str, v)) if isinstance(v, list) else str(v)}
             for k, v in node.props.items() if k not in _DETAIL_SKIP]
    if attrs:
        st.dataframe(pd.DataFrame(attrs), hide_index=True, width="stretch", key=f"{key}:attrs")
    aliases = [a for a in node.get("aliases", []) if a != node.name]
    if aliases:
        more = ngettext(" … and {n} more", " … and {n} more", len(aliases) - 40).format(n=number(len(aliases) - 40)) \
            if len(aliases) > 40 else ""
        st.markdown(_("**Also known as:** {names}").format(names=md(", ".join(aliases[:40]) + more)))
    spelling_panel(node)
    sources = node.get("sources", [])
    if sources:
        known = s.get_many(sources)
        frame = pd.DataFrame([{  # the title a person knows a source by; its web page linked, or its file
            _("source"): (known[i].get("title") or known[i].name) if i in known else _("unknown source"),
            _("url"): (known[i].get("url") or None) if i in known else None,
            _("file"): (known[i].get("file") or "") if i in known else "",
        } for i in sources])
        frame = frame.drop(columns=[col for col in frame.columns[1:] if not frame[col].fillna("").astype(bool).any()])
        st.dataframe(frame, hide_index=True, width="stretch", key=f"{key}:sources",
                     column_config={_("url"): st.column_config.LinkColumn()})
    if node.label == MUNICIPALITY:
        from graph.queries.partners import partner_rows

        rows = partner_rows(s, node.id)
        st.markdown(ngettext("**Partners ({n})**", "**Partners ({n})**", len(rows)).format(n=number(len(rows))))
        partner_table(rows, key=f"{key}:partners")


def suggestion_frame(items) -> pd.DataFrame:
    import pandas as pd

    from graph.i18n import _

    rows = [{"rank": i, "municipality": x.node.name, "country": country_name_or_blank(x.node.get("country")),
             "subdivision": subdivision_name(x.node.get("subdivision"), x.node.get("country")),
             "population": x.node.get("population"),
             "fit": x.percentile, "criteria": _("{n} of {m}").format(n=len(x.criteria), m=x.criteria_total), "score": x.score,
             "reasons": "; ".join(x.reasons)} for i, x in enumerate(items, start=1)]
    return pd.DataFrame(rows)


def path_rows(result) -> list[dict]:
    from graph.queries.paths import describe as describe_path

    return [{"path": i, "steps": len(p), "route": describe_path(p)} for i, p in enumerate(result.paths, start=1)]


def measure_frame(rows: list[dict]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["country"] = frame["country"].map(country_name_or_blank)
    return frame.drop(columns=["id", "label"], errors="ignore")


def community_frame(rows: list[dict]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([{"community": r["community"], "size": r["size"], "best connected": ", ".join(r["leaders"]),
                          "countries": ", ".join(country_name_or_blank(x) for x in r["countries"][:6])}
                         for r in rows])


def quality_panel(s: GraphStore, key: str) -> None:
    """Resolution figures: how many places have a country, a gazetteer link, a subdivision."""
    import pandas as pd

    from graph.i18n import _, ngettext
    from graph.places.spellings import rule_words

    report = quality_report(s, key)
    if not report.municipalities:
        st.info(_("No municipalities in the store yet."))
        return
    cols = st.columns(6)
    for col, (title, count) in zip(cols, (
            ("with a country", report.with_country), ("linked to the gazetteer", report.linked),
            ("in a national register", report.registered),
            ("with a subdivision", report.with_subdivision), ("areas and districts", report.flagged),
            ("unresolved", len(report.unresolved)))):
        col.metric(_(title), number(count), number(100 * report.share(count), decimals=1) + " %", delta_color="off", delta_arrow="off")
    st.caption(_("{percent} % of {n} municipalities are linked to the gazetteer (GeoNames) or a national register "
                 "(French communes of INSEE, postal localities elsewhere) or recognised as an administrative area "
                 "or district.").format(percent=number(100 * report.linked_or_flagged, decimals=1), n=number(report.municipalities)))
    if report.unresolved:
        with st.expander(ngettext("{n} unresolved name", "{n} unresolved names", len(report.unresolved)).format(
                n=number(len(report.unresolved)))):
            frame = pd.DataFrame(report.unresolved)
            frame["country"] = frame["country"].map(country_name_or_blank)
            st.dataframe(display(frame), hide_index=True, width="stretch", key="quality:unresolved")
    if report.rules:
        with st.expander(_("How the source spellings were placed")):
            st.dataframe(pd.DataFrame([{_("rule"): rule_words(rule), _("spellings"): count}
                                       for rule, count in report.rules.items()]),
                         hide_index=True, width="stretch", key="quality:rules")
            st.caption(_("name / alias: a GeoNames town by one of its names near the given coordinates; "
                         "area: a GeoNames administrative division; district of …: part of a city; "
                         "INSEE commune / postal locality: a place GeoNames lacks, in its country's register; "
                         "unlinked: kept as written, listed above."))
    if report.merges:
        with st.expander(ngettext("{n} place merged from several spellings", "{n} places merged from several spellings",
                                  len(report.merges)).format(n=number(len(report.merges)))):
            frame = pd.DataFrame([{"place": m["name"], "country": country_name_or_blank(m["country"]),
                                   "spellings": " / ".join(m["spellings"]), "why": "; ".join(m["reasons"])}
                                  for m in report.merges])
            st.dataframe(display(frame), hide_index=True, width="stretch", key="quality:merges")
    if report.without_country:
        with st.expander(ngettext("{n} place without a country", "{n} places without a country",
                                  len(report.without_country)).format(n=number(len(report.without_country)))):
            st.dataframe(display(pd.DataFrame(report.without_country)), hide_index=True, width="stretch",
                         key="quality:no_country")
