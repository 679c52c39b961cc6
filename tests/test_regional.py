"""Partnerships by area: resolving area names, membership, tables, matrices and coverage gaps."""

import pytest

from graph.errors import NotFound
from graph.model import COUNTRY, IN_COUNTRY, IN_REGION, MUNICIPALITY, PART_OF, PARTNER_OF, REGION, Edge, Node
from graph.queries.regional import (
    coverage_gaps, existing_partnerships, municipalities_in, partnership_matrix, resolve_area,
)
from graph.queries.search import search


def town(key, name, country, subdivision=None, **props):
    return Node(MUNICIPALITY, f"mun:{country.lower()}:{key}",
                {"name": name, "country": country, "subdivision": subdivision, **props})


def region(kind, key, name, aliases=()):
    return Node(REGION, f"region:{kind}:{key}", {"name": name, "kind": kind, "aliases": list(aliases)})


COUNTRIES = {"DE": "Germany", "UA": "Ukraine", "PL": "Poland", "GH": "Ghana", "NG": "Nigeria"}
TOWNS = [
    town("leipzig", "Leipzig", "DE", "Saxony"),
    town("dresden", "Dresden", "DE", "Saxony"),
    town("chemnitz", "Chemnitz", "DE", "Saxony"),
    town("munich", "Munich", "DE", "Bavaria", aliases=["München"]),
    town("giessen", "Giessen", "DE", "Hesse", aliases=["Gießen"]),
    town("kyiv", "Kyiv", "UA", aliases=["Kiew"]),
    town("lviv", "Lviv", "UA"),
    town("krakow", "Kraków", "PL"),
    town("accra", "Accra", "GH"),
    town("lagos", "Lagos", "NG"),
]
REGIONS = [
    region("continent", "africa", "Africa", ["Afrika"]),
    region("subregion", "western-africa", "Western Africa", ["Westafrika"]),
    region("continent", "europe", "Europe", ["Europa"]),
    region("subregion", "eastern-europe", "Eastern Europe", ["Osteuropa"]),
    region("subregion", "western-europe", "Western Europe"),
    region("group", "eu", "European Union", ["EU", "Europäische Union"]),
]
REGION_EDGES = [
    Edge(PART_OF, "region:subregion:western-africa", "region:continent:africa"),
    Edge(PART_OF, "region:subregion:eastern-europe", "region:continent:europe"),
    Edge(PART_OF, "region:subregion:western-europe", "region:continent:europe"),
    Edge(IN_REGION, "country:GH", "region:subregion:western-africa"),
    Edge(IN_REGION, "country:NG", "region:subregion:western-africa"),
    Edge(IN_REGION, "country:UA", "region:subregion:eastern-europe"),
    Edge(IN_REGION, "country:PL", "region:subregion:eastern-europe"),
    Edge(IN_REGION, "country:DE", "region:subregion:western-europe"),
    Edge(IN_REGION, "country:DE", "region:group:eu"),
    Edge(IN_REGION, "country:PL", "region:group:eu"),
]
PARTNERSHIPS = [
    Edge(PARTNER_OF, "mun:de:leipzig", "mun:ua:kyiv", {"kind": "twin", "since": 1961, "sources": ["s:a"]}),
    Edge(PARTNER_OF, "mun:de:dresden", "mun:ua:lviv", {"kind": "solidarity", "since": 2022}),
    Edge(PARTNER_OF, "mun:de:munich", "mun:ua:kyiv", {"kind": "twin", "since": 1989}),
    Edge(PARTNER_OF, "mun:de:leipzig", "mun:pl:krakow", {"kind": "twin"}),
    Edge(PARTNER_OF, "mun:de:leipzig", "mun:de:munich", {"kind": "friendship"}),
    Edge(PARTNER_OF, "mun:de:giessen", "mun:gh:accra", {"kind": "project"}),
    Edge(PARTNER_OF, "mun:ua:kyiv", "mun:pl:krakow", {"kind": "twin"}),
]


@pytest.fixture
def areas_store(store):
    countries = [Node(COUNTRY, f"country:{c}", {"code": c, "name": n}) for c, n in COUNTRIES.items()]
    in_country = [Edge(IN_COUNTRY, t.id, f"country:{t.get('country')}") for t in TOWNS]
    store.upsert(countries + REGIONS + TOWNS, REGION_EDGES + in_country + PARTNERSHIPS)
    store.flush()
    return store


@pytest.mark.parametrize("text, kind, countries", [
    ("DE", "country", ("DE",)),
    ("Germany", "country", ("DE",)),
    ("Deutschland", "country", ("DE",)),
    ("ukraine", "country", ("UA",)),
    ("Afrika", "region", ("GH", "NG")),
    ("Africa", "region", ("GH", "NG")),
    ("Osteuropa", "region", ("PL", "UA")),
    ("Eastern Europe", "region", ("PL", "UA")),
    ("Europe", "region", ("DE", "PL", "UA")),
    ("EU", "region", ("DE", "PL")),
    ("Saxony", "subdivision", ("DE",)),
    ("Leipzig", "municipality", ("DE",)),
    ("Kiew", "municipality", ("UA",)),
])
def test_resolve_area(areas_store, text, kind, countries):
    area = resolve_area(areas_store, text)
    assert (area.kind, area.countries) == (kind, countries)


def test_resolve_area_by_node_id_and_unknown(areas_store):
    assert resolve_area(areas_store, "region:group:eu").name == "European Union"
    assert resolve_area(areas_store, "mun:de:giessen").kind == "municipality"
    with pytest.raises(NotFound, match="Atlantis"):
        resolve_area(areas_store, "Atlantis")


def test_municipalities_in(areas_store):
    ids = lambda text: [n.id for n in municipalities_in(areas_store, resolve_area(areas_store, text))]
    assert ids("Saxony") == ["mun:de:chemnitz", "mun:de:dresden", "mun:de:leipzig"]
    assert ids("Africa") == ["mun:gh:accra", "mun:ng:lagos"]
    assert ids("Gießen") == ["mun:de:giessen"]
    assert len(ids("DE")) == 5


def test_existing_partnerships_saxony_to_ukraine(areas_store):
    df = existing_partnerships(areas_store, resolve_area(areas_store, "Saxony"), resolve_area(areas_store, "UA"))
    assert list(zip(df["origin"], df["partner"], df["kind"])) == [
        ("Dresden", "Lviv", "solidarity"), ("Leipzig", "Kyiv", "twin")]
    assert list(df["since"]) == [2022, 1961]
    assert list(df["origin_subdivision"]) == ["Saxony", "Saxony"]
    assert df.loc[1, "sources"] == "s:a"


def test_existing_partnerships_into_a_region(areas_store):
    df = existing_partnerships(areas_store, resolve_area(areas_store, "DE"), resolve_area(areas_store, "Osteuropa"))
    assert sorted(zip(df["origin"], df["partner"])) == [
        ("Dresden", "Lviv"), ("Leipzig", "Kraków"), ("Leipzig", "Kyiv"), ("Munich", "Kyiv")]
    africa = existing_partnerships(areas_store, resolve_area(areas_store, "DE"), resolve_area(areas_store, "Afrika"))
    assert list(zip(africa["origin"], africa["partner"])) == [("Giessen", "Accra")]


def test_partnership_inside_both_areas_is_listed_once(areas_store):
    de = resolve_area(areas_store, "DE")
    df = existing_partnerships(areas_store, de, de)
    assert list(zip(df["origin"], df["partner"])) == [("Leipzig", "Munich")]


def test_partnership_matrix(areas_store):
    df = existing_partnerships(areas_store, resolve_area(areas_store, "DE"), resolve_area(areas_store, "Europe"))
    matrix = partnership_matrix(df, rows="origin_subdivision", cols="partner_country")
    assert matrix.to_dict(orient="index") == {
        "Bavaria": {"DE": 0, "PL": 0, "UA": 1},
        "Saxony": {"DE": 1, "PL": 1, "UA": 2},
    }
    by_country = partnership_matrix(df, rows="origin_country")
    assert by_country.loc["DE"].to_dict() == {"DE": 1, "PL": 1, "UA": 3}
    with pytest.raises(ValueError, match="rows must be"):
        partnership_matrix(df, rows="nonsense")


def test_coverage_gaps_include_subdivisions_without_partnerships(areas_store):
    gaps = coverage_gaps(areas_store, "DE", resolve_area(areas_store, "UA"))
    rows = gaps[["subdivision", "municipalities", "with_partner", "partnerships"]].values.tolist()
    assert len(rows) == 16  # every Land, also those without a municipality in the store
    assert rows[-2:] == [["Bavaria", 1, 1, 1], ["Saxony", 3, 2, 2]]
    assert ["Hesse", 1, 0, 0] in rows[:-2] and ["Thuringia", 0, 0, 0] in rows[:-2]
    assert gaps.iloc[-1]["partners"] == "Kyiv, Lviv"
    with pytest.raises(NotFound, match="not a country"):
        coverage_gaps(areas_store, "Saxony", resolve_area(areas_store, "UA"))


# -- the project's demo data and the real dataset ----------------------------------------------------


def test_demo_saxony_to_ukraine_holds_leipzig_kyiv(demo_store):
    for text in ("Sachsen", "Saxony"):
        df = existing_partnerships(demo_store, resolve_area(demo_store, text), resolve_area(demo_store, "Ukraine"))
        assert ("Leipzig", "Kyiv") in set(zip(df["origin"], df["partner"]))


def test_demo_regions_resolve(demo_store):
    assert "GH" in resolve_area(demo_store, "Afrika").countries
    assert "DE" not in resolve_area(demo_store, "Afrika").countries
    assert {"DE", "PL"} <= set(resolve_area(demo_store, "EU").countries)
    assert "UA" in resolve_area(demo_store, "Osteuropa").countries


def test_real_germany_to_ukraine(real_embedded):
    df = existing_partnerships(real_embedded, resolve_area(real_embedded, "DE"), resolve_area(real_embedded, "UA"))
    assert ("Leipzig", "Kyiv") in set(zip(df["origin"], df["partner"]))
    assert set(df["origin_country"]) == {"DE"} and set(df["partner_country"]) == {"UA"}
    assert partnership_matrix(df, rows="origin_country").loc["DE", "UA"] == len(df)


def test_real_saxony_to_ukraine(real_embedded):
    leipzig = search(real_embedded, "Leipzig", labels=[MUNICIPALITY], limit=1)[0]
    if not leipzig or not leipzig.get("subdivision"):
        pytest.skip("the loaded twin-city data carries no subdivisions (gazetteer linking is off)")
    df = existing_partnerships(real_embedded, resolve_area(real_embedded, "Sachsen"),
                               resolve_area(real_embedded, "UA"))
    assert ("Leipzig", "Kyiv") in set(zip(df["origin"], df["partner"]))


def test_restrict_to_area_keeps_the_centre_and_places_inside(demo_store):
    from graph.queries.partners import find_one
    from graph.queries.regional import restrict_to_area

    leipzig = find_one(demo_store, "Leipzig")
    sub = demo_store.neighbourhood(leipzig.id, depth=1, rel_types=["PARTNER_OF"])
    only_ua = restrict_to_area(sub, leipzig.id, countries=["UA"])
    assert leipzig.id in only_ua.nodes
    assert {n.get("country") for n in only_ua.nodes.values()} == {"DE", "UA"}
    assert any(n.name == "Kyiv" for n in only_ua.nodes.values())
    assert all(leipzig.id in (e.source, e.target) for e in only_ua.edges)
    assert only_ua.rule.endswith("only municipalities in Ukraine")
    capped = restrict_to_area(sub, leipzig.id, area=resolve_area(demo_store, "EU"), max_nodes=2)
    assert len(capped.nodes) == 2 and leipzig.id in capped.nodes and capped.total_nodes > 2
