"""Any bytes a user may hand partnernet give a clear message or a correct load, never another error.

Property-based (hypothesis), bounded so the module runs in well under a minute: every loader that
reads a file — pair tables (CSV and workbooks), attendee lists, conference pages, conference drafts,
the curated records — and the store's own file reader get random bytes and near-valid inputs (a valid
header with random rows, random JSON of the store's shape, random YAML, random HTML). A load that is
refused leaves the store byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import PartnernetError
from graph.places.resolver import PlaceResolver
from graph.store.embedded import EmbeddedStore
from graph.store.graphfile import read_graph
from graph.store.jsongraph import FORMAT, VERSION as FORMAT_VERSION
from loaders.attendees import load_attendees
from loaders.conference_draft import load_draft, read_draft
from loaders.conference_page import read_conference_page
from loaders.curated import load_curated, read_curated
from loaders.twin_cities import load_twin_cities, read_twin_cities

FUZZ = settings(max_examples=int(__import__("os").environ.get("FUZZ_N", 60)), deadline=None, derandomize=not __import__("os").environ.get("FUZZ_N"),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CONF = "deutsch-ukrainische-partnerschaftskonferenz-6"
# pieces real exports are made of, so that random rows come near what loaders accept
PIECES = ["Leipzig", "Kraków", "Münster", "DE", "PL", "Polen", "Deutschland", ",", ";", "\t", '"', "'", "\n",
          "\r\n", "\x00", "\u200b", "\ufeff", "1987", "seit 1991", "(ehemalig)", "P", "F", "-", "=1+1", "[1]",
          "Halle (Saale)", "ÿþ", "\x85", "50.1", "abc", " "]
row_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=14).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-32", "latin-1", "cp850"])


@pytest.fixture(scope="module")
def resolver():
    return PlaceResolver()


@pytest.fixture(scope="module")
def work():
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


@pytest.fixture(scope="module")
def store(work, resolver):
    """An embedded store holding the curated records (the conference the attendee lists name)."""
    s = EmbeddedStore(work / "store")
    load_curated(s, resolver=resolver)
    return s


def digest(store) -> str:
    return hashlib.sha256((store.path).read_bytes()).hexdigest()


def refused_or_loaded(store, load) -> None:
    """``load()`` either succeeds or raises a PartnernetError and leaves the store's file unchanged."""
    before = digest(store)
    try:
        load()
    except PartnernetError as exc:
        assert str(exc).strip(), "a refusal says why"
        assert digest(store) == before, f"refused ({exc}) but the store changed"


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@FUZZ
@given(raw=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".txt", ".xlsx", ".ods"]))
def test_pair_tables_any_bytes(work, resolver, raw, suffix):
    path = work / f"any{suffix}"
    path.write_bytes(raw)
    try:
        read_twin_cities(path, resolver=resolver)
    except PartnernetError:
        pass


@FUZZ
@given(rows=st.lists(row_text, max_size=6), header=st.sampled_from(
    ["city1,country1,city2,country2", "Stadt;Land;Partnerstadt;Partnerland;Art;Seit;Bis;Status;Quelle",
     "city1\tcountry1\tlat1\tlng1\tcity2\tcountry2\tlat2\tlng2"]), encoding=ENCODINGS)
def test_pair_tables_valid_header_random_rows(work, store, resolver, rows, header, encoding):
    path = work / "partner.csv"
    path.write_bytes(encoded("\n".join([header, *rows]) + "\n", encoding))
    refused_or_loaded(store, lambda: load_twin_cities(store, path, resolver=resolver, replace=True))


@FUZZ
@given(cells=st.lists(st.lists(st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                                         st.text(max_size=12)), min_size=4, max_size=6), max_size=5))
def test_workbook_random_cells(work, store, resolver, cells):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    book.active.append(["Stadt", "Land", "Partnerstadt", "Partnerland", "Seit"])
    for row in cells:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    path = work / "partner.xlsx"
    book.save(path)
    refused_or_loaded(store, lambda: load_twin_cities(store, path, resolver=resolver, replace=True))


@FUZZ
@given(rows=st.lists(row_text, max_size=5), raw=st.binary(max_size=200), as_bytes=st.booleans())
def test_attendee_lists(work, store, resolver, rows, raw, as_bytes):
    path = work / "teilnehmende.csv"
    path.write_bytes(raw if as_bytes else "\n".join(["Name;Kommune/Stadt;Land;Organisation", *rows]).encode())
    refused_or_loaded(store, lambda: load_attendees(store, path, CONF, resolver=resolver))


html = st.recursive(
    row_text,
    lambda inner: st.tuples(st.sampled_from(["p", "h1", "li", "div", "script", "title", "a", "b", "br", "x"]),
                            st.lists(inner, max_size=3)).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
    max_leaves=8)


@FUZZ
@given(body=html, raw=st.binary(max_size=200), kind=st.sampled_from(["html", "bytes", "text"]))
def test_conference_pages(work, body, raw, kind):
    path = work / ("seite.html" if kind == "html" else "seite.txt")
    path.write_bytes({"html": f"<html><body>{body}</body></html>".encode(errors="replace"), "bytes": raw,
                      "text": body.encode(errors="replace")}[kind])
    try:
        read_conference_page(path)
    except PartnernetError:
        pass


yaml_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from(["2021-05-03", "Leipzig", "DE", "skew",
                                                                        "planned", "P"]), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["key", "name", "country", "title", "start", "end",
                                                             "series", "place", "org", "sources", "x"]), inner,
                                            max_size=4)),
    max_leaves=10)


@FUZZ
@given(data=yaml_value, stem=st.sampled_from(["sources", "themes", "organisations", "municipalities",
                                              "conferences", "partnerships"]), raw=st.binary(max_size=120),
       as_bytes=st.booleans())
def test_curated_records(work, resolver, data, stem, raw, as_bytes):
    import yaml

    directory = work / "curated"
    directory.mkdir(exist_ok=True)
    for old in directory.glob("*.yaml"):
        old.unlink()
    (directory / f"{stem}.yaml").write_bytes(raw if as_bytes else yaml.safe_dump(data, allow_unicode=True).encode())
    try:
        read_curated(directory, resolver=resolver)
    except PartnernetError:
        pass


@FUZZ
@given(conferences=yaml_value, raw=st.binary(max_size=120), as_bytes=st.booleans())
def test_conference_drafts(work, store, resolver, conferences, raw, as_bytes):
    import yaml

    path = work / "entwurf.yaml"
    text = yaml.safe_dump({"sources": [{"key": "page-x", "title": "X", "file": "x.txt"}],
                           "conferences": conferences}, allow_unicode=True)
    path.write_bytes(raw if as_bytes else text.encode())

    def load():
        sources, confs, file = read_draft(path)
        load_draft(store, sources, confs, file=file, resolver=resolver)

    refused_or_loaded(store, load)


json_value = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                    st.text(max_size=6)),
                          lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                  st.dictionaries(st.text(max_size=5), inner, max_size=4)),
                          max_leaves=12)


@FUZZ
@given(nodes=json_value, edges=json_value, raw=st.binary(max_size=200),
       kind=st.sampled_from(["bytes", "shape", "json"]))
def test_the_store_file_reader(work, nodes, edges, raw, kind):
    path = work / "graph.json"
    if kind == "bytes":
        path.write_bytes(raw)
    else:
        data = {"format": FORMAT, "version": FORMAT_VERSION, "nodes": nodes, "edges": edges}
        path.write_text(json.dumps(data if kind == "shape" else nodes))
    try:
        read_graph(path)
    except PartnernetError:
        pass


# -- what the fuzzing found, as plain examples --------------------------------------------------------
def test_a_draft_entry_that_is_not_a_mapping_is_named(work, store, resolver):
    from loaders.curated import CuratedDataError

    path = work / "entwurf.yaml"
    path.write_text("sources:\n  - {key: page-x, title: X, file: x.txt}\nconferences:\n  -\n  - 7\n", encoding="utf-8")
    before = digest(store)
    sources, confs, file = read_draft(path)
    with pytest.raises(CuratedDataError) as err:
        load_draft(store, sources, confs, file=file, resolver=resolver)
    assert "conference entry 1 is not a mapping of fields" in str(err.value)
    assert "line 1: conference entry 2 is not a mapping of fields (value '7')" in str(err.value)
    assert digest(store) == before


@pytest.mark.parametrize("record, said", [
    ({"nodes": [["Municipality", "mun:x", {"name": "X", "aliases": 3}]], "edges": []},
     "node 'mun:x': property 'aliases' is 3"),
    ({"nodes": [["Municipality", "mun:x", {"name": 5}]], "edges": []}, "node 'mun:x': property 'name' is 5"),
    ({"nodes": [["Bogus", "x", {}]], "edges": []}, "node 'x' has the unknown label or type 'Bogus'"),
    ({"nodes": [["Municipality", "a", {}], ["Country", "b", {}]], "edges": [["PARTNER_OF", "a", "b", {"kind": 3}]]},
     "edge ['PARTNER_OF', 'a', 'b']: property 'kind' is 3"),
])
def test_a_store_file_with_values_of_the_wrong_type_is_refused(tmp_path, record, said):
    """Found by fuzzing: such a file opened, and the first search or partner list failed on it."""
    from graph.errors import StoreError

    path = tmp_path / "graph.json"
    path.write_text(json.dumps({"format": FORMAT, "version": FORMAT_VERSION, **record}))
    with pytest.raises(StoreError) as err:
        EmbeddedStore(tmp_path)
    assert f"the graph file {path} is damaged (a record of the wrong shape: TypeError: {said})" in str(err.value)
