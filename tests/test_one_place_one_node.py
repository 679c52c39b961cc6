"""One place, one node; one partnership, one edge: pair tables in, the nodes and edges a user sees out."""

from __future__ import annotations

import pytest

from graph.model import MUNICIPALITY, PART_OF, PARTNER_OF
from graph.queries.quality import quality
from graph.store.embedded import EmbeddedStore
from graph.text import fold, slug
from loaders.twin_cities import load_twin_cities, read_twin_cities

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2,since,until\n"


def load(tmp_path, rows: list[str]):
    """Write the rows under the public header, read them; (places by id, partnerships, report)."""
    path = tmp_path / "pairs.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    nodes, edges, report = read_twin_cities(path)
    places = {n.id: n for n in nodes if n.label == MUNICIPALITY}
    return places, [e for e in edges if e.type == PARTNER_OF], edges, report


def partner_ids(partnerships, place_id):
    return {e.target if e.source == place_id else e.source for e in partnerships if place_id in (e.source, e.target)}


@pytest.mark.parametrize("spelling", ["Kam'ianets-Podilskyi", "Kam’ianets-Podilskyi", "Kamʼianets-Podilskyi",
                                      "Kamʻianets-Podilskyi", "Kam`ianets-Podilskyi", "Kam´ianets-Podilskyi"])
def test_apostrophes_of_every_kind_fold_alike(spelling):
    assert fold(spelling) == fold("Kamianets-Podilskyi") == "kamianets podilskyi"
    assert slug(spelling) == "kamianets-podilskyi"


def test_one_ukrainian_town_under_four_apostrophes_is_one_linked_node(tmp_path):
    rows = [f"{name},Ukraine,,,{partner},Poland,,," for name, partner in (
        ("Kam'ianets-Podilskyi", "Kraków"), ("Kam’ianets-Podilskyi", "Lublin"),
        ("Kamʼianets-Podilskyi", "Rzeszów"), ("Kamianets-Podilskyi", "Przemyśl"))]
    places, partnerships, _, _ = load(tmp_path, rows)
    ukrainian = [p for p in places.values() if p.get("country") == "UA"]
    assert len(ukrainian) == 1 and ukrainian[0].get("gazetteer_id")
    assert len(partner_ids(partnerships, ukrainian[0].id)) == 4


def test_footnote_markers_are_stripped_and_the_raw_spelling_kept(tmp_path):
    places, partnerships, _, _ = load(tmp_path, ["Leipzig[1],Germany,,,Kraków[a],Poland,,,,",
                                                 "Leipzig,Germany,,,Kraków,Poland,,,,"])
    assert {p.name for p in places.values()} == {"Leipzig", "Kraków"}
    leipzig = next(p for p in places.values() if p.name == "Leipzig")
    assert {entry.split(" · ")[0] for entry in leipzig.get("spellings")} == {"Leipzig", "Leipzig[1]"}
    assert len(partnerships) == 1


def test_a_district_written_three_ways_is_one_node_part_of_its_city(tmp_path):
    places, partnerships, edges, _ = load(tmp_path, [
        "Berlin – Pankow,Germany,52.57,13.40,Słupsk,Poland,,,,",
        "Pankow (Berlin),Germany,52.57,13.40,Kolín,Czech Republic,,,,",
        "Berlin-Pankow,Germany,52.57,13.40,Ashkelon,Israel,,,,",
    ])
    berlin = next(p for p in places.values() if p.name == "Berlin")
    districts = {e.source for e in edges if e.type == PART_OF and e.target == berlin.id}
    assert len(districts) == 1
    (pankow,) = districts
    assert places[pankow].name == "Pankow" and len(partner_ids(partnerships, pankow)) == 3


def test_districts_not_in_the_gazetteer_are_one_node_named_city_dash_district(tmp_path):
    places, _, edges, _ = load(tmp_path, ["Sarajevo – Stari Grad,Bosnia and Herzegovina,43.86,18.43,Bursa,Turkey,,,,",
                                          "Stari Grad (Sarajevo),Bosnia and Herzegovina,43.86,18.43,Izmir,Turkey,,,,"])
    districts = [p for p in places.values() if p.get("kind") == "district"]
    assert [(d.name, d.id) for d in districts] == [("Sarajevo – Stari Grad", "mun:ba:sarajevo-stari-grad")]
    assert {e.target for e in edges if e.type == PART_OF and e.source == districts[0].id} == {
        next(p.id for p in places.values() if p.name == "Sarajevo")}


def test_a_pair_stated_twice_reversed_with_other_years_is_one_edge_earliest_since_latest_until(tmp_path):
    rows = ["Leipzig,Germany,,,Kraków,Poland,,,1993,2010",
            "Kraków,Poland,,,Leipzig,Germany,,,1991,2020",
            "Leipzig,Germany,,,Kraków,Poland,,,,"]
    for order in (rows, rows[::-1]):
        _, partnerships, _, report = load(tmp_path, order)
        assert [(e.props.get("since"), e.props.get("until")) for e in partnerships] == [(1991, 2020)]
        conflicts = [note for note in report.notes if "Leipzig – Kraków" in note or "Kraków – Leipzig" in note]
        assert len(conflicts) == 2
        assert any("since" in note and "kept 1991 (the earliest)" in note for note in conflicts)
        assert any("until" in note and "kept 2020 (the latest)" in note for note in conflicts)


def test_x_and_x_local_government_district_are_one_partner(tmp_path):
    places, partnerships, _, _ = load(tmp_path, [
        "Gießen,Germany,50.58,8.67,Winchester,England,51.0632,-1.308,,",
        "Gießen,Germany,50.58,8.67,Winchester (local government district),England,51.0632,-1.308,,",
    ])
    assert [p.name for p in places.values() if p.get("country") == "GB"] == ["Winchester"]
    assert len(partnerships) == 1


def test_source_coordinates_in_another_country_are_not_kept(tmp_path):
    # "Bergen", Germany, with the coordinates of Bergen, Norway: Germany has several Bergens, none chosen
    places, _, _, _ = load(tmp_path, ["Bergen,Germany,60.3894,5.33,Śrem,Poland,,,,"])
    bergen = next(p for p in places.values() if p.name == "Bergen")
    assert bergen.get("country") == "DE" and (bergen.get("lat"), bergen.get("lon")) == (None, None)


def test_unlinked_namesakes_far_apart_stay_two_nodes(tmp_path):
    # a town no gazetteer lists, in Massachusetts, and again with its longitude's minus sign lost (Kyrgyzstan)
    places, partnerships, _, _ = load(tmp_path, [
        "Quillfield,United States,42.1,-72.59,Wittenberg,Germany,,,,",
        "Quillfield,United States,42.52,72.24,Kragujevac,Serbia,,,,",
        "Quillfield,United States,42.15,-72.62,Pitești,Romania,,,,",
    ])
    quill = sorted((p for p in places.values() if p.name == "Quillfield"), key=lambda p: p.id)
    assert [p.id for p in quill] == ["mun:us:quillfield", "mun:us:quillfield~2"]
    assert len(partner_ids(partnerships, "mun:us:quillfield")) == 2
    assert quill[1].get("lat") is None  # its coordinates lie outside the United States


def test_a_city_spelling_is_not_linked_to_the_administrative_area_of_that_name(tmp_path):
    # "Munster", Germany, given coordinates in Ireland: the town in Lower Saxony, not Regierungsbezirk Münster
    places, _, _, _ = load(tmp_path, ["Éragny,France,49.0192,2.0911,Munster,Germany,52.25,-9,,"])
    munster = next(p for p in places.values() if p.get("country") == "DE")
    assert (munster.name, munster.get("kind"), munster.get("subdivision")) == ("Munster", "city", "DE-NI")


def test_the_one_municipality_of_a_name_a_geocoding_slip_away_is_linked(tmp_path):
    places, _, _, _ = load(tmp_path, ["Enns,Austria,47.5549,14.2171,Dingolfing,Germany,48.6333,12.5,,"])
    enns = next(p for p in places.values() if p.get("country") == "AT")
    assert enns.get("gazetteer_id") and enns.get("subdivision") == "AT-4"
    assert enns.get("spellings") == ["Enns · name, source coordinates unreliable"]


def test_quality_counts_what_would_make_two_nodes_of_one_place(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text(HEADER + "\n".join([
        "Berlin – Pankow,Germany,52.57,13.40,Słupsk,Poland,,,,",
        "Pankow (Berlin),Germany,52.57,13.40,Kolín,Czech Republic,,,,",
        "Quillfield,United States,42.1,-72.59,Wittenberg,Germany,,,,",
        "Quillfield,United States,42.52,72.24,Kragujevac,Serbia,,,,",
        "Bergen,Germany,60.3894,5.33,Śrem,Poland,,,,",
    ]) + "\n", encoding="utf-8")
    store = EmbeddedStore(tmp_path)
    load_twin_cities(store, path)
    report = quality(store)
    assert (len(report.duplicate_districts), len(report.coordinates_abroad), report.namesakes_apart,
            report.pair_conflicts) == (0, 0, 1, 0)
    assert "namesakes kept apart:  1" in report.summary()
