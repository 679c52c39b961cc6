"""Search by any name: exonyms, local spellings, other scripts and small typos."""

from __future__ import annotations

import json

import pytest

from graph.store.embedded import EmbeddedStore
from graph.model import MUNICIPALITY, Node
from graph.model import COUNTRY, ORGANISATION
from graph.queries.search import INDEX_NAME, NameIndex, search

# German exonyms of foreign cities -> (ISO country, GeoNames id)
EXONYMS = [
    ("Krakau", "PL", 3094802), ("Warschau", "PL", 756135), ("Breslau", "PL", 3081368),
    ("Danzig", "PL", 3099434), ("Kiew", "UA", 703448), ("Lemberg", "UA", 702550),
    ("Mailand", "IT", 3173435), ("Rom", "IT", 3169070), ("Venedig", "IT", 3164603),
    ("Moskau", "RU", 524901), ("Prag", "CZ", 3067696), ("Pressburg", "SK", 3060972),
    ("Brünn", "CZ", 3078610), ("Lüttich", "BE", 2792413), ("Nizza", "FR", 2990440),
    ("Neapel", "IT", 3172394), ("Florenz", "IT", 3176959), ("Bukarest", "RO", 683506), ("Pilsen", "CZ", 3068160),
    ("Reval", "EE", 588409), ("Wilna", "LT", 593116), ("Belgrad", "RS", 792680),
    ("Kopenhagen", "DK", 2618425), ("Sankt Petersburg", "RU", 498817), ("Lissabon", "PT", 2267057),
    ("Athen", "GR", 264371),
]
# local or other spellings -> (ISO country, GeoNames id)
LOCAL = [
    ("Kraków", "PL", 3094802), ("Kyiv", "UA", 703448), ("Київ", "UA", 703448), ("Praha", "CZ", 3067696),
    ("Wrocław", "PL", 3081368), ("Gdańsk", "PL", 3099434), ("Lviv", "UA", 702550), ("Львів", "UA", 702550),
    ("München", "DE", 2867714), ("Munich", "DE", 2867714), ("Köln", "DE", 2886242), ("Cologne", "DE", 2886242),
    ("Milano", "IT", 3173435), ("Roma", "IT", 3169070), ("Venezia", "IT", 3164603), ("Москва", "RU", 524901),
    ("Bratislava", "SK", 3060972), ("Brno", "CZ", 3078610), ("Liège", "BE", 2792413), ("Napoli", "IT", 3172394),
    ("Firenze", "IT", 3176959), ("Plzeň", "CZ", 3068160), ("București", "RO", 683506), ("København", "DK", 2618425), ("Warszawa", "PL", 756135),
    ("Odesa", "UA", 698740), ("Kharkiv", "UA", 706483),
]


@pytest.fixture(scope="module")
def real_store(real_embedded):
    return real_embedded  # the whole real table, loaded once per session (tests/conftest.py)


@pytest.mark.realdata
@pytest.mark.parametrize("text,country,geonameid", EXONYMS + LOCAL)
def test_names_find_the_place_in_the_real_data(real_store, text, country, geonameid):
    hits = search(real_store, text, labels=[MUNICIPALITY], limit=5)
    assert hits, f"nothing found for {text!r}"
    assert hits[0].get("gazetteer_id") == str(geonameid), [(h.name, h.get("country")) for h in hits]
    assert hits[0].get("country") == country


@pytest.mark.realdata
def test_one_node_per_place_in_the_real_data(real_store):
    for geonameid in (2886242, 3094802, 703448):
        assert len(real_store.nodes(MUNICIPALITY, gazetteer_id=str(geonameid))) == 1


def _small_store(path=None) -> EmbeddedStore:
    store = EmbeddedStore(path) if path else EmbeddedStore.memory()
    store.upsert([
        Node(MUNICIPALITY, "mun:gn:1", {"name": "Kraków", "country": "PL", "population": 800000,
                                        "aliases": ["Krakau", "Cracow", "Краків"]}),
        Node(MUNICIPALITY, "mun:gn:2", {"name": "Krakow am See", "country": "DE", "population": 3000}),
        Node(MUNICIPALITY, "mun:gn:3", {"name": "Warsaw", "country": "PL", "population": 1700000,
                                        "aliases": ["Warschau", "Warszawa"]}),
    ])
    return store


def test_accents_case_punctuation_and_script():
    store = _small_store()
    for text in ("krakow", "KRAKÓW", "Krakau", "kraków.", "Краків"):
        assert search(store, text)[0].id == "mun:gn:1", text


def test_exact_before_prefix_and_small_typos_forgiven():
    store = _small_store()
    assert [n.id for n in search(store, "Krakow")] == ["mun:gn:1", "mun:gn:2"]
    assert search(store, "Warschaw")[0].id == "mun:gn:3"
    assert search(store, "Warszawa", labels=["Country"]) == []


def test_close_spellings_of_the_labels_asked_for_are_not_crowded_out_by_other_names():
    # twenty towns spelled closer to "Polan" than the country is: a search for countries still finds it
    store = EmbeddedStore.memory()
    store.upsert([Node(COUNTRY, "country:PL", {"code": "PL", "name": "Polen"})]
                 + [Node(MUNICIPALITY, f"mun:pl:{i}", {"name": f"Polan{chr(97 + i)}", "country": "PL"}) for i in range(20)])
    assert [n.id for n in search(store, "Polan", labels=[COUNTRY], limit=5)] == ["country:PL"]
    everything = search(store, "Polan", limit=5)
    assert len(everything) == 5 and all(n.label == MUNICIPALITY for n in everything)
    # a search for towns still reads every name (it was not narrowed: town names are most of them)
    assert search(store, "Polan", labels=[MUNICIPALITY], limit=5) == everything


def test_the_keys_of_a_set_of_labels_are_those_naming_one_of_its_nodes():
    from graph.queries.search import SEARCHABLE, name_index

    store = _small_store()
    store.upsert([Node(COUNTRY, "country:PL", {"code": "PL", "name": "Polen", "aliases": ["Poland", "Warsaw"]}),
                  Node(ORGANISATION, "org:cc", {"name": "Connective Cities", "aliases": ["Krakow"]})])
    index = name_index(store)
    for labels in [{label} for label in SEARCHABLE] + [{COUNTRY, ORGANISATION}, {MUNICIPALITY, COUNTRY}]:
        keys, positions = index.keys_of(frozenset(labels))
        expected = [i for i in range(len(index.keys)) if any(index.label(n) in labels for n in index.numbers(i))]
        assert positions == expected and keys == [index.keys[i] for i in expected], labels
    assert "warsaw" in index.keys_of(frozenset({COUNTRY}))[0]  # a key two labels share belongs to both


def test_index_follows_new_nodes():
    store = _small_store()
    assert search(store, "Lemberg") == []
    store.upsert([Node(MUNICIPALITY, "mun:gn:4", {"name": "Lviv", "country": "UA", "aliases": ["Lemberg"]})])
    assert search(store, "Lemberg")[0].id == "mun:gn:4"


def test_index_follows_new_aliases_of_known_nodes():
    store = _small_store()
    assert search(store, "Varsovie") == []
    store.upsert([Node(MUNICIPALITY, "mun:gn:3", {"name": "Warsaw", "country": "PL", "aliases": ["Varsovie"]})])
    assert search(store, "Varsovie")[0].id == "mun:gn:3"


QUESTIONS = [("krakow", None), ("Krakau", None), ("Краків", None), ("kra", None), ("Warschaw", None),
             ("Warszawa", ["Country"]), ("pol", None), ("pl", None), ("Polska", [COUNTRY]), ("stadt", None),
             ("Deutscher Städtetg", [ORGANISATION, MUNICIPALITY]), ("Lemberg", None), ("w", [MUNICIPALITY])]


def _answers(store) -> list[list[str]]:
    return [[n.id for n in search(store, text, labels=labels, limit=5)] for text, labels in QUESTIONS]


def _kept_store(path) -> EmbeddedStore:
    store = _small_store(path)
    store.upsert([Node(COUNTRY, "country:pl", {"name": "Poland", "code": "PL", "aliases": ["Polska", "Polen"]}),
                  Node(ORGANISATION, "org:dst", {"name": "Deutscher Städtetag", "kind": "association"})])
    store.flush()
    return store


def test_the_index_kept_with_the_store_gives_the_same_answers(tmp_path, monkeypatch):
    built = _answers(_kept_store(tmp_path))
    assert (tmp_path / f"graph.{INDEX_NAME}.json").exists()
    assert built == _answers(_kept_store(tmp_path / "twin"))  # built again from the same records

    def no_build(cls, store, stamp):
        raise AssertionError("the index kept with the store should have been read, not built")

    monkeypatch.setattr(NameIndex, "build", classmethod(no_build))
    assert _answers(EmbeddedStore(tmp_path)) == built


def test_a_kept_index_is_not_used_once_the_graph_changed(tmp_path):
    _answers(_kept_store(tmp_path))
    store = EmbeddedStore(tmp_path)
    assert search(store, "Lemberg") == []
    store.upsert([Node(MUNICIPALITY, "mun:gn:4", {"name": "Lviv", "country": "UA", "aliases": ["Lemberg"]}),
                  Node(MUNICIPALITY, "mun:gn:3", {"name": "Warsaw", "country": "PL", "aliases": ["Varsovie"]})])
    assert search(store, "Lemberg")[0].id == "mun:gn:4"  # in this process at once
    assert search(store, "Varsovie")[0].id == "mun:gn:3"
    store.flush()
    again = EmbeddedStore(tmp_path)  # the kept index was made for the graph before the write
    assert search(again, "Lemberg")[0].id == "mun:gn:4"
    assert search(again, "Varsovie")[0].id == "mun:gn:3"
    fresh = EmbeddedStore.memory()
    fresh.upsert(again.nodes(MUNICIPALITY) + again.nodes(COUNTRY) + again.nodes(ORGANISATION))
    assert _answers(EmbeddedStore(tmp_path)) == _answers(fresh)  # now read from the index kept again


def test_a_damaged_or_foreign_kept_index_is_built_again(tmp_path):
    expected = _answers(_kept_store(tmp_path))
    kept = tmp_path / f"graph.{INDEX_NAME}.json"
    kept.write_text('{"format": "partnernet-derived", "torn', encoding="utf-8")
    assert _answers(EmbeddedStore(tmp_path)) == expected
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["data"]["code"] = "folded by other code"
    data["data"]["keys"] = ["stale"] * len(data["data"]["keys"])
    kept.write_text(json.dumps(data), encoding="utf-8")
    assert _answers(EmbeddedStore(tmp_path)) == expected


def test_names_in_other_scripts_and_letters_are_found():
    store = EmbeddedStore.memory()
    store.upsert([
        Node(MUNICIPALITY, "mun:gr:athens", {"name": "Athens", "country": "GR", "aliases": ["Αθήνα"]}),
        Node(MUNICIPALITY, "mun:az:mardakan", {"name": "Mərdəkan", "country": "AZ"}),
    ])
    assert [n.id for n in search(store, "αθηνα")] == ["mun:gr:athens"]
    assert [n.id for n in search(store, "Mərdəkan")][:1] == ["mun:az:mardakan"]
