"""The GraphStore contract for a partner suggestion's questions: every backend gives the same answers.

``area_candidates``, ``partnership_counts``, ``node_facts`` and ``candidate_links`` are stated over the
primitives in graph.store.suggest_facts and graph.store.suggest_reads; the Neo4j store answers them on
the server. Each case here asks both stores (the ``store`` fixture) and checks the answer the rules give.
"""

import pytest

from graph.model import ADDRESSES, ATTENDS, CONFERENCE, MEMBER_OF, MUNICIPALITY, ORGANISATION, PARTNER_OF, THEME, Edge, Node
from graph.queries.areas import Area
from graph.queries.suggest import suggest
from graph.store.suggest_facts import CANDIDATE_FACTS, PLACE_FACTS
from graph.store.suggest_reads import origin_facts


def town(key, name, country, subdivision=None, population=None, lat=None, lon=None):
    props = {"name": name, "country": country, "subdivision": subdivision, "population": population,
             "lat": lat, "lon": lon, "aliases": [f"{name} an der See"], "sources": ["s1"]}
    return Node(MUNICIPALITY, f"mun:{country.lower()}:{key}", {k: v for k, v in props.items() if v is not None})


def twin(a, b, kind="twin"):
    return Edge(PARTNER_OF, a, b, {"kind": kind})


TOWNS = [
    town("giessen", "Gießen", "DE", "DE-HE", 90_000, 50.58, 8.68),
    town("wetzlar", "Wetzlar", "DE", "Hessen", 52_000, 50.55, 8.50),
    town("leipzig", "Leipzig", "DE", "DE-SN", 620_000, 51.34, 12.37),
    town("dresden", "Dresden", "DE", "Sachsen", 560_000),
    town("chemnitz", "Chemnitz", "DE", "sachsen"),
    town("kyiv", "Kyiv", "UA", None, 2_900_000, 50.45, 30.52),
    town("lviv", "Lviv", "UA", "UA-46", 720_000),
    town("odesa", "Odesa", "UA"),
]
EDGES = [
    twin("mun:de:giessen", "mun:ua:kyiv"),
    twin("mun:ua:kyiv", "mun:de:giessen", "friendship"),  # the other way and another kind: still one partner
    twin("mun:de:leipzig", "mun:de:giessen", "climate"),
    twin("mun:ua:lviv", "mun:de:leipzig"),
    twin("mun:ua:lviv", "mun:de:dresden", "solidarity"),
    twin("mun:ua:lviv", "mun:de:dresden"),
    twin("mun:ua:kyiv", "mun:de:leipzig"),
]
UKRAINE = Area("country", "country:UA", "Ukraine", ("UA",))
GERMANY = Area("country", "country:DE", "Germany", ("DE",))
SAXONY = Area("subdivision", "subdivision:DE-SN", "Saxony", ("DE",), "DE-SN", frozenset({"de sn", "sachsen", "saxony"}))


@pytest.fixture
def towns(store):
    store.upsert(TOWNS, EDGES)
    store.flush()
    return store


def _facts(node_id, properties):
    node = next(n for n in TOWNS if n.id == node_id)
    return {k: node.props[k] for k in properties if k in node.props}


def test_area_candidates_split_partners_from_candidates_and_carry_only_the_facts_ranked(towns):
    found = towns.area_candidates("mun:de:giessen", UKRAINE)
    assert found.in_area == 3 and found.partners == {"mun:ua:kyiv"}
    assert set(found.nodes) == {"mun:ua:lviv", "mun:ua:odesa"}
    for node_id, node in found.nodes.items():
        assert node.label == MUNICIPALITY and node.id == node_id
        assert node.props == _facts(node_id, CANDIDATE_FACTS)  # no aliases, sources or unknown values
    # the origin itself is never in the area's count; every spelling of a subdivision counts
    inside = towns.area_candidates("mun:de:leipzig", SAXONY)
    assert (inside.in_area, inside.partners, set(inside.nodes)) == (2, set(), {"mun:de:dresden", "mun:de:chemnitz"})
    germany = towns.area_candidates("mun:de:giessen", GERMANY)
    assert (germany.in_area, germany.partners) == (4, {"mun:de:leipzig"})
    assert set(germany.nodes) == {"mun:de:wetzlar", "mun:de:dresden", "mun:de:chemnitz"}
    east = Area("region", "region:east", "East", ("UA", "PL"))
    assert set(towns.area_candidates("mun:de:dresden", east).nodes) == {"mun:ua:kyiv", "mun:ua:odesa"}
    lviv = Area("municipality", "mun:ua:lviv", "Lviv", ("UA",), "UA-46")
    assert towns.area_candidates("mun:de:dresden", lviv).partners == {"mun:ua:lviv"}
    assert set(towns.area_candidates("mun:de:giessen", lviv).nodes) == {"mun:ua:lviv"}


def test_area_candidates_of_empty_areas_and_of_an_origin_without_partners(towns):
    for empty in (Area("country", "country:FR", "France", ("FR",)), Area("region", "region:none", "None", ()),
                  Area("subdivision", "subdivision:DE-HB", "Bremen", ("DE",), "DE-HB", frozenset({"bremen"})),
                  Area("municipality", "mun:xx:nowhere", "Nowhere", ("XX",)),
                  Area("municipality", "mun:de:giessen", "Gießen", ("DE",), "DE-HE")):  # only the origin
        found = towns.area_candidates("mun:de:giessen", empty)
        assert (found.in_area, found.partners, found.nodes) == (0, set(), {})
    lonely = towns.area_candidates("mun:ua:odesa", UKRAINE)
    assert (lonely.in_area, lonely.partners, set(lonely.nodes)) == (2, set(), {"mun:ua:kyiv", "mun:ua:lviv"})
    unknown = towns.area_candidates("mun:xx:nowhere", UKRAINE)
    assert (unknown.in_area, unknown.partners, len(unknown.nodes)) == (3, set(), 3)


def test_partnership_counts_count_every_partnership_once(towns):
    counts = towns.partnership_counts(["mun:de:giessen", "mun:ua:lviv", "mun:de:dresden", "mun:ua:odesa",
                                       "mun:xx:nowhere", "mun:de:giessen"])
    # two kinds with one partner are two partnerships; a node without any is left out
    assert counts == {"mun:de:giessen": 3, "mun:ua:lviv": 3, "mun:de:dresden": 2}
    assert towns.partnership_counts([]) == {} and towns.partnership_counts(["mun:ua:odesa"]) == {}


def test_node_facts_read_only_the_properties_asked(towns):
    towns.upsert([Node(ORGANISATION, "org:cc", {"name": "Connective Cities", "kind": "network"})])
    facts = towns.node_facts(["mun:de:giessen", "mun:de:chemnitz", "org:cc", "mun:xx:nowhere"], PLACE_FACTS)
    assert set(facts) == {"mun:de:giessen", "mun:de:chemnitz", "org:cc"}
    assert facts["mun:de:giessen"].props == _facts("mun:de:giessen", PLACE_FACTS)
    assert facts["mun:de:chemnitz"].props == {"name": "Chemnitz", "country": "DE", "subdivision": "sachsen"}
    assert (facts["org:cc"].label, facts["org:cc"].props) == (ORGANISATION, {"name": "Connective Cities"})
    assert towns.node_facts([], PLACE_FACTS) == {}


def test_candidate_links_of_candidates_with_none_and_of_an_origin_without_partners(towns):
    towns.upsert([Node(CONFERENCE, "conf:x", {"name": "X"}), Node(ORGANISATION, "org:cc", {"name": "CC"})],
                 [Edge(MEMBER_OF, "mun:ua:odesa", "org:cc")])
    links = towns.candidate_links("mun:de:giessen", ["mun:ua:lviv", "mun:ua:odesa"], "DE")
    assert set(links) == {"mun:ua:lviv"}  # Odesa is linked to nothing the origin has
    lviv = links["mun:ua:lviv"]
    assert (lviv.partners, lviv.kinds, lviv.shared) == (2, {"twin", "solidarity"}, {"mun:de:leipzig"})
    assert lviv.country_partners == {"mun:de:leipzig", "mun:de:dresden"}
    assert lviv.programme_partners == {"solidarity": {"mun:de:dresden"}}
    lonely = towns.candidate_links("mun:ua:odesa", ["mun:ua:lviv", "mun:de:chemnitz"], "UA")
    assert set(lonely) == {"mun:ua:lviv"} and lonely["mun:ua:lviv"].shared == set()
    assert lonely["mun:ua:lviv"].country_partners == set()


@pytest.mark.parametrize("origin, area, country", [
    ("mun:de:giessen", UKRAINE, "DE"), ("mun:ua:lviv", GERMANY, "UA"), ("mun:ua:lviv", SAXONY, "UA"),
    ("mun:ua:odesa", GERMANY, None), ("mun:de:giessen", Area("country", "country:FR", "France", ("FR",)), "DE"),
    ("mun:de:giessen", Area("municipality", "mun:ua:lviv", "Lviv", ("UA",)), "DE"),
    ("mun:xx:nowhere", UKRAINE, "DE")])
def test_a_suggestions_facts_read_at_once_are_the_separate_questions_answers(towns, origin, area, country):
    towns.upsert([Node(CONFERENCE, "conf:x", {"name": "X"}), Node(ORGANISATION, "org:cc", {"name": "CC"}),
                  Node(THEME, "theme:energy", {"name": "Energy"})],
                 [Edge(MEMBER_OF, "mun:ua:odesa", "org:cc"), Edge(MEMBER_OF, "mun:de:giessen", "org:cc"),
                  Edge(ATTENDS, "mun:de:giessen", "conf:x"), Edge(ATTENDS, "mun:ua:lviv", "conf:x"),
                  Edge(ADDRESSES, "conf:x", "theme:energy")])
    found = towns.area_candidates(origin, area)
    links = towns.candidate_links(origin, list(found.nodes), country)
    together = towns.suggestion_facts(origin, area, country)
    assert together == (found, links, origin_facts(towns, origin, links, PLACE_FACTS))
    if origin == "mun:de:giessen":  # the origin's side is not empty, so the comparison above says something
        side = together[2]
        assert side.events == {"conf:x"} and side.themes == {"theme:energy"} and side.orgs == {"org:cc"}
        assert side.partner_kinds and set(side.degrees) == set(side.partner_kinds) <= set(side.places)


def test_a_suggestion_ranks_ties_by_id_on_every_store(store):
    twins = [town(f"t{i}", "Twin", "FR", None, 10_000) for i in (3, 1, 2)]
    store.upsert(TOWNS + twins, EDGES)
    found = suggest(store, "mun:de:giessen", Area("country", "country:FR", "France", ("FR",)), limit=2)
    assert [s.node.id for s in found.suggestions] == ["mun:fr:t1", "mun:fr:t2"]
    assert found.suggestions[0].node == twins[1]  # the whole node, not only the facts ranked
    assert (found.in_area, found.partners_already, found.ranked) == (3, 0, 3)
    nothing = suggest(store, "mun:ua:odesa", Area("country", "country:FR", "France", ("FR",)), limit=None)
    assert [s.node.id for s in nothing.suggestions] == ["mun:fr:t1", "mun:fr:t2", "mun:fr:t3"]


def test_neo4j_answers_each_question_in_one_routed_read_with_values_as_parameters():
    import neo4j

    from graph.errors import UsageError
    from graph.store import cypher_suggest
    from test_neo4j_store import Tx, mocked_store

    read = {"routing_": neo4j.RoutingControl.READ, "database_": "graphs"}
    store, driver = mocked_store(Tx())
    driver.execute_query.return_value.records = [
        {"in_area": 3, "partners": ["mun:ua:kyiv"], "candidates": [["mun:ua:lviv", ["Lviv", "UA", None, 7, None, None]]]}]
    found = store.area_candidates("mun:de:giessen", UKRAINE)
    assert (found.in_area, found.partners) == (3, {"mun:ua:kyiv"})
    assert found.nodes["mun:ua:lviv"].props == {"name": "Lviv", "country": "UA", "population": 7}
    statement, params = driver.execute_query.call_args.args
    assert statement == cypher_suggest.area_candidates("country") and "UA" not in statement
    assert params == {"origin": "mun:de:giessen", "props": list(CANDIDATE_FACTS), "t_id": "country:UA",
                      "t_countries": ["UA"], "t_subs": None}
    assert driver.execute_query.call_args.kwargs == read
    driver.execute_query.return_value.records = [{"counts": [["mun:de:giessen", 3]]}]
    assert store.partnership_counts(["mun:de:giessen", "mun:de:giessen"]) == {"mun:de:giessen": 3}
    assert driver.execute_query.call_args.args == (cypher_suggest.PARTNERSHIP_COUNTS, {"ids": ["mun:de:giessen"]})
    driver.execute_query.return_value.records = [{"nodes": [["org:cc", ["Entity", ORGANISATION], ["CC", None]]]}]
    assert store.node_facts(["org:cc"], ("name", "country"))["org:cc"].props == {"name": "CC"}
    assert driver.execute_query.call_count == 3
    assert store.partnership_counts([]) == {} and store.node_facts([], PLACE_FACTS) == {}
    assert driver.execute_query.call_count == 3
    driver.execute_query.return_value.records = [
        {"in_area": 2, "partners": [], "candidates": [["mun:ua:lviv", ["Lviv", "UA", None, 7, None, None]]],
         "links": [["mun:ua:lviv", 1, ["climate"], [["climate", "mun:de:jena"]], [], ["mun:de:jena"], [], [], []]],
         "o_events": ["conf:x"], "o_orgs": [], "o_themes": ["theme:t"],
         "o_partners": [["mun:ua:odesa", ["twin", "climate"], 4]],
         "places": [["mun:ua:odesa", ["Entity", MUNICIPALITY], ["Odesa", None, "UA", None, 46.5, 30.7]],
                    ["mun:de:jena", ["Entity", MUNICIPALITY], ["Jena", None, "DE", "TH", None, None]]]}]
    found, links, side = store.suggestion_facts("mun:de:giessen", UKRAINE, "DE")
    assert found.in_area == 2 and set(found.nodes) == {"mun:ua:lviv"}
    assert links["mun:ua:lviv"].programme_partners == {"climate": {"mun:de:jena"}}
    assert links["mun:ua:lviv"].country_partners == {"mun:de:jena"} and driver.execute_query.call_count == 4
    assert side.partner_kinds == {"mun:ua:odesa": {"twin", "climate"}} and side.degrees == {"mun:ua:odesa": 4}
    assert (side.events, side.orgs, side.themes) == ({"conf:x"}, set(), {"theme:t"})
    assert side.places["mun:de:jena"].props == {"name": "Jena", "country": "DE", "subdivision": "TH"}
    assert side.places["mun:ua:odesa"].label == MUNICIPALITY
    statement, params = driver.execute_query.call_args.args
    assert statement == cypher_suggest.suggestion_facts("country") and "'DE'" not in statement
    assert params["origin"] == "mun:de:giessen" and params["country"] == "DE" and params["t_countries"] == ["UA"]
    assert params["place_props"] == list(PLACE_FACTS) and params["props"] == list(CANDIDATE_FACTS)
    assert driver.execute_query.call_args.kwargs == read
    with pytest.raises(UsageError):
        cypher_suggest.area_candidates("planet")
