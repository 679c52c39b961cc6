"""Partner suggestions: candidates, explainable scores, distinguishing reasons, empty states, filters."""

import math

import pytest

from graph.store.embedded import EmbeddedStore
from graph.errors import AmbiguousName, NotFound, ValidationError
from graph.model import (
    ADDRESSES, ATTENDS, CONFERENCE, HELD_IN, MEMBER_OF, MUNICIPALITY, ORGANISATION, PARTNER_OF, THEME, Edge, Node,
)
from graph.queries.regional import resolve_area
from graph.queries.suggest import DEFAULT_WEIGHTS, Filters, suggest, suggest_partners
from graph.queries.search import search
from graph.queries.suggest_origin import resolve_origin


def town(key, name, country, **props):
    return Node(MUNICIPALITY, f"mun:{country.lower()}:{key}", {"name": name, "country": country, **props})


def partner(a, b, kind="twin"):
    return Edge(PARTNER_OF, a, b, {"kind": kind})


# Every Ghanaian town lies about 5,000 km from Giessen: distance tells none of them apart.
GH = dict(lat=6.7, lon=-1.6)
NODES = [
    town("giessen", "Giessen", "DE", population=90_000, lat=50.58, lon=8.68, subdivision="DE-HE", aliases=["Gießen"]),
    town("marburg", "Marburg", "DE", lat=50.81, lon=8.77, subdivision="DE-HE"),
    town("bonn", "Bonn", "DE", subdivision="DE-NW"),
    town("wenzhou", "Wenzhou", "CN"),
    town("netanya", "Netanya", "IL"),
    town("winchester", "Winchester", "GB"),
    town("kumasi", "Kumasi", "GH", population=2_500_000, **GH),
    town("accra", "Accra", "GH", **GH),
    town("tamale", "Tamale", "GH", **GH),
    town("cape-coast", "Cape Coast", "GH", population=71_000, **GH),
    town("ho", "Ho", "GH", **GH),
    town("tema", "Tema", "GH", **GH),
    Node(CONFERENCE, "conf:afrika-2022", {"name": "Regionalkonferenz Afrika 2022", "status": "held"}),
    Node(ORGANISATION, "org:connective-cities", {"name": "Connective Cities", "kind": "network"}),
    Node(THEME, "theme:sdgs", {"name": "SDGs"}),
]
HUB_PARTNERS = [town(f"hub{i}", f"Hubtown {i}", "IT") for i in range(12)]
EDGES = [
    partner("mun:de:giessen", "mun:cn:wenzhou"),
    partner("mun:de:giessen", "mun:de:marburg"),
    partner("mun:de:giessen", "mun:gb:winchester"),
    partner("mun:de:giessen", "mun:gh:tema", "project"),
    partner("mun:gh:kumasi", "mun:cn:wenzhou"),  # a far hub: Wenzhou has 14 partnerships
    partner("mun:gh:ho", "mun:de:marburg"),  # a partner in Giessen's own Land, with 2 partnerships
    partner("mun:gh:cape-coast", "mun:de:bonn", "climate"),
    *(partner("mun:cn:wenzhou", n.id) for n in HUB_PARTNERS),
    Edge(HELD_IN, "conf:afrika-2022", "mun:de:giessen"),
    Edge(ATTENDS, "mun:gh:accra", "conf:afrika-2022"),
    Edge(ADDRESSES, "conf:afrika-2022", "theme:sdgs"),
    Edge(MEMBER_OF, "mun:de:giessen", "org:connective-cities"),
    Edge(MEMBER_OF, "mun:gh:tamale", "org:connective-cities"),
]
GIESSEN = "mun:de:giessen"


@pytest.fixture
def suggest_store(store):
    store.upsert(NODES + HUB_PARTNERS, EDGES)
    store.flush()
    return store


def by_name(suggestions):
    return {s.node.name: s for s in suggestions}


def ghana(store, **filters):
    return suggest(store, GIESSEN, resolve_area(store, "Ghana"), filters=Filters(**filters) if filters else None)


def test_ranking_and_exclusions(suggest_store):
    found = ghana(suggest_store).suggestions
    # Tema is already a partner; a partner shared in Giessen's own Land beats a far hub
    assert [s.node.name for s in found] == ["Ho", "Accra", "Kumasi", "Cape Coast", "Tamale"]
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_components_follow_the_documented_formula(suggest_store):
    found = by_name(ghana(suggest_store).suggestions)
    # Marburg (Germany, 2 partnerships) counts double; Wenzhou (China, 14) once and discounted
    assert found["Ho"].components["shared_partners"] == pytest.approx(2 / math.log(3), abs=1e-4)
    assert found["Kumasi"].components["shared_partners"] == pytest.approx(1 / math.log(15), abs=1e-4)
    assert found["Accra"].components["shared_conferences"] == 0.5
    assert found["Accra"].components["shared_themes"] == pytest.approx(1 / 3, abs=1e-4)
    assert found["Tamale"].components["shared_organisations"] == 0.5
    assert found["Cape Coast"].components["programmes"] == 1.0
    assert found["Cape Coast"].components["population"] == pytest.approx(1 - math.log10(90 / 71) / 2, abs=1e-3)
    for s in found.values():
        assert s.score == pytest.approx(sum(DEFAULT_WEIGHTS[k] * v for k, v in s.components.items()), abs=1e-3)


def test_reasons_name_the_evidence_and_weigh_hubs(suggest_store):
    found = by_name(ghana(suggest_store).suggestions)
    assert found["Ho"].reasons[0] == "shares 1 partner with Giessen: Marburg (Hessen)"
    assert "has 1 partner within 40 km of Giessen: Marburg (26 km)" in found["Ho"].reasons
    assert found["Ho"].paths == [[GIESSEN, "mun:de:marburg", "mun:gh:ho"]]
    assert found["Kumasi"].reasons == [
        "shares 1 partner with Giessen: Wenzhou (China, a hub with 14 partnerships)"]
    assert found["Accra"].reasons == ["both attended Regionalkonferenz Afrika 2022", "works on the same themes: SDGs"]
    assert found["Accra"].paths == [[GIESSEN, "conf:afrika-2022", "mun:gh:accra"]]
    assert found["Tamale"].reasons == ["both members of Connective Cities"]
    assert found["Cape Coast"].reasons == ["already in a climate partnership: with Bonn",
                                           "has 1 partner in Germany: Bonn", "similar size: 71,000 vs 90,000"]


def test_reasons_every_candidate_shares_are_not_reasons(suggest_store):
    result = ghana(suggest_store)
    everything = [r for s in result.suggestions for r in s.reasons]
    # all of Ghana is ~5,000 km from Giessen and every candidate has one partnership or none
    assert not any("km from Giessen" in r or "km apart" in r for r in everything)
    assert not any("partnership" in r and r.startswith("has") for r in everything)
    assert "among the nearest" not in result.criteria and "experienced" not in result.criteria
    assert result.criteria == ["shared partners", "same conference", "same organisation", "shared themes",
                               "programme partnerships", "ties to your Land", "ties to your country", "similar size"]


def test_distance_is_a_reason_only_when_it_sets_a_candidate_apart(store):
    far = [town(f"far{i}", f"Far {i}", "FR", lat=43.3, lon=5.4) for i in range(6)]  # Marseille, ~880 km
    near = town("strasbourg", "Strasbourg", "FR", lat=48.57, lon=7.75)  # ~235 km
    store.upsert([NODES[0], near, *far], [])
    found = by_name(suggest_partners(store, GIESSEN, resolve_area(store, "FR")))
    assert found["Strasbourg"].reasons == ["among the nearest: 233 km from Giessen "
                                           "(half the candidates are 847 km or more away)"]
    assert found["Strasbourg"].fit == "fits 1 of 1 criterion" and found["Strasbourg"].percentile == 100
    assert found["Far 0"].reasons == [] and found["Far 0"].percentile == 0


def test_score_has_a_meaning(suggest_store):
    found = ghana(suggest_store).suggestions
    assert [s.percentile for s in found] == [100, 75, 50, 25, 0]
    assert found[0].fit == "fits 3 of 8 criteria"  # shared partners, ties to the Land and to the country
    assert found[3].fit == "fits 3 of 8 criteria"  # Cape Coast: as many criteria, but weaker ones
    assert found[-1].fit == "fits 1 of 8 criteria"


def test_weights_change_the_order(suggest_store):
    found = suggest_partners(suggest_store, GIESSEN, resolve_area(suggest_store, "GH"),
                             weights={"shared_partners": 0, "near_origin": 0, "land_ties": 0})
    assert [s.node.name for s in found][:3] == ["Accra", "Cape Coast", "Tamale"]
    with pytest.raises(ValueError, match="unknown weight"):
        suggest_partners(suggest_store, GIESSEN, resolve_area(suggest_store, "GH"), weights={"charm": 1})
    with pytest.raises(NotFound):
        suggest_partners(suggest_store, "mun:de:nowhere", resolve_area(suggest_store, "GH"))


# -- empty states ----------------------------------------------------------------------------------


def test_no_municipality_of_the_area_in_the_store_says_load_data(suggest_store):
    result = suggest(suggest_store, GIESSEN, resolve_area(suggest_store, "Kenya"))
    assert result.suggestions == []
    assert result.message == ("the store holds no municipality in Kenya — load data for it "
                              "(e.g. partnernet load twin-cities FILE)")


def test_all_already_partners_is_said_so(suggest_store):
    result = suggest(suggest_store, GIESSEN, resolve_area(suggest_store, "China"))
    assert result.suggestions == [] and result.partners_already == 1
    assert result.message == "the only municipality in China the store holds is already a partner of Giessen"


def test_filters_that_leave_none_say_which_removed_what(suggest_store):
    result = ghana(suggest_store, min_population=10_000, max_population=100_000, kind="solidarity")
    assert result.suggestions == []
    assert result.message == ("none of the 5 candidates in Ghana passes the filters: 4 outside the size band "
                              "10,000–100,000 (or of unknown size); 5 hold no solidarity partnership")


def test_ties_are_ranked_by_id_and_the_limit_keeps_the_best(store):
    # six candidates alike in every respect: equal scores, ranked by id on every store
    alike = [town(f"t{i}", f"Twin {i}", "FR", lat=43.3, lon=5.4) for i in (3, 1, 5, 0, 4, 2)]
    store.upsert([NODES[0], *alike], [])
    result = suggest(store, GIESSEN, resolve_area(store, "FR"), limit=4)
    assert [s.node.id for s in result.suggestions] == [f"mun:fr:t{i}" for i in range(4)]
    assert len({s.score for s in result.suggestions}) == 1 and result.ranked == 6
    assert all(s.percentile == 0 and s.reasons == [] for s in result.suggestions)  # none ranked lower
    assert [s.node.id for s in suggest(store, GIESSEN, resolve_area(store, "FR"), limit=None).suggestions] \
        == [f"mun:fr:t{i}" for i in range(6)]


def test_the_limit_cuts_the_ranking_and_not_the_criteria(suggest_store):
    full = ghana(suggest_store)
    top = suggest(suggest_store, GIESSEN, resolve_area(suggest_store, "Ghana"), limit=2)
    assert [s.node.name for s in top.suggestions] == ["Ho", "Accra"] and top.ranked == 5
    assert top.criteria == full.criteria
    assert [(s.score, s.reasons, s.percentile) for s in top.suggestions] == \
        [(s.score, s.reasons, s.percentile) for s in full.suggestions[:2]]


def test_an_empty_target_area_and_one_where_every_candidate_is_a_partner(suggest_store):
    suggest_store.upsert([town("lyon", "Lyon", "FR"), town("nice", "Nice", "FR")],
                         [partner(GIESSEN, "mun:fr:lyon"), partner("mun:fr:nice", GIESSEN, "friendship")])
    result = suggest(suggest_store, GIESSEN, resolve_area(suggest_store, "France"))
    assert result.suggestions == [] and result.in_area == 2 and result.partners_already == 2 and result.ranked == 0
    assert result.message == "all 2 municipalities in France the store holds are already partners of Giessen"
    assert suggest_store.candidate_links(GIESSEN, [], "DE") == {}
    result = suggest(suggest_store, GIESSEN, resolve_area(suggest_store, "Kenya"))
    assert (result.in_area, result.ranked, result.suggestions) == (0, 0, [])


def test_candidate_links_count_only_what_links_a_candidate_to_the_origin(suggest_store):
    ids = ["mun:gh:ho", "mun:gh:accra", "mun:gh:tamale", "mun:gh:kumasi", "mun:gh:cape-coast", "mun:it:hub0"]
    links = suggest_store.candidate_links(GIESSEN, ids, "DE")
    assert set(links) == {"mun:gh:ho", "mun:gh:accra", "mun:gh:tamale", "mun:gh:kumasi", "mun:gh:cape-coast",
                          "mun:it:hub0"}
    assert (links["mun:gh:ho"].partners, links["mun:gh:ho"].shared, links["mun:gh:ho"].country_partners) == \
        (1, {"mun:de:marburg"}, {"mun:de:marburg"})
    assert (links["mun:gh:accra"].met, links["mun:gh:accra"].themes) == ({"conf:afrika-2022"}, {"theme:sdgs"})
    assert links["mun:gh:accra"].partners == 0 and links["mun:gh:tamale"].orgs == {"org:connective-cities"}
    assert links["mun:gh:cape-coast"].kinds == {"climate"}
    assert links["mun:gh:cape-coast"].programme_partners == {"climate": {"mun:de:bonn"}}
    assert links["mun:it:hub0"].shared == {"mun:cn:wenzhou"} and links["mun:it:hub0"].country_partners == set()
    assert suggest_store.candidate_links(GIESSEN, ids, None)["mun:gh:ho"].country_partners == set()


# -- filters ---------------------------------------------------------------------------------------


def test_size_band(suggest_store):
    assert [s.node.name for s in ghana(suggest_store, min_population=50_000, max_population=100_000).suggestions] \
        == ["Cape Coast"]
    assert [s.node.name for s in ghana(suggest_store, min_population=1_000_000).suggestions] == ["Kumasi"]


def test_no_partner_in_germany_yet_and_a_partner_in_my_land(suggest_store):
    no_german = ghana(suggest_store, without_partner_in_origin_country=True)
    assert {s.node.name for s in no_german.suggestions} == {"Accra", "Tamale", "Kumasi"}
    assert no_german.message == "3 candidates in Ghana ranked (2 left out by the filters)"
    assert [s.node.name for s in ghana(suggest_store, with_partner_in_origin_land=True).suggestions] == ["Ho"]


def test_kind_sought(suggest_store):
    assert [s.node.name for s in ghana(suggest_store, kind="climate").suggestions] == ["Cape Coast"]


@pytest.mark.parametrize("filters, message", [
    (Filters(min_population=-1), "min population must be 0 or more, not -1"),
    (Filters(min_population=9, max_population=5), "size band 9–5 is empty"),
    (Filters(kind="romance"), "unknown partnership kind 'romance'"),
])
def test_bad_filters_are_refused(suggest_store, filters, message):
    with pytest.raises(ValidationError, match=message):
        suggest(suggest_store, GIESSEN, resolve_area(suggest_store, "GH"), filters=filters)


# -- the origin: one place or a refusal naming the candidates -----------------------------------------


@pytest.fixture
def saxon_store(store):
    store.upsert([
        town("sachsenburg", "Sachsenburg", "AT", subdivision="AT-2", population=1_026),
        town("sachsenhagen", "Sachsenhagen", "DE", subdivision="DE-NI"),
        town("ffm", "Frankfurt am Main", "DE", subdivision="DE-HE", aliases=["Frankfurt"]),
        town("ffo", "Frankfurt (Oder)", "DE", subdivision="DE-BB", aliases=["Frankfurt"]),
        town("giessen", "Giessen", "DE", aliases=["Gießen"]),
    ], [])
    return store


def test_a_land_is_not_read_as_a_town_that_begins_with_its_name(saxon_store):
    with pytest.raises(AmbiguousName) as refused:
        resolve_origin(saxon_store, "Sachsen")
    message = str(refused.value)
    assert message.startswith("'Sachsen' is a Land (Saxony), not one municipality; municipalities whose names "
                              "begin with it: ")
    assert "Sachsenburg (Kärnten, Austria, 1,026 people; id mun:at:sachsenburg)" in message
    assert "Sachsenhagen (Niedersachsen, Germany; id mun:de:sachsenhagen)" in message


def test_a_name_of_several_places_is_refused_and_one_place_is_found(saxon_store):
    with pytest.raises(AmbiguousName, match="'Frankfurt' is the name of 2 municipalities: .*Frankfurt am Main "
                                            r"\(Hessen.*Frankfurt \(Oder\) \(Brandenburg") as refused:
        resolve_origin(saxon_store, "Frankfurt")
    assert {n.id for n in refused.value.candidates} == {"mun:de:ffm", "mun:de:ffo"}
    assert resolve_origin(saxon_store, "Gießen").id == "mun:de:giessen"
    assert resolve_origin(saxon_store, "mun:de:ffo").name == "Frankfurt (Oder)"
    with pytest.raises(NotFound, match="'Bayern' is a Land"):
        resolve_origin(saxon_store, "Bayern")


def test_cli_refuses_an_ambiguous_origin_and_says_why_a_list_is_empty(tmp_path, capsys):
    import cli

    store = EmbeddedStore(tmp_path)
    store.upsert(NODES + HUB_PARTNERS + [town("sachsenburg", "Sachsenburg", "AT", subdivision="AT-2")], EDGES)
    store.flush()
    store.close()
    assert cli.main(["--data-dir", str(tmp_path), "suggest", "Sachsen", "Ghana"]) == 1
    assert "'Sachsen' is a Land (Saxony), not one municipality" in capsys.readouterr().err
    assert cli.main(["--data-dir", str(tmp_path), "suggest", "Gießen", "Kenya"]) == 1
    assert "the store holds no municipality in Kenya — load data for it" in capsys.readouterr().out
    assert cli.main(["--data-dir", str(tmp_path), "suggest", "Gießen", "Ghana", "--partner-in-land"]) == 0
    out = capsys.readouterr().out
    assert "1 candidate in Ghana ranked (4 left out by the filters)" in out
    assert "1. Ho (GH)  fit 100/100" in out
    with pytest.raises(SystemExit):
        cli.main(["--data-dir", str(tmp_path), "suggest", "Gießen", "Ghana", "--population", "lots"])
    assert "'lots' is not a size band; write MIN-MAX" in capsys.readouterr().err


# -- the project's demo data and the real dataset ----------------------------------------------------


def test_demo_giessen_in_africa(demo_store):
    giessen = resolve_origin(demo_store, "Gießen")
    partners = {e.source if e.target == giessen.id else e.target for e in demo_store.edges(PARTNER_OF, [giessen.id])}
    found = suggest_partners(demo_store, giessen.id, resolve_area(demo_store, "Afrika"))
    assert found, "the demo data has African municipalities"
    assert not {s.node.id for s in found} & partners
    assert all(s.node.get("country") in resolve_area(demo_store, "Afrika").countries for s in found)
    assert suggest(demo_store, giessen.id, resolve_area(demo_store, "Ghana")).message.startswith(
        "the store holds no municipality in Ghana")


def test_real_giessen_in_ghana_gives_only_distinguishing_reasons(real_embedded):
    from graph.queries.suggest_evidence import gather
    from graph.queries.suggest_reasons import met_criteria

    giessen = resolve_origin(real_embedded, "Gießen")
    ghana_area = resolve_area(real_embedded, "Ghana")
    result = suggest(real_embedded, giessen.id, ghana_area, limit=None)
    found = result.suggestions
    assert len(found) == result.ranked >= 10 and all(s.node.get("country") == "GH" for s in found)
    partners = {e.source if e.target == giessen.id else e.target for e in real_embedded.edges(PARTNER_OF, [giessen.id])}
    assert not {s.node.id for s in found} & partners
    # every criterion given as a reason is met by some candidates and not by all
    candidates = {s.node.id: s.node for s in found}
    context, evidence = gather(real_embedded, giessen, candidates)
    met = met_criteria(context, evidence)
    for criterion in {c for s in found for c in s.criteria}:
        holders = sum(1 for m in met.values() if criterion in m)
        assert 0 < holders < len(met), criterion
    reasons = [r for s in found for r in s.reasons]
    assert not any(r.endswith("km apart") or r in ("has 1 partnership",) for r in reasons)
    kumasi = next(s for s in found if s.node.name == "Kumasi")
    assert any("Wenzhou (China" in r for r in kumasi.reasons)
    assert all(r.startswith("similar size: ") and " vs 89,000" in r for s in found for r in s.reasons
               if "size" in r)
    assert found[0].percentile == 100 and found[0].fit.startswith("fits ")


def test_real_suggestions_never_include_existing_partners(real_embedded):
    leipzig = resolve_origin(real_embedded, "Leipzig")
    krakow = search(real_embedded, "Kraków", labels=[MUNICIPALITY], limit=1)[0]
    partners = {e.source if e.target == leipzig.id else e.target for e in real_embedded.edges(PARTNER_OF, [leipzig.id])}
    found = suggest_partners(real_embedded, leipzig.id, resolve_area(real_embedded, "PL"), limit=200)
    assert krakow.id in partners
    assert found and not {s.node.id for s in found} & partners
