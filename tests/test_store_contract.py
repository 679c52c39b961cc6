"""The GraphStore contract: every backend must pass these, with the same answers."""

import pytest

from graph.errors import StoreError
from graph.model import (
    ATTENDS, CONFERENCE, COUNTRY, IN_COUNTRY, MUNICIPALITY, ORGANISATION, ORGANISES, PARTNER_OF,
    Edge, Node,
)
from graph.queries.search import search


def mun(key, name, country, population=None, aliases=()):
    return Node(MUNICIPALITY, f"mun:{country.lower()}:{key}",
                {"name": name, "country": country, "population": population, "aliases": list(aliases)})


NODES = [
    mun("leipzig", "Leipzig", "DE", 620000, ["Lipsk"]),
    mun("krakow", "Kraków", "PL", 800000, ["Krakau", "Cracow"]),
    mun("kyiv", "Kyiv", "UA", 2900000, ["Kiew", "Kiev", "Київ"]),
    mun("lviv", "Lviv", "UA", 720000, ["Lemberg"]),
    mun("muenster", "Münster", "DE", 320000),
    mun("lublin", "Lublin", "PL", 330000),
    mun("leiden", "Leiden", "NL", 125000),
    Node(COUNTRY, "country:DE", {"code": "DE", "name": "Germany", "aliases": ["Deutschland"]}),
    Node(ORGANISATION, "org:skew", {"name": "SKEW", "kind": "agency"}),
    Node(CONFERENCE, "conf:ua-2023", {"name": "German-Ukrainian partnership conference 2023", "status": "held"}),
]
EDGES = [
    Edge(PARTNER_OF, "mun:de:leipzig", "mun:pl:krakow", {"kind": "twin", "since": 1995, "sources": ["s1"]}),
    Edge(PARTNER_OF, "mun:de:leipzig", "mun:ua:kyiv", {"kind": "twin", "since": 1961}),
    Edge(PARTNER_OF, "mun:pl:krakow", "mun:ua:lviv", {"kind": "twin"}),
    Edge(PARTNER_OF, "mun:pl:krakow", "mun:ua:kyiv", {"kind": "friendship"}),
    Edge(PARTNER_OF, "mun:de:muenster", "mun:pl:lublin", {"kind": "twin"}),
    Edge(PARTNER_OF, "mun:pl:lublin", "mun:ua:lviv", {"kind": "solidarity"}),
    Edge(IN_COUNTRY, "mun:de:leipzig", "country:DE"),
    Edge(IN_COUNTRY, "mun:de:muenster", "country:DE"),
    Edge(ATTENDS, "mun:de:leipzig", "conf:ua-2023"),
    Edge(ATTENDS, "mun:ua:kyiv", "conf:ua-2023"),
    Edge(ORGANISES, "org:skew", "conf:ua-2023", {"role": "organiser"}),
]


@pytest.fixture
def loaded(store):
    store.upsert(NODES, EDGES)
    store.flush()
    return store


def test_stats_count_by_label_and_type(loaded):
    stats = loaded.stats()
    assert stats.nodes == {"Conference": 1, "Country": 1, "Municipality": 7, "Organisation": 1}
    assert stats.edges == {"ATTENDS": 2, "IN_COUNTRY": 2, "ORGANISES": 1, "PARTNER_OF": 6}


def test_the_version_changes_with_every_write(store):
    empty = store.version()
    assert store.version() == empty  # reading does not change it
    store.upsert(NODES, EDGES)
    store.flush()
    loaded = store.version()
    assert loaded != empty
    store.upsert([NODES[0].with_props(population=630000)])
    changed = store.version()
    assert changed not in (empty, loaded)
    assert store.stats().nodes["Municipality"] == 7  # the version is kept outside the graph
    store.clear()
    assert store.version() not in (empty, loaded, changed)


def test_upsert_is_idempotent_and_merges(loaded):
    before = loaded.stats()
    loaded.upsert(NODES, EDGES)
    assert loaded.stats() == before
    loaded.upsert([mun("kyiv", "Kyiv", "UA", aliases=["Kyjiw"])],
                  [Edge(PARTNER_OF, "mun:ua:kyiv", "mun:de:leipzig", {"kind": "twin", "sources": ["s2"]})])
    assert loaded.get("mun:ua:kyiv").props["aliases"] == ["Kiev", "Kiew", "Kyjiw", "Київ"]
    assert loaded.get("mun:ua:kyiv").props["population"] == 2900000
    edge = [e for e in loaded.edges(PARTNER_OF, ["mun:ua:kyiv"]) if e.source == "mun:de:leipzig"][0]
    assert edge.props == {"kind": "twin", "since": 1961, "sources": ["s2"]}
    assert loaded.stats() == before


def test_an_edge_to_a_missing_node_writes_nothing(loaded):
    before = loaded.stats()
    with pytest.raises(StoreError, match="mun:xx:nowhere"):
        loaded.upsert([], [Edge(PARTNER_OF, "mun:de:leipzig", "mun:pl:lublin"),
                           Edge(PARTNER_OF, "mun:de:leipzig", "mun:xx:nowhere")])
    assert loaded.stats() == before


def test_get_and_get_many(loaded):
    assert loaded.get("mun:pl:krakow").name == "Kraków"
    assert loaded.get("mun:xx:none") is None
    assert sorted(loaded.get_many(["mun:pl:krakow", "org:skew", "nope"])) == ["mun:pl:krakow", "org:skew"]


def test_nodes_filter_by_property(loaded):
    assert [n.id for n in loaded.nodes(MUNICIPALITY, country="UA")] == ["mun:ua:kyiv", "mun:ua:lviv"]
    assert loaded.nodes(MUNICIPALITY, country="FR") == []


def test_name_keys_are_what_the_search_index_reads(loaded):
    rows = loaded.name_keys(MUNICIPALITY)
    assert [row[0] for row in rows] == sorted(n.id for n in NODES if n.label == MUNICIPALITY)
    kyiv = next(row for row in rows if row[0] == "mun:ua:kyiv")
    assert kyiv[1:] == sorted(["kyiv", "kiew", "kiev", "киів"])
    assert loaded.name_keys(COUNTRY) == [["country:DE", "de", "deutschland", "germany"]]
    assert loaded.name_keys("NoSuchLabel") == []
    # a renamed node is read with its new keys only
    loaded.upsert([NODES[0].with_props(name="Leipzig-Neu")])
    leipzig = next(row for row in loaded.name_keys(MUNICIPALITY) if row[0] == "mun:de:leipzig")
    assert "leipzig neu" in leipzig and "leipzig" not in leipzig


def test_edges_touching_nodes(loaded):
    ids = [(e.type, e.source, e.target) for e in loaded.edges(node_ids=["mun:ua:kyiv"])]
    assert ids == [
        ("PARTNER_OF", "mun:de:leipzig", "mun:ua:kyiv"),
        ("ATTENDS", "mun:ua:kyiv", "conf:ua-2023"),
        ("PARTNER_OF", "mun:pl:krakow", "mun:ua:kyiv"),
    ] or sorted(ids) == sorted([
        ("PARTNER_OF", "mun:de:leipzig", "mun:ua:kyiv"),
        ("ATTENDS", "mun:ua:kyiv", "conf:ua-2023"),
        ("PARTNER_OF", "mun:pl:krakow", "mun:ua:kyiv"),
    ])
    assert [e.identity for e in loaded.edges(node_ids=["mun:ua:kyiv"])] == sorted(
        e.identity for e in loaded.edges(node_ids=["mun:ua:kyiv"]))


@pytest.mark.parametrize("text, expected", [
    ("Krakau", ["Kraków"]),
    ("krakow", ["Kraków"]),
    ("KIEW", ["Kyiv"]),
    ("Київ", ["Kyiv"]),
    ("Munster", ["Münster"]),
    ("lei", ["Leipzig", "Leiden"]),  # prefix matches, the more populous first
    ("deutschland", ["Germany"]),
    ("nowhere", []),
])
def test_search_by_any_name(loaded, text, expected):
    assert [n.name for n in search(loaded, text)] == expected


def test_search_exact_before_prefix_and_label_filter(loaded):
    loaded.upsert([mun("lviv-oblast", "Lviv Oblast", "UA", 2500000)])
    assert [n.name for n in search(loaded, "lviv")] == ["Lviv", "Lviv Oblast"]
    assert [n.name for n in search(loaded, "skew", labels=[MUNICIPALITY])] == []
    assert [n.name for n in search(loaded, "skew", labels=[ORGANISATION])] == ["SKEW"]


def test_neighbourhood_depth_and_filters(loaded):
    one = loaded.neighbourhood("mun:de:leipzig", depth=1)
    assert sorted(one.nodes) == ["conf:ua-2023", "country:DE", "mun:de:leipzig", "mun:pl:krakow", "mun:ua:kyiv"]
    assert not one.truncated
    two = loaded.neighbourhood("mun:de:leipzig", depth=2, rel_types=[PARTNER_OF])
    assert sorted(two.nodes) == ["mun:de:leipzig", "mun:pl:krakow", "mun:ua:kyiv", "mun:ua:lviv"]
    assert {e.type for e in two.edges} == {PARTNER_OF}
    twins = loaded.neighbourhood("mun:de:leipzig", depth=3, rel_types=[PARTNER_OF], partner_kinds=["twin"])
    assert sorted(twins.nodes) == ["mun:de:leipzig", "mun:pl:krakow", "mun:ua:kyiv", "mun:ua:lviv"]
    assert all(e.props["kind"] == "twin" for e in twins.edges)


def test_neighbourhood_cap_keeps_nearest_then_most_connected(loaded):
    capped = loaded.neighbourhood("mun:de:leipzig", depth=2, rel_types=[PARTNER_OF], max_nodes=3)
    # Kraków (4 relationships) beats Kyiv (3, plus ATTENDS) only on degree; both are 1 hop away.
    assert list(capped.nodes)[0] == "mun:de:leipzig" or "mun:de:leipzig" in capped.nodes
    assert sorted(capped.nodes) == ["mun:de:leipzig", "mun:pl:krakow", "mun:ua:kyiv"]
    assert capped.total_nodes == 4 and capped.truncated
    assert capped.rule.startswith("3 of 4 nodes")


def test_shortest_paths(loaded):
    assert loaded.shortest_paths("mun:de:muenster", "mun:ua:kyiv", rel_types=[PARTNER_OF]) == [
        ["mun:de:muenster", "mun:pl:lublin", "mun:ua:lviv", "mun:pl:krakow", "mun:ua:kyiv"],
    ]
    assert loaded.shortest_paths("mun:de:leipzig", "mun:ua:lviv") == [
        ["mun:de:leipzig", "mun:pl:krakow", "mun:ua:lviv"],
    ]
    assert loaded.shortest_paths("mun:de:muenster", "mun:ua:kyiv", max_depth=2, rel_types=[PARTNER_OF]) == []
    assert loaded.shortest_paths("mun:de:leipzig", "mun:nl:leiden") == []


def test_subgraph_and_degrees(loaded):
    sub = loaded.subgraph(["mun:de:leipzig", "mun:pl:krakow", "mun:ua:kyiv"])
    assert sorted((e.source, e.target) for e in sub.edges) == [
        ("mun:de:leipzig", "mun:pl:krakow"), ("mun:de:leipzig", "mun:ua:kyiv"), ("mun:pl:krakow", "mun:ua:kyiv")]
    assert loaded.degrees(["mun:de:leipzig", "mun:nl:leiden"]) == {"mun:de:leipzig": 4, "mun:nl:leiden": 0}


def test_clear(loaded):
    loaded.clear()
    assert loaded.stats().node_count == 0
    assert search(loaded, "Leipzig") == []


def test_a_renamed_node_is_found_by_its_new_name_only(loaded):
    loaded.upsert([Node(MUNICIPALITY, "mun:nl:leiden", {"name": "Leyde"})])
    assert [n.id for n in search(loaded, "leyde")] == ["mun:nl:leiden"]
    assert search(loaded, "leiden") == []
    assert loaded.get("mun:nl:leiden").props["population"] == 125000


# -- the server-side answers: ties, caps and empty answers give the same result on every store -----

def _star(hub_key: str, spokes: int, country: str = "DE") -> tuple[list[Node], list[Edge]]:
    """A hub with ``spokes`` partners of equal degree (one relationship each): a tie the cap must break by id."""
    hub = mun(hub_key, hub_key.title(), country)
    nodes = [hub] + [mun(f"{hub_key}-{i:02d}", f"Spoke {i:02d}", "PL") for i in range(spokes)]
    edges = [Edge(PARTNER_OF, hub.id, n.id, {"kind": "twin"}) for n in nodes[1:]]
    return nodes, edges


def test_neighbourhood_cap_breaks_ties_by_id_and_keeps_exactly_the_cap(store):
    nodes, edges = _star("hub", 12)
    # two spokes get one more relationship each: they must come first among the equally near
    extra = [mun("far", "Far", "UA")]
    edges += [Edge(PARTNER_OF, "mun:pl:hub-07", "mun:ua:far", {"kind": "twin"}),
              Edge(PARTNER_OF, "mun:pl:hub-11", "mun:ua:far", {"kind": "friendship"})]
    store.upsert(nodes + extra, edges)
    sub = store.neighbourhood("mun:de:hub", depth=2, max_nodes=6)
    assert list(sub.nodes) == ["mun:de:hub", "mun:pl:hub-07", "mun:pl:hub-11",
                               "mun:pl:hub-00", "mun:pl:hub-01", "mun:pl:hub-02"]
    assert sub.total_nodes == 14 and sub.rule == "6 of 14 nodes within 2 hops: nearest first, then most connected"
    assert [e.identity for e in sub.edges] == sorted(e.identity for e in sub.edges)
    assert {(e.source, e.target) for e in sub.edges} == {("mun:de:hub", n) for n in list(sub.nodes)[1:]}
    exact = store.neighbourhood("mun:de:hub", depth=1, max_nodes=13)
    assert len(exact.nodes) == 13 and not exact.truncated and exact.rule == "all 13 nodes within 1 hop"


def test_neighbourhood_filters_walk_and_edges_alike(store):
    nodes, edges = _star("hub", 3)
    store.upsert(nodes + [Node(COUNTRY, "country:DE", {"code": "DE", "name": "Germany"})],
                 edges + [Edge(PARTNER_OF, "mun:pl:hub-00", "mun:pl:hub-01", {"kind": "friendship"}),
                          Edge(IN_COUNTRY, "mun:de:hub", "country:DE")])
    twins = store.neighbourhood("mun:de:hub", depth=2, rel_types=[PARTNER_OF], partner_kinds=["twin"])
    assert sorted(twins.nodes) == ["mun:de:hub", "mun:pl:hub-00", "mun:pl:hub-01", "mun:pl:hub-02"]
    assert all(e.props["kind"] == "twin" for e in twins.edges) and len(twins.edges) == 3
    assert list(store.neighbourhood("mun:de:hub", depth=1, rel_types=[ATTENDS]).nodes) == ["mun:de:hub"]
    centre_only = store.neighbourhood("mun:de:hub", depth=0)
    assert list(centre_only.nodes) == ["mun:de:hub"] and centre_only.edges == []


def test_neighbourhood_of_unknown_nodes_is_empty(store):
    nodes, edges = _star("hub", 2)
    store.upsert(nodes, edges)
    empty = store.neighbourhood("mun:xx:nowhere", depth=2)
    assert empty.nodes == {} and empty.edges == [] and empty.total_nodes == 0
    assert empty.rule == "all 0 nodes within 2 hops"
    both = store.neighbourhood(["mun:xx:nowhere", "mun:pl:hub-00", "mun:pl:hub-01"], depth=1, max_nodes=2)
    assert list(both.nodes) == ["mun:pl:hub-00", "mun:pl:hub-01"] and both.total_nodes == 3


def _town(key, name, country, subdivision=None):
    props = {"name": name, "country": country}
    if subdivision:
        props["subdivision"] = subdivision
    return Node(MUNICIPALITY, f"mun:{country.lower()}:{key}", props)


def _region_rows(store, origin, target):
    from graph.queries.regional import existing_partnerships

    return existing_partnerships(store, origin, target).to_dict("records")


def test_partnerships_between_areas_agree_on_spellings_ties_and_both_ends(store):
    from graph.queries.areas import Area

    towns = [_town("leipzig", "Leipzig", "DE", "DE-SN"), _town("dresden", "Dresden", "DE", "Sachsen"),
             _town("chemnitz", "Chemnitz", "DE", "sachsen"), _town("halle", "Halle", "DE", "DE-ST"),
             _town("kyiv", "Kyiv", "UA"), _town("lviv", "Lviv", "UA", "UA-46"), _town("krakow", "Kraków", "PL")]
    edges = [Edge(PARTNER_OF, "mun:de:leipzig", "mun:ua:kyiv", {"kind": "twin", "since": 1961}),
             Edge(PARTNER_OF, "mun:de:leipzig", "mun:ua:kyiv", {"kind": "friendship"}),  # two kinds: a tie on the pair
             Edge(PARTNER_OF, "mun:ua:lviv", "mun:de:dresden", {"kind": "solidarity", "sources": ["s1", "s2"]}),
             Edge(PARTNER_OF, "mun:de:chemnitz", "mun:ua:lviv", {"kind": "twin"}),
             Edge(PARTNER_OF, "mun:de:halle", "mun:ua:kyiv", {"kind": "twin"}),
             Edge(PARTNER_OF, "mun:de:dresden", "mun:de:leipzig", {"kind": "twin"}),
             Edge(PARTNER_OF, "mun:de:leipzig", "mun:pl:krakow", {"kind": "twin"})]
    store.upsert(towns, edges)
    saxony = Area("subdivision", "subdivision:DE-SN", "Saxony", ("DE",), "DE-SN", frozenset({"de sn", "sachsen", "saxony"}))
    ukraine = Area("country", "country:UA", "Ukraine", ("UA",))
    rows = _region_rows(store, saxony, ukraine)
    assert [(r["origin"], r["partner"], r["kind"]) for r in rows] == [
        ("Chemnitz", "Lviv", "twin"), ("Dresden", "Lviv", "solidarity"),
        ("Leipzig", "Kyiv", "friendship"), ("Leipzig", "Kyiv", "twin")]
    assert rows[1]["sources"] == "s1; s2" and rows[3]["since"] == 1961
    # both ends in both areas: listed once, from the stored source
    inside = _region_rows(store, saxony, saxony)
    assert [(r["origin"], r["partner"]) for r in inside] == [("Dresden", "Leipzig")]
    germany = Area("country", "country:DE", "Germany", ("DE",))
    assert len(_region_rows(store, germany, germany)) == 1
    leipzig = Area("municipality", "mun:de:leipzig", "Leipzig", ("DE",), "DE-SN")
    assert [r["partner"] for r in _region_rows(store, leipzig, germany)] == ["Dresden"]
    east = Area("region", "region:east", "East", ("PL", "UA"))
    assert [r["partner"] for r in _region_rows(store, leipzig, east)] == ["Kraków", "Kyiv", "Kyiv"]


def test_partnerships_between_empty_areas_are_empty(store):
    from graph.queries.areas import Area

    store.upsert([_town("leipzig", "Leipzig", "DE", "DE-SN"), _town("kyiv", "Kyiv", "UA")],
                 [Edge(PARTNER_OF, "mun:de:leipzig", "mun:ua:kyiv", {"kind": "twin"})])
    ukraine = Area("country", "country:UA", "Ukraine", ("UA",))
    nowhere = Area("subdivision", "subdivision:DE-HB", "Bremen", ("DE",), "DE-HB", frozenset({"bremen", "de hb"}))
    assert _region_rows(store, nowhere, ukraine) == []
    assert _region_rows(store, Area("region", "region:none", "None", ()), ukraine) == []
    assert _region_rows(store, Area("municipality", "mun:xx:nowhere", "Nowhere", ("XX",)), ukraine) == []
    assert _region_rows(store, ukraine, Area("country", "country:FR", "France", ("FR",))) == []


def test_search_ranks_ties_alike_and_keeps_exactly_the_limit(store):
    towns = [Node(MUNICIPALITY, f"mun:de:springe-{i}", {"name": "Springe", "country": "DE", "population": 1000,
                                                        "sources": [f"s{j}" for j in range(i % 3)]}) for i in range(6)]
    towns.append(Node(ORGANISATION, "org:springe", {"name": "Springe", "kind": "association"}))
    towns.append(mun("springfield", "Springfield", "US", 5000))
    store.upsert(towns)
    found = [n.id for n in search(store, "springe", limit=5)]
    # exact names first, municipalities before the organisation, more sources first, then by id
    assert found == ["mun:de:springe-2", "mun:de:springe-5", "mun:de:springe-1", "mun:de:springe-4", "mun:de:springe-0"]
    assert [n.id for n in search(store, "spring", limit=8)] == [
        "mun:us:springfield", "mun:de:springe-2", "mun:de:springe-5", "mun:de:springe-1", "mun:de:springe-4",
        "mun:de:springe-0", "mun:de:springe-3", "org:springe"]
    assert search(store, "sprin", labels=[ORGANISATION]) == [store.get("org:springe")]


def test_subdivision_counts_count_the_values_municipalities_carry_and_follow_writes(store):
    from graph.queries.areas import resolve_area

    towns = [_town("leipzig", "Leipzig", "DE", "DE-SN"), _town("dresden", "Dresden", "DE", "Sachsen"),
             _town("chemnitz", "Chemnitz", "DE", "DE-SN"), _town("kyiv", "Kyiv", "UA"),
             _town("york", "York", "GB", "Wessex"), Node(MUNICIPALITY, "mun:xx:nowhere", {"name": "Nowhere",
                                                                                         "subdivision": "Somewhere"})]
    store.upsert(towns)
    assert store.subdivision_counts() == {("DE", "DE-SN"): 2, ("DE", "Sachsen"): 1, ("GB", "Wessex"): 1}
    # a value ISO 3166-2 does not know is found through the counts, on both stores alike
    wessex = resolve_area(store, "Wessex")
    assert (wessex.kind, wessex.id, wessex.countries) == ("subdivision", "subdivision:GB:Wessex", ("GB",))
    store.upsert([_town("bath", "Bath", "GB", "Wessex")])
    assert store.subdivision_counts()[("GB", "Wessex")] == 2  # a write is seen, not a stale count
    counts = store.subdivision_counts()
    counts.clear()  # the caller's copy, not the store's
    assert store.subdivision_counts()[("DE", "DE-SN")] == 2


def test_neighbourhood_ranks_only_the_level_the_cap_cuts_through_and_counts_the_rest(store):
    nodes, edges = _star("hub", 5)  # the centre and 5 spokes: 6 nodes within 1 hop
    far = [mun(f"far-{i}", f"Far {i}", "UA") for i in range(4)]
    # beyond the spokes: far-2 is linked twice, far-0 and far-3 once each, far-1 once and to far-2
    edges += [Edge(PARTNER_OF, "mun:pl:hub-00", "mun:ua:far-2", {"kind": "twin"}),
              Edge(PARTNER_OF, "mun:pl:hub-01", "mun:ua:far-2", {"kind": "twin"}),
              Edge(PARTNER_OF, "mun:pl:hub-02", "mun:ua:far-0", {"kind": "twin"}),
              Edge(PARTNER_OF, "mun:pl:hub-03", "mun:ua:far-3", {"kind": "twin"}),
              Edge(PARTNER_OF, "mun:pl:hub-04", "mun:ua:far-1", {"kind": "twin"}),
              Edge(PARTNER_OF, "mun:ua:far-1", "mun:ua:far-2", {"kind": "twin"})]
    store.upsert(nodes + far, edges)
    full = store.neighbourhood("mun:de:hub", depth=2, max_nodes=6)  # the cap is full at 1 hop exactly
    assert set(full.nodes) == {"mun:de:hub"} | {f"mun:pl:hub-0{i}" for i in range(5)} and full.total_nodes == 10
    ranked = store.neighbourhood("mun:de:hub", depth=2, max_nodes=8)  # two of the four 2 hops away
    assert list(ranked.nodes)[6:] == ["mun:ua:far-2", "mun:ua:far-1"] and ranked.total_nodes == 10
    assert ranked.rule == "8 of 10 nodes within 2 hops: nearest first, then most connected"


def test_neighbourhood_counts_every_hop_beyond_a_full_cap_by_the_same_walk_filters(store):
    nodes, edges = _star("hub", 4)  # the cap fills at 1 hop; 2 and 3 hops away are only counted
    chain = [mun(f"far-{i}", f"Far {i}", "UA") for i in range(5)]
    edges += [Edge(PARTNER_OF, "mun:pl:hub-00", "mun:ua:far-0", {"kind": "twin"}),
              Edge(PARTNER_OF, "mun:pl:hub-01", "mun:ua:far-1", {"kind": "climate"}),  # not walked by twin
              Edge(PARTNER_OF, "mun:ua:far-0", "mun:ua:far-2", {"kind": "twin"}),  # 3 hops away
              Edge(PARTNER_OF, "mun:ua:far-1", "mun:ua:far-3", {"kind": "twin"}),  # only through far-1
              Edge(PARTNER_OF, "mun:ua:far-2", "mun:ua:far-4", {"kind": "twin"}),  # 4 hops away
              Edge(PARTNER_OF, "mun:pl:hub-02", "mun:pl:hub-03", {"kind": "twin"})]  # nearer, not new
    store.upsert(nodes + chain, edges)
    for depth, kinds, total in ((2, None, 7), (3, None, 9), (3, ["twin"], 7), (4, ["twin"], 8), (1, None, 5)):
        sub = store.neighbourhood("mun:de:hub", depth=depth, partner_kinds=kinds, max_nodes=3)
        assert (len(sub.nodes), sub.total_nodes) == (3, total), (depth, kinds)
        assert list(sub.nodes)[0] == "mun:de:hub" and all(n.startswith("mun:pl:hub-0") for n in list(sub.nodes)[1:])
    assert store.neighbourhood(["mun:de:hub", "mun:ua:far-4"], depth=2, max_nodes=2).total_nodes == 9
    # as many centres as the cap at one hop, with an unknown id among them; a type filter
    assert store.neighbourhood(["mun:de:hub", "mun:xx:nowhere", "mun:ua:far-4"], depth=1, max_nodes=2).total_nodes == 7
    assert store.neighbourhood("mun:de:hub", depth=3, rel_types=["IN_COUNTRY"], max_nodes=1).total_nodes == 1
    # the cap full exactly when the last hop begins, with nothing beyond; and full exactly at the last hop
    alone = store.neighbourhood("mun:ua:far-3", depth=2, partner_kinds=["twin"], max_nodes=2)
    assert (alone.total_nodes, list(alone.nodes)) == (2, ["mun:ua:far-3", "mun:ua:far-1"]) and not alone.truncated
    exact = store.neighbourhood("mun:de:hub", depth=2, partner_kinds=["twin"], max_nodes=6)
    assert (exact.total_nodes, len(exact.nodes)) == (6, 6) and not exact.truncated
