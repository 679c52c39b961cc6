"""Loader for partnership pair tables: the public twin-city format and users' own spreadsheets.

The public format (from the Wikipedia lists of twin towns) is
``city1,country1,lat1,lng1,city2,country2,lat2,lng2`` with coordinates optional. German exports
with headers such as ``Stadt1;Land1;Stadt2;Land2;Art;Seit;Quelle`` are read as well. Every row is
checked before anything is written: bad rows are skipped and reported, or in strict mode the whole
load is refused.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Callable

from graph.errors import InputError, ValidationError
from graph.gcpause import collection_paused
from graph.model import PARTNER_OF, PARTNERSHIP_KINDS, SOURCE, Edge, Node, merge_props, source_id
from graph.geo.countries import resolve_country, split_city_country
from graph.places.resolver import PlaceResolver
from graph.store.base import GraphStore
from graph.text import clean, fold

from .report import LoadReport
from .tabular import read_table

REQUIRED = ("city1", "country1", "city2", "country2")
OPTIONAL = ("lat1", "lng1", "lat2", "lng2", "kind", "since", "until", "source")
COLUMN_ALIASES = {
    "city1": ("stadt1", "kommune1", "ort1", "municipality1", "city 1", "stadt 1"),
    "city2": ("stadt2", "kommune2", "ort2", "municipality2", "partnerstadt", "city 2", "stadt 2"),
    "country1": ("land1", "staat1", "country 1", "land 1"),
    "country2": ("land2", "staat2", "country 2", "land 2"),
    "lat1": ("breite1", "latitude1"), "lng1": ("lon1", "laenge1", "länge1", "longitude1"),
    "lat2": ("breite2", "latitude2"), "lng2": ("lon2", "laenge2", "länge2", "longitude2"),
    "kind": ("art", "typ", "partnerschaftsart", "type"),
    "since": ("seit", "year", "jahr", "gegründet"), "until": ("bis",),
    "source": ("quelle", "sources", "url"),
}
KIND_WORDS = {
    "twin": "twin", "twinning": "twin", "sister city": "twin", "stadtepartnerschaft": "twin",
    "partnerschaft": "twin", "partnerstadt": "twin", "stadtepartner": "twin",
    "friendship": "friendship", "freundschaft": "friendship", "freundschaftsvertrag": "friendship",
    "contact": "contact", "kontakt": "contact", "project": "project", "projekt": "project",
    "projektpartnerschaft": "project", "solidarity": "solidarity", "solidaritat": "solidarity",
    "solidaritatspartnerschaft": "solidarity", "climate": "climate", "klima": "climate",
    "klimapartnerschaft": "climate",
}


def _columns(header: list[str]) -> dict[str, str]:
    """Canonical column name -> the header as written in the file."""
    found: dict[str, str] = {}
    for canonical in REQUIRED + OPTIONAL:
        for candidate in (canonical, *COLUMN_ALIASES.get(canonical, ())):
            if candidate in header:
                found[canonical] = candidate
                break
    return found


def _coordinate(report: LoadReport, line: int, column: str, text: str, limit: float) -> tuple[bool, float | None]:
    text = clean(text)
    if not text:
        return True, None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        report.problem(line, column, text, "coordinate is not a number")
        return False, None
    if not math.isfinite(value) or abs(value) > limit:
        report.problem(line, column, text, f"coordinate out of range (-{limit:g} to {limit:g})")
        return False, None
    return True, value


def _year(report: LoadReport, line: int, column: str, text: str) -> tuple[bool, int | None]:
    text = clean(text)
    if not text:
        return True, None
    if text.isdigit() and 1000 <= int(text) <= 2100:
        return True, int(text)
    report.problem(line, column, text, "year must be four digits, e.g. 1991")
    return False, None


def _kind(report: LoadReport, line: int, column: str, text: str) -> tuple[bool, str | None]:
    key = fold(text)
    if not key:
        return True, "twin"
    kind = KIND_WORDS.get(key) or (key if key in PARTNERSHIP_KINDS else None)
    if kind is None:
        report.problem(line, column, text, f"unknown partnership kind; use one of {', '.join(PARTNERSHIP_KINDS)}")
        return False, None
    return True, kind


def read_twin_cities(
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None,
    resolver: PlaceResolver | None = None,
) -> tuple[list[Node], list[Edge], LoadReport]:
    """Parse a pair table into records, collecting every bad row in the report (nothing is written)."""
    with collection_paused():
        return _read(path, encoding, delimiter, resolver)


def _read(path: str | Path, encoding: str | None, delimiter: str | None,
          resolver: PlaceResolver | None) -> tuple[list[Node], list[Edge], LoadReport]:
    table = read_table(path, encoding=encoding, delimiter=delimiter)
    name = table.path.name
    columns = _columns(table.header)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(
            f"{name}: missing column(s) {', '.join(repr(c) for c in missing)}; expected "
            f"{','.join(REQUIRED)} (optional: {','.join(OPTIONAL)}); found: {','.join(table.header) or 'nothing'}"
        )
    report = LoadReport(name)
    if table.encoding not in ("utf-8", "utf-8-sig") or table.delimiter != ",":
        report.notes.append(f"read as {table.encoding} with delimiter {table.delimiter!r}")
    resolver = resolver or PlaceResolver()
    file_source = Node(SOURCE, source_id(f"file-{name}"), {"name": name, "title": name, "file": name})
    nodes: dict[str, Node] = {file_source.id: file_source}
    edges: list[Edge] = []
    partnerships: dict[tuple, tuple[int, Edge]] = {}  # (pair, kind) -> (first line, the one edge)
    unresolved: dict[str, int] = {}
    # per side: the headers of city, country, latitude and longitude, and the column names reported
    sides = [(columns[f"city{s}"], columns[f"country{s}"], columns.get(f"lat{s}", ""),
              columns.get(f"lat{s}", f"lat{s}"), columns.get(f"lng{s}", ""), columns.get(f"lng{s}", f"lng{s}"))
             for s in ("1", "2")]
    kind_column, since_column, until_column, source_column = (
        columns.get(c, "") for c in ("kind", "since", "until", "source"))

    for line, row in table.rows:
        report.rows_read += 1
        if "\x00extra" in row:
            report.problem(line, "", row["\x00extra"], f"more values than the {len(table.header)} columns of the header")
            continue
        ok = True
        places = []
        for city_column, country_column, lat_column, lat_name, lng_column, lng_name in sides:
            city = clean(row.get(city_column, ""))
            country_text = clean(row.get(country_column, ""))
            if not fold(city):
                report.problem(line, city_column, city, "empty city name")
                ok = False
                continue
            good_lat, lat = _coordinate(report, line, lat_name, row.get(lat_column, ""), 90)
            good_lon, lon = _coordinate(report, line, lng_name, row.get(lng_column, ""), 180)
            ok = ok and good_lat and good_lon
            if country_text:
                country = resolve_country(country_text)
                if country is None:  # never guessed from the text; the resolver may use the coordinates
                    unresolved[country_text] = unresolved.get(country_text, 0) + 1
            else:
                city, country = split_city_country(city)
            places.append((city, country, lat, lon))
        good_kind, kind = _kind(report, line, kind_column or "kind", row.get(kind_column, ""))
        good_since, since = _year(report, line, since_column or "since", row.get(since_column, ""))
        good_until, until = _year(report, line, until_column or "until", row.get(until_column, ""))
        if not (ok and good_kind and good_since and good_until) or len(places) != 2:
            continue
        sources = [file_source.id]
        extra_source = clean(row.get(source_column, ""))
        if extra_source:
            src = Node(SOURCE, source_id(extra_source), {"name": extra_source, "title": extra_source,
                                                         "url": extra_source if "://" in extra_source else None})
            nodes.setdefault(src.id, src)
            sources.append(src.id)
        try:
            resolved = [resolver.place(city, country, lat, lon, sources=[file_source.id])
                        for city, country, lat, lon in places]
            if resolved[0].node.id == resolved[1].node.id:
                raise ValidationError(f"{places[0][0]!r} and {places[1][0]!r} are the same place; "
                                      "a place cannot be its own partner")
            edge = Edge(PARTNER_OF, resolved[0].node.id, resolved[1].node.id,
                        {"kind": kind, "since": since, "until": until, "sources": sources})
        except ValidationError as exc:
            report.problem(line, "", f"{places[0][0]} / {places[1][0]}", str(exc))
            continue
        for place in resolved:
            for node in (place.node, *place.nodes):
                old = nodes.get(node.id)
                nodes[node.id] = node if old is None else _merged(old, node)
            edges.extend(place.edges)
        _add_partnership(partnerships, edge, line, nodes, report)
        report.rows_loaded += 1
    edges.extend(edge for _, edge in partnerships.values())

    for text, count in sorted(unresolved.items()):
        report.notes.append(f"country {text!r} ({count} places) is not a country we can resolve with confidence; "
                            "those places take the country at their coordinates (as the gazetteer files them), "
                            "or none when they have no coordinates")
    report.merges.extend(getattr(resolver, "merge_log", []))
    return list(nodes.values()), edges, report


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
            report.notes.append(
                f"line {line}: {a} – {b} ({edge.props['kind']}, first on line {first_line}) is stated with {field} "
                f"{edge.props.get(field)}, before with {old.props.get(field)}; kept {props[field]} "
                f"(the {'earliest' if pick is min else 'latest'})")
    props["sources"] = sorted(set(old.props["sources"]) | set(edge.props["sources"]))
    partnerships[key] = (first_line, Edge(old.type, old.source, old.target, props))


def _merged(old: Node, new: Node) -> Node:
    if old is new or old.props == new.props:
        return old
    return Node(old.label, old.id, merge_props(old.props, new.props))


def load_twin_cities(
    store: GraphStore, path: str | Path, *, strict: bool = False, encoding: str | None = None,
    delimiter: str | None = None, progress: Callable[[int], None] | None = None,
    resolver: PlaceResolver | None = None,
) -> LoadReport:
    """Read, check, then write a pair table. In strict mode any bad row aborts before writing."""
    nodes, edges, report = read_twin_cities(path, encoding=encoding, delimiter=delimiter, resolver=resolver)
    report.raise_if_strict(strict)
    with collection_paused():
        result = store.upsert(nodes, edges, progress=progress)
        store.flush()
    report.nodes_written, report.edges_written = result.nodes, result.edges
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
