"""Conferences: the table, the network of one conference, and attendees still lacking a partner."""

import pytest

from graph.queries.conferences import attendees_without_partner_in, conference_network, conference_table, find_conferences
from graph.errors import NotFound
from graph.model import (
    ATTENDS, CONFERENCE, HELD_IN, MUNICIPALITY, ORGANISATION, ORGANISES, PARTNER_OF, Edge, Node,
)


def town(key, name, country, subdivision=None):
    return Node(MUNICIPALITY, f"mun:{country.lower()}:{key}", {"name": name, "country": country,
                                                               "subdivision": subdivision})


def org(key, name):
    return Node(ORGANISATION, f"org:{key}", {"name": name, "kind": "agency"})


SERIES = "German-Ukrainian municipal partnership conference"
NODES = [
    town("leipzig", "Leipzig", "DE", "Saxony"), town("dresden", "Dresden", "DE", "Saxony"),
    town("chemnitz", "Chemnitz", "DE", "Saxony"), town("muenster", "Münster", "DE", "North Rhine-Westphalia"),
    town("bonn", "Bonn", "DE"), town("kyiv", "Kyiv", "UA"), town("lviv", "Lviv", "UA"),
    town("krakow", "Kraków", "PL"), town("lublin", "Lublin", "PL"), town("giessen", "Giessen", "DE"),
    town("accra", "Accra", "GH"),
    org("skew", "SKEW"), org("cc", "Connective Cities"), org("bmz", "BMZ"),
    Node(CONFERENCE, "conf:ua-6", {"name": "6th German-Ukrainian conference", "title": "6th German-Ukrainian conference",
                                   "series": SERIES, "edition": 6, "start": "2023-11-13", "end": "2023-11-15",
                                   "status": "held", "aliases": ["Deutsch-ukrainische Partnerschaftskonferenz 2023"],
                                   "url": "https://example.org/ua-6"}),
    Node(CONFERENCE, "conf:ua-7", {"name": "7th German-Ukrainian conference", "series": SERIES, "edition": 7,
                                   "start": "2025-06-16", "status": "planned"}),
    Node(CONFERENCE, "conf:afrika-2022", {"name": "Regionalkonferenz Afrika 2022", "start": "2022-09-05",
                                          "status": "held"}),
]
EDGES = [
    Edge(HELD_IN, "conf:ua-6", "mun:de:leipzig"),
    Edge(HELD_IN, "conf:ua-7", "mun:de:muenster"),
    Edge(HELD_IN, "conf:afrika-2022", "mun:de:giessen"),
    Edge(ORGANISES, "org:cc", "conf:ua-6", {"role": "partner"}),
    Edge(ORGANISES, "org:skew", "conf:ua-6", {"role": "organiser"}),
    Edge(ORGANISES, "org:skew", "conf:ua-7", {"role": "organiser"}),
    *[Edge(ATTENDS, f"mun:{m}", "conf:ua-6") for m in ("de:leipzig", "ua:kyiv", "de:dresden", "de:chemnitz")],
    Edge(ATTENDS, "org:bmz", "conf:ua-6"),
    Edge(ATTENDS, "mun:de:bonn", "conf:ua-7"),
    Edge(ATTENDS, "mun:gh:accra", "conf:afrika-2022"),
    Edge(PARTNER_OF, "mun:de:leipzig", "mun:ua:kyiv"),
    Edge(PARTNER_OF, "mun:de:dresden", "mun:ua:lviv", {"kind": "solidarity"}),
    Edge(PARTNER_OF, "mun:de:chemnitz", "mun:pl:krakow"),
    Edge(PARTNER_OF, "mun:de:muenster", "mun:pl:lublin"),
]


@pytest.fixture
def conf_store(store):
    store.upsert(NODES, EDGES)
    store.flush()
    return store


def test_conference_table(conf_store):
    table = conference_table(conf_store)
    assert list(table["id"]) == ["conf:ua-7", "conf:ua-6", "conf:afrika-2022"]  # newest first
    row = table.set_index("id").loc["conf:ua-6"]
    assert row["organisers"] == "SKEW (organiser); Connective Cities (partner)"
    assert (row["place"], row["participants"], row["municipalities"], row["organisations"]) == ("Leipzig", 5, 4, 1)
    assert (row["series"], row["edition"], row["status"], row["url"]) == (SERIES, 6, "held", "https://example.org/ua-6")
    assert table.set_index("id").loc["conf:ua-7", "place"] == "Münster"


def test_conference_network(conf_store):
    sub = conference_network(conf_store, "conf:ua-6")
    assert set(sub.nodes) == {"conf:ua-6", "mun:de:leipzig", "mun:ua:kyiv", "mun:de:dresden", "mun:de:chemnitz",
                              "org:skew", "org:cc", "org:bmz"}
    assert ("mun:de:leipzig", "mun:ua:kyiv") in {(e.source, e.target) for e in sub.edges if e.type == PARTNER_OF}
    wider = conference_network(conf_store, "conf:ua-6", with_partners=True)
    assert set(wider.nodes) - set(sub.nodes) == {"mun:ua:lviv", "mun:pl:krakow"}
    with pytest.raises(NotFound):
        conference_network(conf_store, "mun:de:leipzig")


def test_find_conferences(conf_store):
    assert find_conferences(conf_store, "german-ukrainian") == ["conf:ua-6", "conf:ua-7"]
    assert find_conferences(conf_store, "Partnerschaftskonferenz 2023") == ["conf:ua-6"]
    assert find_conferences(conf_store, "conf:afrika-2022") == ["conf:afrika-2022"]
    with pytest.raises(NotFound, match="Olympics"):
        find_conferences(conf_store, "Olympics")


def test_attendees_without_ukrainian_partner(conf_store):
    df = attendees_without_partner_in(conf_store, ["conf:ua-6", "conf:ua-7"], "UA")
    # Kyiv is Ukrainian itself; Leipzig and Dresden have Ukrainian partners; Münster hosted the 7th
    assert list(df["municipality"]) == ["Bonn", "Chemnitz", "Münster"]
    assert df.set_index("municipality").loc["Münster", "conferences"] == "7th German-Ukrainian conference"
    everyone = attendees_without_partner_in(conf_store, ["conf:ua-6", "conf:ua-7"], "Ukraine", only_without=False)
    assert list(zip(everyone["municipality"], everyone["partners_in_target"], everyone["partners"])) == [
        ("Bonn", 0, ""), ("Chemnitz", 0, ""), ("Münster", 0, ""), ("Dresden", 1, "Lviv"), ("Leipzig", 1, "Kyiv")]
    polish = attendees_without_partner_in(conf_store, ["conf:ua-6", "conf:ua-7"], "PL")
    assert list(polish["municipality"]) == ["Bonn", "Dresden", "Leipzig", "Kyiv"]  # by country, then name


# -- the project's curated demo data -----------------------------------------------------------------


def test_demo_german_ukrainian_conferences(demo_store):
    ids = find_conferences(demo_store, "German-Ukrainian")
    table = conference_table(demo_store).set_index("id")
    places = set(table.loc[ids, "place"])
    assert {"Leipzig", "Münster"} <= places
    df = attendees_without_partner_in(demo_store, ids, "UA", only_without=False)
    assert "Kyiv" not in set(df["municipality"])
    leipzig = df[df["municipality"] == "Leipzig"]
    assert len(leipzig) == 1 and "Kyiv" in leipzig.iloc[0]["partners"]
