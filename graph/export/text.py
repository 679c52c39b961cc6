"""Plain-text output of answers: aligned tables and the lines the command line prints.

Kept beside the file exports so that what ``partnernet`` prints is built from the same answers as
what the app shows; the command line only prints these strings. Headings, column headers and counts
are in the current language of ``graph.i18n`` (real plural forms); names and ids are printed as stored.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from graph.i18n import _, area_name, kind_label, ngettext, pgettext, subdivision_name
from graph.queries import selections as sel
from graph.queries.paths import describe
from graph.queries.regional import Area, partnership_matrix
from graph.store.base import GraphStore, Subgraph

if TYPE_CHECKING:
    import pandas as pd


def _cell(value: Any) -> str:
    try:
        if value is None or value != value:  # None and NaN print as nothing
            return ""
    except TypeError:  # pandas' NA has no truth value
        return ""
    return str(value)


def heading(column: str) -> str:
    """The header of a column of the command line's tables in the current language (else ``column``).

    Parameters
    ----------
    column : str
        A column name of the answers (``"partner_country"``, ``"since"`` ...).

    Returns
    -------
    str
        Its header from the gettext catalogue (context ``"column"``): ``"since"`` is ``"seit"`` in German.
    """
    words = {
        "name": pgettext("column", "name"), "label": pgettext("column", "label"), "id": pgettext("column", "id"),
        "country": pgettext("column", "country"), "subdivision": pgettext("column", "subdivision"),
        "type": pgettext("column", "type"), "count": pgettext("column", "count"),
        "origin": pgettext("column", "origin"), "origin_subdivision": pgettext("column", "origin_subdivision"),
        "origin_country": pgettext("column", "origin_country"), "partner": pgettext("column", "partner"),
        "partner_country": pgettext("column", "partner_country"),
        "partner_subdivision": pgettext("column", "partner_subdivision"), "kind": pgettext("column", "kind"),
        "since": pgettext("column", "since"), "status": pgettext("column", "status"),
        "sources": pgettext("column", "sources"), "municipalities": pgettext("column", "municipalities"),
        "with_partner": pgettext("column", "with_partner"), "partnerships": pgettext("column", "partnerships"),
        "degree": pgettext("column", "degree"), "betweenness": pgettext("column", "betweenness"),
        "community": pgettext("column", "community"), "size": pgettext("column", "size"),
        "leaders": pgettext("column", "leaders"), "countries": pgettext("column", "countries"),
        "start": pgettext("column", "start"), "title": pgettext("column", "title"),
        "place": pgettext("column", "place"), "participants": pgettext("column", "participants"),
        "organisers": pgettext("column", "organisers"), "municipality": pgettext("column", "municipality"),
        "partners_in_target": pgettext("column", "partners_in_target"), "partners": pgettext("column", "partners"),
        "conferences": pgettext("column", "conferences"),
    }
    return words.get(column, column)


def _frame_text(frame: pd.DataFrame) -> str:
    """A matrix or count table as pandas prints it, its axis and column names in words (:func:`heading`)."""
    frame = frame.rename_axis(index=heading(frame.index.name) if frame.index.name else None,
                              columns=heading(frame.columns.name) if frame.columns.name else None)
    return frame.rename(columns=lambda c: heading(c) if isinstance(c, str) else c).to_string()


def text_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Rows as left-aligned columns under a header line (:func:`heading` of each column); ``""`` when
    there are no rows.

    Parameters
    ----------
    rows : iterable of mappings
        Each maps column name to value; a missing, None or NaN value prints as an empty cell.
    columns : sequence of str
        The columns to print, in order (the header line).

    Returns
    -------
    str
        Lines joined by ``"\\n"``, columns separated by two spaces, no trailing newline.

    Examples
    --------
    >>> print(text_table([{"name": "Leipzig", "country": "DE"}], ["name", "country"]))
    name     country
    Leipzig  DE
    """
    rows = [{c: _cell(r.get(c)) for c in columns} for r in rows]
    if not rows:
        return ""
    headers = {c: heading(c) for c in columns}
    widths = {c: max(len(headers[c]), *(len(r[c]) for r in rows)) for c in columns}
    lines = ["  ".join(headers[c].ljust(widths[c]) for c in columns)]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def frame_table(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    """:func:`text_table` of a DataFrame's rows."""
    return text_table(frame.to_dict("records"), columns)


def suggestions_text(origin: str, target_name: str, result) -> str:
    """Ranked suggestions (``graph.queries.suggest.suggest``'s result) with their reasons, one block each.

    Parameters
    ----------
    origin : str
        How the origin is named in the heading ("Gießen (Hessen, Germany, 89,000 people; id …)").
    target_name : str
        The area the partners are sought in.
    result : graph.queries.suggest.SuggestionResult
        ``message`` says how many were found or why none; ``criteria`` names what tells the candidates
        apart; each suggestion has ``percentile`` (share of the other candidates ranked lower, 0-100),
        ``fit`` ("fits N of M criteria") and ``reasons``.

    Examples
    --------
    >>> print(suggestions_text("Gießen", "Ghana", suggest(store, giessen.id, ghana, limit=3)))  # doctest: +SKIP
    partners for Gießen in Ghana: 3 of 12 candidates
    criteria that tell these candidates apart: shared partners, similar size
      1. Kumasi (GH)  fit 100/100, fits 1 of 2 criteria
           - ...
    """
    lines = [_("partners for {origin} in {target}: {message}").format(
        origin=origin, target=target_name, message=result.message)]
    if result.suggestions and result.criteria:
        lines.append(_("criteria that tell these candidates apart: {criteria}").format(
            criteria=", ".join(result.criteria)))
    for rank, s in enumerate(result.suggestions, start=1):
        lines.append(f"{rank:>3}. {s.node.name} ({s.node.get('country', '?')})  "
                     + _("fit {percentile}/100, {fit}").format(percentile=s.percentile, fit=_fits(s)))
        lines += [f"       - {reason}" for reason in s.reasons]
    return "\n".join(lines)


def _fits(suggestion) -> str:
    """"fits 3 of 5 criteria" in the current language (a suggestion's ``fit`` in words)."""
    if not suggestion.criteria_total:
        return _("no criterion tells the candidates apart")
    return ngettext("fits {n} of {m} criterion", "fits {n} of {m} criteria", suggestion.criteria_total).format(
        n=len(suggestion.criteria), m=suggestion.criteria_total)


def stats_text(store: GraphStore) -> str:
    """Nodes and relationships of the store, counted by label and type."""
    stats = store.stats()
    counts = [{"type": k, "count": v} for k, v in {**stats.nodes, **stats.edges}.items()]
    head = _("{kind} store: {nodes}, {relationships}").format(
        kind=store.kind, nodes=ngettext("{n} node", "{n} nodes", stats.node_count).format(n=stats.node_count),
        relationships=ngettext("{n} relationship", "{n} relationships", stats.edge_count).format(n=stats.edge_count))
    return "\n".join(filter(None, [head, text_table(counts, ["type", "count"])]))


def region_text(store: GraphStore, origin: Area, target: Area, rows: str = "origin_subdivision",
                cols: str = "partner_country", gaps: bool = False) -> str:
    """The region answer: the partnerships from ``origin`` to ``target``, their matrix (``rows`` ×
    ``cols``, see :func:`graph.queries.regional.partnership_matrix`) and, with ``gaps``, the subdivisions
    of the origin's country and their partnerships into the target (none first).

    Raises
    ------
    UsageError
        ``gaps`` for an origin that does not lie in one country (checked before anything is counted),
        or an unknown ``rows``/``cols``.
    """
    country = sel.gaps_country(store, origin) if gaps else None
    table = sel.region_partnerships(store, origin, target)
    if len(table):  # kinds, Länder and other subdivisions in words of the current language
        table = table.assign(kind=table["kind"].map(kind_label), **{
            f"{side}_subdivision": [subdivision_name(v, c) for v, c in zip(table[f"{side}_subdivision"],
                                                                           table[f"{side}_country"])]
            for side in ("origin", "partner")})
    parts = [ngettext("{n} partnership from {origin} ({origin_kind}) to {target} ({target_kind})",
                      "{n} partnerships from {origin} ({origin_kind}) to {target} ({target_kind})", len(table)).format(
        n=len(table), origin=area_name(origin), origin_kind=_area_kind(origin.kind), target=area_name(target),
        target_kind=_area_kind(target.kind)),
             frame_table(table, ["origin", "origin_subdivision", "partner", "partner_country", "kind", "since"])]
    if len(table):
        parts.append("\n" + _frame_text(partnership_matrix(table, rows=rows, cols=cols)))
    if country is not None:
        parts.append("\n" + _("subdivisions of {country} and their partnerships with {target} (none first)").format(
            country=area_name(country), target=area_name(target)))
        frame = sel.gaps(store, country, target)
        frame["subdivision"] = [subdivision_name(v, country.countries[0]) or v for v in frame["subdivision"]]
        parts.append(frame_table(frame, ["subdivision", "municipalities", "with_partner", "partnerships"]))
    return "\n".join(p for p in parts if p)


def insights_text(sub: Subgraph, name: str, top: int = 10) -> str:
    """Hubs, brokers, communities and country pairs of a network (from ``network_between``)."""
    from graph.queries.insights import brokers, communities, country_pair_counts, hubs  # pandas, when needed

    parts = [_("{name}: {municipalities}, {partnerships}").format(
        name=name, municipalities=ngettext("{n} municipality", "{n} municipalities", len(sub.nodes)).format(
            n=len(sub.nodes)),
        partnerships=ngettext("{n} partnership", "{n} partnerships", len(sub.edges)).format(n=len(sub.edges)))]
    if not sub.edges:
        return parts[0]
    parts += ["\n" + _("hubs (most partners in this network)"),
              text_table(hubs(sub, top), ["name", "country", "degree"]),
              "\n" + _("brokers (betweenness: on the most shortest paths between others)"),
              text_table(brokers(sub, top), ["name", "country", "betweenness", "degree"]),
              "\n" + _("largest communities"),
              text_table([{**c, "leaders": ", ".join(c["leaders"]), "countries": " ".join(c["countries"])}
                          for c in communities(sub)[:top]], ["community", "size", "leaders", "countries"]),
              "\n" + _("partnerships per country pair"), _frame_text(country_pair_counts(sub))]
    return "\n".join(p for p in parts if p)


def path_text(result) -> str:
    """A :class:`graph.queries.paths.PathResult` in words: its summary, then one line per path."""
    return "\n".join([result.summary(), *(f"  {describe(p)}" for p in result.paths)])


def _area_kind(kind: str) -> str:
    """What kind of area ``resolve_area`` found, in words of the current language."""
    return {"municipality": pgettext("area", "municipality"), "subdivision": pgettext("area", "subdivision"),
            "country": pgettext("area", "country"), "region": pgettext("area", "region")}.get(kind, kind)


class ProgressBar:
    """A progress bar on stderr for a load, sized once the number of records to write is known:
    pass ``start`` as a loader's ``announce`` and ``update`` as its ``progress``."""

    def __init__(self, desc: str) -> None:
        self.desc, self.bar = desc, None

    def start(self, total: int) -> None:
        """Show the bar (tqdm, on stderr; hidden when that is not a terminal) for ``total`` records."""
        from tqdm import tqdm

        self.bar = tqdm(total=total, desc=self.desc, unit="rec", disable=None, file=sys.stderr)

    def update(self, count: int) -> None:
        """Advance the bar by ``count`` records written (nothing before ``start``)."""
        if self.bar is not None:
            self.bar.update(count)

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


def conferences_text(store: GraphStore, without: tuple[str, str] | None = None, everyone: bool = False) -> str:
    """The conferences (newest first), or with ``without=(text, area)`` the participants of the
    conferences matching the text that have no partner in the area (``everyone``: all participants).

    Raises
    ------
    NotFound
        No conference matches the text, or the area is unknown.
    """
    from graph.queries.conferences import attendees_without_partner_in, conference_table, find_conferences  # pandas

    if not without:
        return frame_table(conference_table(store), ["start", "title", "place", "status", "participants", "organisers"])
    text, country = without
    ids = find_conferences(store, text)
    frame = attendees_without_partner_in(store, ids, country, only_without=not everyone)
    participants = ngettext("{n} participant", "{n} participants", len(frame)).format(n=len(frame))
    conferences = ngettext("{n} conference", "{n} conferences", len(ids)).format(n=len(ids))
    if everyone:
        head = _("{participants} of {conferences} matching {text}").format(
            participants=participants, conferences=conferences, text=repr(text))
    else:
        head = _("{participants} of {conferences} matching {text} without a partner in {country}").format(
            participants=participants, conferences=conferences, text=repr(text), country=country)
    return "\n".join(filter(None, [head, frame_table(frame, ["municipality", "country", "subdivision",
                                                             "partners_in_target", "partners", "conferences"])]))


def nodes_text(nodes: Sequence) -> str:
    """Search hits (or any nodes) as a table: name, label, country, subdivision, id."""
    return text_table([{"name": n.name, "label": n.label, "country": n.get("country"),
                        "subdivision": n.get("subdivision"), "id": n.id} for n in nodes],
                      ["name", "label", "country", "subdivision", "id"])


def partners_text(node, rows: Sequence[Mapping[str, Any]]) -> str:
    """A municipality's partnerships (``graph.queries.partners.partner_rows``) under a count line."""
    head = "{name} ({country}): {partnerships}".format(
        name=node.name, country=node.get("country", "?"),
        partnerships=ngettext("{n} partnership", "{n} partnerships", len(rows)).format(n=len(rows)))
    rows = [{**r, "kind": kind_label(r.get("kind"))} for r in rows]
    return "\n".join(filter(None, [head, text_table(rows, ["partner", "country", "kind", "since", "status", "sources"])]))
