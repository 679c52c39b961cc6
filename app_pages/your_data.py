"""Your data: upload a partnership spreadsheet (CSV, Excel, OpenDocument), see what will load, then load it.

Nothing is written until the button is pressed: the preview reads the file with the same loader
as ``partnernet load twin-cities`` and shows the rows, the columns recognised, every problem with
its line and value, and the places that will not be linked. Loading the same file again replaces
what it said before (its partnerships and the places only it named), so a corrected spreadsheet
can simply be uploaded again.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from graph.i18n import _, country_name, kind_label, ngettext, number, term
from app_pages import common as c
from graph.errors import PartnernetError
from graph.model import MUNICIPALITY, PARTNER_OF

st.title(_("Your data"))
st.markdown(_(
    "Load your own list of partnerships (*Städtepartnerschaften*) from a spreadsheet: **CSV** (`;` `,` tab "
    "or `|`; UTF-8, Windows-1252, DOS code page 850, ISO-8859-2 or Mac Roman), **Excel** (`.xlsx`) or "
    "**OpenDocument** (`.ods`). One row per partnership with the columns *Stadt · Land · Partnerstadt · "
    "Partnerland* (or *city1 · country1 · city2 · country2*), optionally *Art* (P/F/K, Partnerschaft, "
    "Freundschaft, Kontakt, …), *Seit*, *Bis*, *Status*, *Quelle*. Every other header and word accepted is "
    "listed under “Accepted headers and words”."))
with st.expander(_("Accepted headers and words")):
    from loaders.columns import accepted_headers

    st.markdown(accepted_headers())
    st.markdown(_(
        "**Kind** (*Art*): P, Partnerschaft or twin (twin partnership); F, Freundschaft or friendship; K, Kontakt "
        "or contact; Projekt or project; Solidarität or solidarity; Klima or climate. Another word loads as a "
        "contact, with a note. **Status**: aktiv or active; ruht or suspended; beendet, ehemalig or former. "
        "**Since / until**: a year or a date such as 12.05.1991 or 1991-05-12. A note in a name cell, as in "
        "*Lublin (seit 1991)*, is read as the year or status."))

uploaded = st.file_uploader(_("Spreadsheet"), type=["csv", "txt", "tsv", "xlsx", "xlsm", "ods"], key="yours:file")
left, middle, right = st.columns(3)
sheet = left.text_input(_("Sheet (workbooks: name or number; empty = first)"), key="yours:sheet").strip() or None
_CHOICE_WORDS = {"detect": _("detect"), "tab": _("tab")}
encoding = middle.selectbox(_("Encoding (CSV)"), ["detect", "utf-8", "cp1252", "cp850", "iso-8859-2", "mac_roman",
                                               "latin-1"], key="yours:encoding", format_func=lambda v: _CHOICE_WORDS.get(v, v))
delimiter = right.selectbox(_("Delimiter (CSV)"), ["detect", ";", ",", "tab", "|"], key="yours:delimiter",
                            format_func=lambda v: _CHOICE_WORDS.get(v, v))


def _read(data: bytes, name: str):
    """The loader's reading of the uploaded bytes: records, report, and the names left unlinked."""
    from graph.places.resolver import PlaceResolver
    from loaders.twin_cities import read_twin_cities

    resolver = PlaceResolver()  # the gazetteer index behind it is opened once per process
    with tempfile.TemporaryDirectory(prefix="partnernet-upload-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        nodes, edges, report = read_twin_cities(
            path, resolver=resolver, sheet=sheet,
            encoding=None if encoding == "detect" else encoding,
            delimiter=None if delimiter == "detect" else delimiter)
    unlinked = [(link.spelling, link.country or "") for link in resolver.unresolved]
    return nodes, edges, report, unlinked


def _plain(text: str) -> str:
    """Text from the file shown as it is: markdown's special characters escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


def _partnership_rows(nodes, edges, report) -> pd.DataFrame:
    """The partnerships as the file states them: city first, in the order of the lines."""
    places = {n.id: n for n in nodes if n.label == MUNICIPALITY}
    rows = []
    for edge in edges:
        if edge.type != PARTNER_OF:
            continue
        line, first, second = report.written.get(edge.identity, (0, edge.source, edge.target))
        a, b = places[first], places[second]
        rows.append((line, {"city": a.name, "country": country_name(a.get("country")), "partner": b.name,
                            "partner country": country_name(b.get("country")),
                            "kind": kind_label(edge.props.get("kind")), "since": edge.props.get("since"),
                            "until": edge.props.get("until"),
                            "status": term("partnership status", edge.props.get("status"))}))
    rows.sort(key=lambda row: row[0])
    return pd.DataFrame([row for _line, row in rows], columns=["city", "country", "partner", "partner country",
                                                               "kind", "since", "until", "status"])


def _problems(report) -> pd.DataFrame:
    outcomes = ((report.problems, _("row skipped")), (report.warnings, _("value ignored, row loads")),
                (report.kept, _("row loads; place kept as written, not linked")))
    rows = [{"line": p.line, "column": p.column, "value": p.value, "problem": p.message, "outcome": outcome}
            for found, outcome in outcomes for p in found]
    return pd.DataFrame(rows, columns=["line", "column", "value", "problem", "outcome"]).sort_values(
        ["line", "column"], kind="stable")


def _wrapped(texts, chars_per_line: int = 70) -> dict:
    """Table options that show long texts whole: rows tall enough for the longest, so its lines wrap."""
    lines = max((len(str(t)) // chars_per_line + 1 for t in texts), default=1)
    return {"row_height": 14 + 21 * lines} if lines > 1 else {}


if uploaded is None:
    st.info(_("Drop a file above to see what would load. Nothing is written before you press “Load”."))
    st.stop()

data = uploaded.getvalue()
try:
    nodes, edges, report, unlinked = _read(data, uploaded.name)
except PartnernetError as exc:
    st.error(f"{_plain(str(exc))}\n\n" + _("Nothing was written."), icon="⚠️")
    st.stop()

st.subheader(_("Preview"))
cols = st.columns(4)
cols[0].metric(_("Rows read"), number(report.rows_read))
cols[1].metric(_("Rows that will load"), number(report.rows_loaded))
cols[2].metric(_("Rows skipped"), number(report.rows_skipped))
cols[3].metric(_("Places not linked"), number(len(unlinked)))

st.markdown("**" + _("Columns recognised") + "**")
COLUMN_WORDS = {"city1": _("city"), "country1": _("country"), "city2": _("partner city"),
                "country2": _("partner country"), "lat1": _("latitude of the city"), "lng1": _("longitude of the city"),
                "lat2": _("latitude of the partner city"), "lng2": _("longitude of the partner city"), "kind": _("kind"),
                "since": _("since"), "until": _("until"), "status": _("status"), "source": _("source")}
st.dataframe(pd.DataFrame([(COLUMN_WORDS.get(column, column), header) for column, header in report.columns.items()],
                          columns=[_("column"), _("header in your file")]),
             hide_index=True, width="stretch", key="yours:columns")

counts = {"skipped": ngettext("{n} row skipped", "{n} rows skipped", len(report.problems)).format(n=number(len(report.problems))),
          "ignored": ngettext("{n} value ignored", "{n} values ignored", len(report.warnings)).format(
              n=number(len(report.warnings))),
          "kept": ngettext("{n} place without a country", "{n} places without a country", len(report.kept)).format(
              n=number(len(report.kept)))}
st.markdown((_("**Problems** ({skipped}, {ignored}, {kept})") if report.kept else
             _("**Problems** ({skipped}, {ignored})")).format(**counts))
problems = _problems(report)
if problems.empty:
    st.success(_("No problems: every row will load as it is."))
else:
    st.dataframe(problems.rename(columns={col: _(col) for col in problems.columns}), hide_index=True, width="stretch",
                 key="yours:problems", column_config={_("problem"): st.column_config.TextColumn(width="large")},
                 **_wrapped(problems["problem"]))

if report.notes:
    st.markdown("**" + _("Notes") + "**")
    st.dataframe(pd.DataFrame({_("note"): report.notes}), hide_index=True, width="stretch", key="yours:notes",
                 **_wrapped(report.notes, 140))

st.markdown(_("**Places that will not be linked** to the gazetteer or a register (kept as written)"))
if unlinked:
    st.dataframe(pd.DataFrame(unlinked, columns=[_("name"), _("country")]), hide_index=True, width="stretch",
                 key="yours:unlinked")
else:
    st.caption(_("None: every place was found."))

st.markdown("**" + _("Partnerships that will load") + "**")
st.dataframe(c.readable(_partnership_rows(nodes, edges, report)), hide_index=True, width="stretch", key="yours:rows")

replace = st.checkbox(_("Replace what an earlier upload of {name} wrote").format(name=_plain(uploaded.name)),
                      value=True, key="yours:replace",
                      help=_("Its partnerships and the places only it named are removed first, so a corrected "
                             "spreadsheet takes the place of the old one."))
if st.button(_("Load into the store"), type="primary", key="yours:load", disabled=not report.rows_loaded):
    from loaders.totals import distinct, write_load

    store = c.store()
    total = sum(len(x) for x in distinct(nodes, edges)) or 1
    bar = st.progress(0.0, text=_("Writing …"))
    done = [0]

    def progress(count: int) -> None:
        done[0] += count
        bar.progress(min(done[0] / total, 1.0), text=_("Writing … {done} of {total} records").format(
            done=number(done[0]), total=number(total)))

    try:
        from graph.store.lock import writing

        # the lock `partnernet load` takes: a load from the command line at the same time is kept
        with writing(store, say=lambda text: st.info(_plain(text), icon="⏳")):
            write_load(store, nodes, edges, report, source=report.source, replace=replace, progress=progress)
    except PartnernetError as exc:
        st.error(_("Loading stopped: {error}").format(error=_plain(str(exc))), icon="⚠️")
        st.stop()
    finally:
        st.cache_data.clear()  # every view shows the new data
    bar.progress(1.0, text=_("Written"))
    st.success(ngettext("{name}: {loaded} of {n} row loaded.", "{name}: {loaded} of {n} rows loaded.",
                        report.rows_read).format(name=_plain(report.file), loaded=number(report.rows_loaded),
                                                 n=number(report.rows_read)))
    st.code("\n".join(report.totals.lines()), language=None)
