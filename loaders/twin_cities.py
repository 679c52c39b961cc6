"""Loader for partnership pair tables: the public twin-city format and users' own spreadsheets.

The public format (from the Wikipedia lists of twin towns) is
``city1,country1,lat1,lng1,city2,country2,lat2,lng2`` with coordinates optional. German exports
with headers such as ``Stadt1;Land1;Stadt2;Land2;Art;Seit;Quelle`` are read as well. Every row is
checked before anything is written: bad rows are skipped and reported, or in strict mode the whole
load is refused.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from graph.i18n import _, kind_label
from graph.errors import InputError, ValidationError
from graph.model import PARTNER_OF, SOURCE, Edge, Node, source_id
from graph.upsert import merge_props
from graph.places.resolver import PlaceResolver
from graph.store.base import GraphStore
from graph.text import clean

from .columns import OPTIONAL as COLUMNS_OPTIONAL
from .columns import REQUIRED as COLUMNS_REQUIRED
from .columns import find_columns, missing_message
from .pairrows import RowReader
from .report import LoadReport
from .tabular import read_table
from .totals import write_load

log = logging.getLogger(__name__)
REQUIRED, OPTIONAL = COLUMNS_REQUIRED, COLUMNS_OPTIONAL


def read_twin_cities(
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None,
    resolver: PlaceResolver | None = None, sheet: str | None = None,
) -> tuple[list[Node], list[Edge], LoadReport]:
    """Parse a pair table (CSV, .xlsx or .ods) into records, collecting every bad row in the report
    (nothing is written). ``report.source`` is the id of the file's Source node."""
    return _read(path, encoding, delimiter, resolver, sheet)


def _read(path: str | Path, encoding: str | None, delimiter: str | None,
          resolver: PlaceResolver | None, sheet: str | None = None) -> tuple[list[Node], list[Edge], LoadReport]:
    table = read_table(path, encoding=encoding, delimiter=delimiter, sheet=sheet)
    name = table.path.name
    columns = find_columns(table.header)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(missing_message(name, missing, table.header))
    report = LoadReport(name, columns=columns)
    if table.encoding not in ("utf-8", "utf-8-sig") or table.delimiter != ",":
        how = (_("read as {encoding} with delimiter {delimiter!r}") if table.delimiter else _("read as {encoding}")
               ).format(encoding=table.encoding, delimiter=table.delimiter)
        report.notes.append(how)
    report.notes.extend(table.notes)
    resolver = resolver or PlaceResolver()
    file_source = Node(SOURCE, source_id(f"file-{name}"), {"name": name, "title": name, "file": name})
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    cells = RowReader(report, columns, resolver)
    partnerships: dict[tuple, tuple[int, Edge]] = {}  # (pair, kind) -> (first line, the one edge)
    for line, row in table.rows:
        report.rows_read += 1
        if "\x00extra" in row:
            report.problem(line, "", row["\x00extra"], _("more values than the {n} columns of the header").format(n=len(table.header)))
            continue
        notes: dict = {}
        sides = [cells.side(line, row, n, notes) for n in ("1", "2")]
        kind, kind_status = cells.kind(line, row)
        since = cells.year(line, row, "since") if "since" in columns else None
        until = cells.year(line, row, "until") if "until" in columns else None
        status = (cells.status(line, row) if "status" in columns else None) or kind_status or notes.get("status")
        since = since if since is not None else notes.get("since")
        until = until if until is not None else notes.get("until")
        if None in sides:
            continue
        sources = [file_source.id]
        extra_source = clean(row.get(columns["source"], "")) if "source" in columns else ""
        if extra_source:
            src = Node(SOURCE, source_id(extra_source), {"name": extra_source, "title": extra_source,
                                                         "url": extra_source if "://" in extra_source else None,
                                                         "sources": [file_source.id]})
            sources.append(src.id)
        try:
            resolved = [resolver.place(s.city, s.country, s.lat, s.lon, sources=[file_source.id]) for s in sides]
            if resolved[0].node.id == resolved[1].node.id:
                raise ValidationError(_("{a!r} and {b!r} are the same place; a place cannot be its own partner").format(
                    a=sides[0].city, b=sides[1].city))
            edge = Edge(PARTNER_OF, resolved[0].node.id, resolved[1].node.id,
                        {"kind": kind, "since": since, "until": until, "status": status, "sources": sources})
        except ValidationError as exc:
            report.problem(line, "", f"{sides[0].city} / {sides[1].city}", str(exc))
            continue
        if extra_source:
            nodes.setdefault(src.id, src)
        for place in resolved:
            for node in (place.node, *place.nodes):
                old = nodes.get(node.id)
                nodes[node.id] = node if old is None else _merged(old, node)
            edges.extend(place.edges)
        _add_partnership(partnerships, edge, line, nodes, report)
        report.written.setdefault(edge.identity, (line, resolved[0].node.id, resolved[1].node.id))
        cells.countries(line, row, sides, resolved)
        report.rows_loaded += 1
    edges.extend(edge for _, edge in partnerships.values())
    if report.rows_loaded:  # a file none of whose rows loaded leaves no trace in the store
        nodes[file_source.id] = file_source
    cells.finish()
    report.merges.extend(getattr(resolver, "merge_log", []))
    report.source = file_source.id
    settle = getattr(resolver, "settled", None)  # every spelling of the file known: one name per place
    return (settle(nodes.values()) if settle else list(nodes.values())), edges, report


def _add_partnership(partnerships: dict, edge: Edge, line: int, nodes: dict[str, Node], report: LoadReport) -> None:
    """One edge per pair and kind, whichever way round and however often the file states it: the
    earliest ``since`` and the latest ``until`` are kept, and differing years are listed in the report."""
    key = (frozenset((edge.source, edge.target)), edge.props["kind"])
    first = partnerships.get(key)
    if first is None:
        partnerships[key] = (line, edge)
        return
    first_line, old = first
    props = dict(old.props)
    for field, pick in (("since", min), ("until", max)):
        years = {y for y in (old.props.get(field), edge.props.get(field)) if y is not None}
        props[field] = pick(years) if years else None
        if len(years) > 1:
            a, b = (nodes[i].name for i in (old.source, old.target))
            report.notes.append((
                _("line {line}: {a} – {b} ({kind}, first on line {first}) is stated with since {new}, before with "
                  "{old}; kept {kept} (the earliest)") if pick is min else
                _("line {line}: {a} – {b} ({kind}, first on line {first}) is stated with until {new}, before with "
                  "{old}; kept {kept} (the latest)")).format(
                line=line, a=a, b=b, kind=kind_label(edge.props["kind"]), first=first_line,
                new=edge.props.get(field), old=old.props.get(field), kept=props[field]))
    props["sources"] = sorted(set(old.props["sources"]) | set(edge.props["sources"]))
    partnerships[key] = (first_line, Edge(old.type, old.source, old.target, props))


def _merged(old: Node, new: Node) -> Node:
    if old is new or old.props == new.props:
        return old
    return Node(old.label, old.id, merge_props(old.props, new.props))


def load_twin_cities(
    store: GraphStore, path: str | Path, *, strict: bool = False, encoding: str | None = None,
    delimiter: str | None = None, progress: Callable[[int], None] | None = None,
    resolver: PlaceResolver | None = None, sheet: str | None = None, replace: bool = False,
    announce: Callable[[int], None] | None = None,
) -> LoadReport:
    """Read, check, then write a pair table (CSV or a workbook's sheet): the one loading routine of the
    command line and the app.

    In strict mode any bad row aborts before writing. With ``replace`` what an earlier load of a
    file of the same name wrote is taken back first (``loaders.totals.write_load``). ``announce`` is
    called once with the number of records about to be written (for a progress bar), ``progress``
    with each batch written. Raises :class:`graph.errors.InputError` for an unreadable file, missing
    columns or, in strict mode, any bad row (nothing is written then).
    """
    nodes, edges, report = read_twin_cities(path, encoding=encoding, delimiter=delimiter, resolver=resolver,
                                            sheet=sheet)
    report.raise_if_strict(strict)
    log.info("%s: %d rows read, %d nodes and %d relationships to write", report.file, report.rows_read,
             len(nodes), len(edges))
    if announce is not None:
        announce(len(nodes) + len(edges))
    write_load(store, nodes, edges, report, source=report.source, replace=replace, progress=progress)
    return report


def write_twin_cities(store: GraphStore, path: str | Path, *, delimiter: str = ",", encoding: str = "utf-8") -> int:
    """Write the store's partnerships in the public pair format, so that read_twin_cities reads them back.

    Country columns hold ISO codes; names are written as they are (this is a data file, not a
    spreadsheet for people: use graph.export for those, where cells are neutralised against formulas).
    Returns the number of rows written.
    """
    import csv

    from graph.model import MUNICIPALITY

    places = {n.id: n for n in store.nodes(MUNICIPALITY)}
    rows = []
    for edge in store.edges(PARTNER_OF):
        a, b = places.get(edge.source), places.get(edge.target)
        if a is None or b is None:
            continue
        row = []
        for place in (a, b):
            row += [place.name, place.get("country", ""), _num(place.get("lat")), _num(place.get("lon"))]
        rows.append(row + [edge.props.get("kind", ""), edge.props.get("since") or "", edge.props.get("until") or ""])
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2",
                         "kind", "since", "until"])
        writer.writerows(rows)
    return len(rows)


def _num(value) -> str:
    return "" if value is None else repr(float(value))
