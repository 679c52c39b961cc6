"""Property-based round trip: pair records -> CSV -> loader -> store -> CSV -> loader -> same pairs."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.store.embedded import EmbeddedStore
from graph.model import PARTNER_OF
from graph.text import fold
from loaders.twin_cities import load_twin_cities, write_twin_cities

COUNTRIES = ["Germany", "Poland", "Ukraine", "France", "Ghana", "Japan"]
letters = st.characters(categories=("Lu", "Ll"), codec="utf-8")
city = st.text(alphabet=letters, min_size=2, max_size=12).map(str.strip).filter(lambda s: len(fold(s)) >= 2)


def pairs_of(store):
    names = {n.id: (n.name, n.get("country")) for n in store.nodes("Municipality")}
    return sorted(tuple(sorted((names[e.source], names[e.target]))) + (e.props["kind"],)
                  for e in store.edges(PARTNER_OF))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(city, st.sampled_from(COUNTRIES)), min_size=2, max_size=8,
             unique_by=lambda c: (fold(c[0]), c[1])),
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7),
                       st.sampled_from(["twin", "friendship", "solidarity", "climate"])), min_size=1, max_size=10),
    st.sampled_from([(",", "utf-8"), (";", "cp1252"), ("\t", "utf-8-sig")]),
)
def test_pairs_survive_write_and_read(tmp_path_factory, places, links, dialect):
    tmp = tmp_path_factory.mktemp("pairs")
    delimiter, encoding = dialect
    try:
        [p[0].encode(encoding) for p in places]
    except UnicodeEncodeError:
        encoding = "utf-8"
    first = EmbeddedStore.memory()
    rows = [(places[a], places[b], kind) for a, b, kind in links if a < len(places) and b < len(places) and a != b]
    source = tmp / "in.csv"
    with open(source, "w", encoding=encoding, newline="") as fh:
        fh.write(delimiter.join(["city1", "country1", "city2", "country2", "kind"]) + "\n")
        for (c1, k1), (c2, k2), kind in rows:
            fh.write(delimiter.join([c1, k1, c2, k2, kind]) + "\n")
    report = load_twin_cities(first, source)
    assert report.rows_loaded == len(rows) and not report.problems

    exported = tmp / "out.csv"
    assert write_twin_cities(first, exported) == len({(min(r[0], r[1]), max(r[0], r[1]), r[2]) for r in rows})
    second = EmbeddedStore.memory()
    load_twin_cities(second, exported)
    assert pairs_of(second) == pairs_of(first)
