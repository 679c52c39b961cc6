"""Attendee lists of a conference (CSV or Excel): the municipalities and organisations that took part.

Columns are recognised by their German or English headers (case and spaces ignored):

================  =========================================================================
municipality      Kommune, Stadt, Gemeinde, Landkreis, Ort, Municipality, City, Town
country           Land, Staat, Country
organisation      Organisation, Institution, Einrichtung, Verband, Organization
(personal)        Name, Vorname, Nachname, Teilnehmer(in), Funktion, Position, E-Mail, ...
================  =========================================================================

Personal columns are never read: no person's name or function reaches the store or an export.
Municipalities are placed by the place rules (:class:`graph.places.resolver.PlaceResolver`), organisations
matched to known ones by any name or alias; unknown organisations are created and reported. The
whole list is checked before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import InputError, NotFound
from graph.i18n import _, ngettext, number
from graph.model import ATTENDS, CONFERENCE, ORGANISATION, SOURCE, Edge, Node, organisation_id, source_id
from graph.geo.countries import resolve_country
from graph.places.resolver import PlaceResolver
from graph.store.base import GraphStore
from graph.text import clean, fold, slug

from .report import LoadReport

HEADERS = {
    "municipality": ("kommune", "stadt", "gemeinde", "landkreis", "kreis", "ort", "municipality", "city", "town",
                     "kommune/stadt", "stadt/gemeinde"),
    "country": ("land", "staat", "country"),
    "organisation": ("organisation", "organization", "institution", "einrichtung", "verband",
                     "organisation/institution", "organization/institution", "institution/organisation"),
}
PERSONAL = ("name", "vorname", "nachname", "teilnehmer", "teilnehmerin", "teilnehmende", "person", "first name",
            "last name", "funktion", "function", "position", "role", "titel", "title", "e-mail", "email",
            "telefon", "phone", "anrede")


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise InputError(f"{path}: not a readable Excel workbook ({exc})") from None
        from .workbook import cell_text  # Excel's escapes ("_x0007_") become what they stand for

        rows = [(n, [clean(cell_text(v)) for v in values])
                for n, values in enumerate(book.worksheets[0].iter_rows(values_only=True), 1)]
        rows = [(n, v) for n, v in rows if any(v)]
        for n, values in rows:
            _refuse_control(path, n, values)
        if not rows:
            raise InputError(f"{path}: the first sheet is empty; expected a header row")
        return [h.lower() for h in rows[0][1]], rows[1:]
    from .tabular import read_table

    table = read_table(path)
    return table.header, [(line, [clean(row.get(h, "")) for h in table.header]) for line, row in table.rows]


def _refuse_control(path: Path, row: int, values: list[str]) -> None:
    from .encodings import control_char

    for value in values:
        if control_char(value):
            raise InputError(f"{path.name}, row {row}: the cell holds the control character {control_char(value)} "
                             f"(value {value!r}); no name may hold one: delete it and load the file again")


def _columns(header: list[str], path: Path) -> dict[str, int]:
    found = {}
    for field, names in HEADERS.items():
        for i, h in enumerate(header):
            if fold(h) in {fold(n) for n in names} and field not in found:
                found[field] = i
    if "municipality" not in found and "organisation" not in found:
        raise InputError(f"{path}: no column for municipalities (Kommune, Stadt) or organisations "
                         "(Organisation, Institution); the header has "
                         f"{', '.join(h for h in header if h) or 'nothing'}")
    return found


def load_attendees(store: GraphStore, path: str | Path, conference: str, *,
                   resolver: PlaceResolver | None = None) -> LoadReport:
    """Load an attendee list: each municipality and organisation ATTENDS the conference.

    Parameters
    ----------
    store : the graph store (the conference must be in it)
    path : CSV (``,`` or ``;``, UTF-8 or Windows-1252) or Excel (``.xlsx``) file
    conference : a conference id, key or text naming exactly one conference

    Returns
    -------
    LoadReport
        Rows read and loaded, problems (file, line, column, value), notes on personal columns left
        unread, organisations created and places the gazetteer did not know.

    Raises
    ------
    InputError
        The file cannot be read, has no municipality or organisation column, or no row could be used.
    NotFound
        No conference, or several, match ``conference``.

    Example
    -------
    >>> load_attendees(store, "teilnehmende.xlsx", "deutsch-ukrainische-partnerschaftskonferenz-6")  # doctest: +SKIP
    """
    from graph.queries.conferences import find_conferences

    path = Path(path)
    conf_id = _conference(store, conference, find_conferences)
    header, rows = _read_rows(path)
    cols = _columns(header, path)
    report = LoadReport(str(path))
    personal = [h for h in header if fold(h) in {fold(p) for p in PERSONAL}]
    if personal:
        report.notes.append(_("columns {columns} hold personal data and were not read: no person's name is "
                              "stored").format(columns=", ".join(personal)))
    resolver = resolver or PlaceResolver()
    source = Node(SOURCE, source_id("list-" + slug(path.name)),
                  {"name": f"Attendee list {path.name}", "title": f"Attendee list {path.name}", "file": path.name})
    sources = [source.id]
    orgs = _known_organisations(store)
    nodes: dict[str, Node] = {source.id: source}
    edges: dict[tuple, Edge] = {}
    created: list[str] = []
    unlinked: set[str] = set()  # places reported once each
    report.rows_read = len(rows)

    def cell(values: list[str], field: str) -> str:
        i = cols.get(field)
        return values[i] if i is not None and i < len(values) else ""

    for line, values in rows:
        town, land, org = cell(values, "municipality"), cell(values, "country"), cell(values, "organisation")
        used = False
        if town:
            country = _country(land) if land else None
            if land and country is None:
                report.problem(line, header[cols["country"]], land,
                               _("not a country or German Land; write e.g. Deutschland, Sachsen, Ukraine or UA"))
            elif country is None:
                report.problem(line, header[cols["municipality"]], town,
                               _("no country given for the municipality; add a Land/Country column"))
            else:
                place = resolver.place(town, country, sources=sources)
                for node in (place.node, *place.nodes):
                    nodes.setdefault(node.id, node)
                for edge in place.edges:
                    edges[edge.identity] = edge
                edges[(place.node.id, conf_id)] = Edge(ATTENDS, place.node.id, conf_id, {"sources": sources})
                linked = place.node.get("gazetteer_id") or place.node.get("register_id")
                if not linked and place.node.id not in unlinked:
                    unlinked.add(place.node.id)
                    report.notes.append(_("{town} ({code}) is not in the gazetteer; kept as written (see `partnernet "
                                          "quality`)").format(town=town, code=country.code))
                used = True
        if org:
            org_id = orgs.get(fold(org))
            if org_id is None:
                org_id = organisation_id(org)
                if org_id not in nodes:
                    props = {"name": org, "sources": sources}
                    country = _country(land) if land else None
                    if country:
                        props["country"] = country.code
                    nodes[org_id] = Node(ORGANISATION, org_id, props)
                    created.append(org)
            edges[(org_id, conf_id)] = Edge(ATTENDS, org_id, conf_id, {"sources": sources})
            used = True
        if used:
            report.rows_loaded += 1
        elif not report.problems or report.problems[-1].line != line:
            report.problem(line, "", "", _("neither a municipality nor an organisation in this row"))
    if report.rows_loaded == 0:
        raise InputError("\n".join([_("{path}: no row names a municipality or organisation; nothing was written")
                                    .format(path=path),
                                    *(f"  {p}" for p in report.problems[:20])]))
    if created:
        report.notes.append(ngettext("{n} organisation not known before, created: {names}",
                                     "{n} organisations not known before, created: {names}", len(created)).format(
            n=number(len(created)), names=", ".join(created)))
    result = store.upsert(list(nodes.values()), list(edges.values()))
    store.flush()
    report.nodes_written, report.edges_written = result.nodes, result.edges
    return report


def _country(text: str):
    """The country of a Land/Country cell: a country ("Deutschland", "UA"), or a German Land
    ("Sachsen"), which German lists often give instead."""
    import dataclasses

    from graph.geo.subdivisions import subdivision

    found = resolve_country(text)
    if found is None and (sub := subdivision(text, "DE")) is not None:
        found = dataclasses.replace(resolve_country("DE"), subdivision=sub.code)
    return found


def _conference(store: GraphStore, text: str, find) -> str:
    for candidate in (text, f"conf:{slug(text)}"):
        node = store.get(candidate)
        if node is not None and node.label == CONFERENCE:
            return node.id
    hits = find(store, text)
    if len(hits) > 1:
        names = ", ".join(f"{store.get(h).name} ({h})" for h in hits[:8])
        raise NotFound(f"{len(hits)} conferences match {text!r}: {names}; give one id")
    return hits[0]


def _known_organisations(store: GraphStore) -> dict[str, str]:
    """Folded name or alias -> organisation id, for every organisation in the store."""
    out = {}
    for org in store.nodes(ORGANISATION):
        for name in (org.name, *(org.get("aliases") or [])):
            out.setdefault(fold(name), org.id)
    return out
