"""The country totals every store gives alike (the overview map and the country pair table draw them)."""

import pytest

from graph.export.mapview import country_overview
from graph.model import MUNICIPALITY, PARTNER_OF, Edge, Node
from graph.queries.insights import country_pair_counts
from graph.store.country_reads import CountrySummary


def town(key, country, lon=None, lat=None):
    props = {"name": key.title(), "lon": lon, "lat": lat}
    if country:
        props["country"] = country
    return Node(MUNICIPALITY, f"mun:{(country or 'xx').lower()}:{key}", props)


TOWNS = [town("leipzig", "DE", 12.37, 51.34), town("dresden", "DE", 13.74, 51.05), town("chemnitz", "DE", 12.92, 50.83),
         town("halle", "DE", lon=11.97),  # a longitude only: counted, not placed
         town("kyiv", "UA", 30.52, 50.45), town("lviv", "UA", 24.03, 49.84),
         town("lublin", "PL"),  # no coordinates at all
         town("nowhere", None, 1.0, 1.0)]  # no country: neither counted nor placed
PARTNERSHIPS = [Edge(PARTNER_OF, "mun:de:leipzig", "mun:ua:kyiv"), Edge(PARTNER_OF, "mun:de:dresden", "mun:de:chemnitz"),
                Edge(PARTNER_OF, "mun:ua:lviv", "mun:pl:lublin"), Edge(PARTNER_OF, "mun:de:halle", "mun:ua:lviv"),
                Edge(PARTNER_OF, "mun:xx:nowhere", "mun:pl:lublin")]  # an end of unknown country: not counted


def test_country_summaries_count_municipalities_and_place_each_country_at_its_median(store):
    store.upsert(TOWNS, PARTNERSHIPS)
    summaries = store.country_summaries()
    assert set(summaries) == {"DE", "UA", "PL"}
    assert summaries["DE"].municipalities == 4 and summaries["DE"].lon == pytest.approx(12.92)
    assert summaries["DE"].lat == pytest.approx(51.05)
    assert summaries["UA"] == CountrySummary(2, pytest.approx((30.52 + 24.03) / 2), pytest.approx((50.45 + 49.84) / 2))
    assert summaries["PL"] == CountrySummary(1, None, None)


def test_country_pairs_count_each_partnership_once_in_the_stored_direction_and_follow_writes(store):
    store.upsert(TOWNS, PARTNERSHIPS)
    assert store.country_pairs() == {("DE", "UA"): 2, ("DE", "DE"): 1, ("PL", "UA"): 1}
    store.upsert(edges=[Edge(PARTNER_OF, "mun:de:leipzig", "mun:pl:lublin")])
    pairs = store.country_pairs()
    assert pairs[("DE", "PL")] == 1  # a write is seen, not a stale count
    pairs.clear()  # the caller's copy, not the store's
    assert store.country_pairs()[("DE", "PL")] == 1


def test_the_overview_and_the_country_pair_table_are_made_from_the_totals(store):
    store.upsert(TOWNS, PARTNERSHIPS)
    overview = country_overview(store)
    assert overview.pairs == {("DE", "UA"): 2, ("DE", "DE"): 1, ("PL", "UA"): 1}
    assert overview.partnerships == {"DE": 3, "UA": 3, "PL": 1}
    assert overview.municipalities == {"DE": 4, "UA": 2, "PL": 1} and set(overview.places) == {"DE", "UA"}
    # in the order of the codes on every store: equal counts are drawn alike
    assert list(overview.pairs) == sorted(overview.pairs) and list(overview.places) == sorted(overview.places)
    table = country_pair_counts(store)
    assert list(table.index) == ["DE", "PL", "UA"] and table.loc["DE", "DE"] == 1
    assert table.loc["DE", "UA"] == table.loc["UA", "DE"] == 2 and table.loc["PL", "UA"] == 1
    assert table.loc["DE", "PL"] == 0 and str(table.dtypes.iloc[0]) == "int64"


def test_an_empty_store_has_no_country_totals(store):
    assert store.country_summaries() == {} and store.country_pairs() == {}
    assert country_overview(store).places == {} and country_pair_counts(store).empty
