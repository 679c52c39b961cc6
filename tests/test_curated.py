"""The curated dataset in data/curated and its loader: content, stable ids, and exact error messages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.queries.search import search
from graph.store.embedded import EmbeddedStore
from graph.errors import InputError
from graph.model import (
    ATTENDS, CONFERENCE, HELD_IN, MUNICIPALITY, ORGANISES, PARTNER_OF, SOURCE, conference_id,
    organisation_id,
)
from graph.geo.countries import resolve_country
from graph.places.resolver import PlaceResolver
from graph.text import fold
from loaders.curated import DEFAULT_DIRECTORY, CuratedDataError, load_curated, read_curated


def place_id(name: str, country: str) -> str:
    """The id the twin-city loader gives a place written this way."""
    return PlaceResolver().place(name, resolve_country(country)).node.id


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    store = EmbeddedStore.memory()
    load_curated(store)
    return store


def test_conferences_per_series(store):
    series = Counter(c.get("series") for c in store.nodes(CONFERENCE))
    assert series == {
        "SKEW regional conference Africa": 6,
        "SKEW regional conference Asia": 4,
        "SKEW regional conference Latin America": 4,
        "SKEW regional conference Eastern Europe": 1,
        "German-Ukrainian municipal partnership conference": 2,
        "German-Russian twin-city conference": 1,
        "Difu annual meeting": 1,
        None: 1,  # URP2020 belongs to no series
    }
    editions = sorted(c.get("edition") for c in store.nodes(CONFERENCE, series="SKEW regional conference Africa"))
    assert editions == [1, 2, 3, 4, 5, 6]


def test_sixth_german_ukrainian_conference(store):
    conf = store.get(conference_id("deutsch-ukrainische-partnerschaftskonferenz-6"))
    assert conf is not None
    assert (conf.get("start"), conf.get("end")) == ("2023-11-13", "2023-11-15")
    assert conf.get("venue") == "Kongresshalle am Zoo"
    assert conf.get("edition") == 6
    assert conf.get("languages") == ["de", "en", "uk"]
    assert conf.get("status") == "held"
    touching = store.edges(node_ids=[conf.id])
    held_in = [e.target for e in touching if e.type == HELD_IN]
    assert held_in == [place_id("Leipzig", "Germany")]
    roles = {(e.source, e.props["role"]) for e in touching if e.type == ORGANISES}
    assert roles == {
        (organisation_id("skew"), "organiser"),
        (organisation_id("connective-cities"), "partner"),
        (organisation_id("deutscher-staedtetag"), "partner"),
        (organisation_id("deutscher-landkreistag"), "partner"),
        (organisation_id("dstgb"), "partner"),
    }
    attendees = {e.source for e in touching if e.type == ATTENDS}
    assert {place_id("Leipzig", "Germany"), place_id("Kyiv", "Ukraine")} <= attendees
    assert "patron" in conf.get("note")  # the Federal President is patron of the network, kept as a note


def test_seventh_conference_is_in_muenster_and_only_planned(store):
    conf = store.get(conference_id("deutsch-ukrainische-partnerschaftskonferenz-7"))
    assert conf.get("status") == "planned" and conf.get("start") == "2025-06-16"
    held_in = [e.target for e in store.edges(HELD_IN, [conf.id])]
    assert held_in == [place_id("Münster", "Germany")]


def test_difu_meeting_cancelled_with_postponement_in_note(store):
    conf = store.get(conference_id("difu-jahrestreffen-2020"))
    assert conf.get("status") == "cancelled"
    assert "17–18 September 2020" in conf.get("note")
    assert conf.get("start") == "2020-06-04"


def test_year_only_conferences_have_no_place(store):
    conf = store.get(conference_id("skew-regionalkonferenz-afrika-2019"))
    assert conf.get("start") == "2019" and conf.get("end") is None
    assert store.edges(HELD_IN, [conf.id]) == []


def test_every_conference_and_edge_has_an_existing_source(store):
    sources = {n.id: n for n in store.nodes(SOURCE)}
    for conf in store.nodes(CONFERENCE):
        assert conf.get("sources"), conf.id
        for sid in conf.get("sources"):
            assert sources[sid].get("title") and (sources[sid].get("url") or sources[sid].get("file"))
    for edge in store.edges(PARTNER_OF) + store.edges(ORGANISES):
        assert edge.props.get("sources") and set(edge.props["sources"]) <= set(sources), edge


def test_municipality_ids_meet_the_twin_city_table(store):
    # the twin-city table writes "Cologne", "Giessen", "Kyiv"; the curated aliases are searchable
    for csv_name, alias in [("Cologne", "Köln"), ("Giessen", "Gießen"), ("Kyiv", "Kiew"), ("Kraków", "Krakau")]:
        node = store.get(place_id(csv_name, "Germany" if csv_name in ("Cologne", "Giessen") else
                                  {"Kyiv": "Ukraine", "Kraków": "Poland"}[csv_name]))
        assert node is not None, csv_name
        assert alias in node.get("aliases")
        assert node.id in {n.id for n in search(store, alias, [MUNICIPALITY], 10)}


def test_partnership_kinds_and_years(store):
    partners = {frozenset((e.source, e.target)): e for e in store.edges(PARTNER_OF)}
    kyiv = partners[frozenset((place_id("Leipzig", "Germany"), place_id("Kyiv", "Ukraine")))]
    assert (kyiv.props["kind"], kyiv.props["since"]) == ("twin", 1961)
    friendship = partners[frozenset((place_id("Münster", "Germany"), place_id("Mühlhausen", "Germany")))]
    assert friendship.props["kind"] == "friendship" and "since" not in friendship.props
    hosts = {place_id(n, "Germany") for n in ("Giessen", "Hildesheim", "Esslingen am Neckar", "Münster", "Cologne")}
    assert all(any(h in pair for pair in partners) for h in hosts)


def test_ids_are_stable():
    first, second = read_curated(), read_curated()
    assert sorted(n.id for n in first.nodes) == sorted(n.id for n in second.nodes)
    assert sorted(e.identity for e in first.edges) == sorted(e.identity for e in second.edges)
    store = EmbeddedStore.memory()
    load_curated(store)
    once = store.stats()
    report = load_curated(store)
    assert store.stats() == once
    assert report.rows_loaded == sum(first.entries.values()) and report.nodes_written == len(first.nodes)


# --- errors -------------------------------------------------------------------------------------------

BASE = {
    "sources.yaml": "- key: s\n  title: A source\n  url: https://example.org/\n",
    "municipalities.yaml": "- name: Leipzig\n  country: DE\n  sources: [s]\n",
    "organisations.yaml": "- key: skew\n  name: SKEW\n  kind: agency\n  country: DE\n  sources: [s]\n",
}
CONFERENCE_HEAD = "- key: c\n  title: A conference\n  status: held\n"

ERRORS = [
    ("unknown org key", "conferences.yaml",
     CONFERENCE_HEAD + "  organisers:\n    - {org: skwe, role: organiser}\n  sources: [s]\n",
     "line 4: conference 'c', field 'organisers': unknown organisation key; "
     "expected a key from organisations.yaml (value 'skwe')"),
    ("bad role", "conferences.yaml",
     CONFERENCE_HEAD + "  organisers:\n    - {org: skew, role: host-city}\n  sources: [s]\n",
     "line 4: conference 'c', field 'organisers': not one of host, organiser, co-organiser, partner, "
     "patron, sponsor (value 'host-city')"),
    ("bad date", "conferences.yaml",
     CONFERENCE_HEAD + "  start: 2023-02-30\n  sources: [s]\n",
     "line 4: conference 'c', field 'start': not a date; use YYYY-MM-DD, YYYY-MM or YYYY, "
     "e.g. 2023-11-13 (value '2023-02-30')"),
    ("german date", "conferences.yaml",
     CONFERENCE_HEAD + "  start: 13.11.2023\n  sources: [s]\n",
     "line 4: conference 'c', field 'start': not a date; use YYYY-MM-DD, YYYY-MM or YYYY, "
     "e.g. 2023-11-13 (value '13.11.2023')"),
    ("bad status", "conferences.yaml",
     "- key: c\n  title: A conference\n  status: done\n  sources: [s]\n",
     "line 3: conference 'c', field 'status': not one of planned, held, postponed, cancelled (value 'done')"),
    ("missing name", "municipalities.yaml",
     "- country: DE\n  sources: [s]\n",
     "line 1: municipality '#1': missing required field 'name' (value '')"),
    ("municipality without country", "municipalities.yaml",
     "- name: Leipzig\n  sources: [s]\n",
     "line 1: municipality 'Leipzig': missing required field 'country' (value '')"),
    ("reference without country", "conferences.yaml",
     CONFERENCE_HEAD + "  place: {name: Leipzig}\n  sources: [s]\n",
     "line 4: conference 'c', field 'place': missing country; give its ISO 3166-1 alpha-2 code, "
     "e.g. DE (value '')"),
    ("unknown municipality", "partnerships.yaml",
     "- a: {name: Leipzig, country: DE}\n  b: {name: Kiew, country: UA}\n  sources: [s]\n",
     "line 2: partnership 'Leipzig – Kiew', field 'b': unknown municipality; add it to "
     "municipalities.yaml (value 'Kiew, UA')"),
    ("unknown source", "themes.yaml",
     "- key: t\n  name: Water\n  sources: [nope]\n",
     "line 3: theme 't', field 'sources': unknown source key; expected a key from sources.yaml (value 'nope')"),
    ("misspelt field", "conferences.yaml",
     CONFERENCE_HEAD + "  organizers: []\n  sources: [s]\n",
     "line 4: conference 'c', field 'organizers': unknown field; expected one of key, title, aliases, "
     "series, edition, start, end, status, place, venue, languages, url, organisers, themes, "
     "attendees, note, sources (value 'organizers')"),
    ("field twice", "conferences.yaml",
     CONFERENCE_HEAD + "  status: planned\n  sources: [s]\n",
     "line 4: not valid YAML: field 'status' appears twice in one entry (value '')"),
]


@pytest.mark.parametrize("file,text,expected", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_error_names_file_line_entry_and_value(tmp_path: Path, file, text, expected):
    for name, content in {**BASE, file: text}.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    store = EmbeddedStore.memory()
    with pytest.raises(CuratedDataError) as caught:
        load_curated(store, tmp_path)
    assert [str(p) for p in caught.value.problems] == [f"{tmp_path / file}, {expected}"]
    assert str(caught.value).startswith(f"{tmp_path}: 1 problem in the curated data; nothing was written")
    assert store.stats().node_count == 0


def test_yaml_syntax_error_names_its_line(tmp_path: Path):
    # the wording comes from the YAML parser (libyaml or pure Python), the file and line from us
    for name, content in {**BASE, "conferences.yaml": CONFERENCE_HEAD + "  sources: [s\n"}.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(CuratedDataError) as caught:
        read_curated(tmp_path)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{tmp_path / 'conferences.yaml'}, line 5: not valid YAML: ")
    assert "',' or ']'" in problem.message


def test_nothing_written_when_one_entry_is_bad(tmp_path: Path):
    for name, content in BASE.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "conferences.yaml").write_text(
        CONFERENCE_HEAD + "  place: {name: Leipzig, country: DE}\n  sources: [s]\n"
        "- key: d\n  title: Another\n  status: held\n  end: '2020'\n  start: 2021-05-01\n  sources: [s]\n",
        encoding="utf-8")
    store = EmbeddedStore.memory()
    with pytest.raises(CuratedDataError) as caught:
        load_curated(store, tmp_path)
    assert [p.message for p in caught.value.problems] == ["conference 'd', field 'end': ends before it starts (2021-05-01)"]
    assert store.stats().node_count == 0
    (tmp_path / "conferences.yaml").write_text(CONFERENCE_HEAD + "  sources: [s]\n", encoding="utf-8")
    report = load_curated(store, tmp_path)
    assert report.rows_loaded == 4 and store.get(conference_id("c")).get("status") == "held"


def test_empty_directory_is_an_error(tmp_path: Path):
    with pytest.raises(InputError, match="no curated data here"):
        read_curated(tmp_path)


def test_default_directory_is_the_repository_data():
    assert DEFAULT_DIRECTORY == Path(__file__).resolve().parents[1] / "data" / "curated"
    assert (DEFAULT_DIRECTORY / "conferences.yaml").exists()


REAL_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "twin_cities.csv"


@pytest.mark.realdata
@pytest.mark.skipif(not REAL_CSV.exists(), reason=f"real twin-city table not found at {REAL_CSV}")
def test_curated_places_and_pairs_are_the_twin_tables_own():
    from loaders.twin_cities import read_twin_cities

    curated = read_curated()
    nodes, edges, _ = read_twin_cities(REAL_CSV)
    table_places = {n.id for n in nodes if n.label == MUNICIPALITY}
    table_pairs = {(e.source, e.target) for e in edges if e.type == PARTNER_OF}
    assert {n.id for n in curated.nodes if n.label == MUNICIPALITY} <= table_places
    assert {(e.source, e.target) for e in curated.edges if e.type == PARTNER_OF} <= table_pairs


def test_ensure_demo_adds_only_what_a_store_lacks(tmp_path):
    from graph.model import MUNICIPALITY, PARTNER_OF, Edge, Node
    from loaders.demo import demo_missing, ensure_demo

    store = EmbeddedStore.memory()
    store.upsert([Node(MUNICIPALITY, "mun:de:x", {"name": "X"}), Node(MUNICIPALITY, "mun:de:y", {"name": "Y"})],
                 [Edge(PARTNER_OF, "mun:de:x", "mun:de:y")])
    assert demo_missing(store)
    assert [r.file.endswith(("data/regions", "data/curated")) for r in ensure_demo(store)] == [True, True]
    stats = store.stats()
    assert stats.nodes["Region"] > 0 and stats.nodes["Conference"] == 20 and stats.edges[PARTNER_OF] > 1
    assert not demo_missing(store) and ensure_demo(store) == [] and store.stats() == stats
