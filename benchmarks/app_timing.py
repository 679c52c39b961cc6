"""How fast the explorer answers on the real twin-city dataset.

    .venv/bin/python benchmarks/app_timing.py [--csv ../shared/data/twin_cities.csv] [--repeat 5]

Measures, with the app's own scripts run by Streamlit's AppTest (no browser; what the server
spends before the page can be drawn):

1. first view: a fresh Python process imports the app, opens the embedded store holding the whole
   dataset (and the name index kept beside it, as `partnernet load` leaves it) and renders the
   Explore view (target < 3 s);
2. search / expand when warm: a new name typed into the search box, and depth 2 (target < 500 ms);
3. suggestions: "Partners by region" for one city and a country, first time (target < 1 s);
4. page switch (warm): each page of the sidebar, after each was shown once (target < 500 ms).

The store is loaded once into benchmarks/out/app-store (kept between runs; delete it to reload).

With ``--size M`` (or S, L) the store holds the generated network of that size (benchmarks/generate.py)
instead of the real dataset, loaded once (into benchmarks/out/app-store-M, or Neo4j); the searches, the
first view's focus and the suggestions' origin are then the network's own places (hubs and ordinary ones).

With ``--store neo4j`` the same is measured on Neo4j (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD; the
defaults are the local server of ``make neo4j-start``); the dataset is loaded into it once, when the
database does not already hold it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CSV = REPO.parent / "shared" / "data" / "twin_cities.csv"
STORE_DIR = REPO / "benchmarks" / "out" / "app-store"
NEO4J_DEFAULTS = {"NEO4J_URI": "bolt://127.0.0.1:7687", "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": "partnernet-dev"}
ENV: dict[str, str] = {"PARTNERNET_DATA_DIR": str(STORE_DIR)}  # how the app is told which store to open
TARGETS = {"first view": 3.0, "search (warm)": 0.5, "expand to depth 2 (warm)": 0.5, "suggestions": 1.0,
           "page switch (warm)": 0.5}
PAGES = ("app_pages/regions.py", "app_pages/conferences.py", "app_pages/paths.py", "app_pages/insights.py",
         "app_pages/about.py", "app_pages/explore.py")

# Where the first view's time goes, each step timed in a fresh process.
_BREAKDOWN = """
import time, sys
t = time.time()
def lap(name):
    global t
    now = time.time(); print(f"{name}\t{now - t:.3f}"); t = now
import streamlit; lap("import streamlit")
import graph.queries.search, graph.export.visual, graph.export.network_page, graph.export, graph.queries.regional, graph.queries.partners
from graph.store import open_store; lap("import graph")
import gc; gc.disable(); store = open_store(); gc.freeze(); gc.enable(); lap("open the store (frozen, as the app does)")
hit = graph.queries.search.search(store, sys.argv[1] if len(sys.argv) > 1 else "Leipzig", limit=25)[0]; lap("first search (name index: kept file or keys from the server)")
sub = store.neighbourhood(hit.id, 1); graph.export.network_page.network_html(sub); lap("neighbourhood and network page")
"""

_FIRST_VIEW = """
import time, sys
t0 = float(sys.argv[1])
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[2], default_timeout=300)
if len(sys.argv) > 3:
    at.query_params["focus"] = sys.argv[3]
at.run()
assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
assert any(m.value.startswith("**Showing ") for m in at.markdown), "no network shown"
print(time.time() - t0)
"""


def prepare(csv: Path) -> None:
    sys.path.insert(0, str(REPO))
    from graph.store.embedded import EmbeddedStore
    from graph.queries.search import name_index
    from loaders.demo import load_demo
    from loaders.twin_cities import load_twin_cities

    store = EmbeddedStore(STORE_DIR)
    if not (STORE_DIR / "graph.arrow").exists():
        print(f"loading {csv} and the demo data into {STORE_DIR} (once) ...", flush=True)
        load_demo(store)
        load_twin_cities(store, csv)
    name_index(store)  # kept with the store, as `partnernet load` does


def use_neo4j() -> None:
    """Point the app (and this process) at Neo4j: NEO4J_* from the environment, else the local defaults."""
    ENV.clear()
    ENV.update({"PARTNERNET_STORE": "neo4j",
                **{k: os.environ.get(k) or v for k, v in NEO4J_DEFAULTS.items()}})
    os.environ.update(ENV)


def prepare_neo4j(csv: Path) -> None:
    """Point the app at Neo4j and load the demo data and the dataset there unless it holds them."""
    sys.path.insert(0, str(REPO))
    from graph.store import open_store
    from loaders.demo import load_demo
    from loaders.twin_cities import load_twin_cities, read_twin_cities

    use_neo4j()
    with open_store("neo4j") as store:
        _, edges, _ = read_twin_cities(csv)
        expected = len({e.identity for e in edges if e.type == "PARTNER_OF"})
        if store.stats().edges.get("PARTNER_OF", 0) < expected:
            print(f"loading {csv} and the demo data into Neo4j at {ENV['NEO4J_URI']} (once) ...", flush=True)
            store.clear()
            load_demo(store)
            load_twin_cities(store, csv)


def first_view(repeat: int, focus: str | None = None) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.time()
        out = subprocess.run([sys.executable, "-c", _FIRST_VIEW, repr(start), str(REPO / "app.py"),
                              *([focus] if focus else [])],
                             cwd=REPO, capture_output=True, text=True, check=True, env={**os.environ, **ENV})
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


def breakdown(focus: str | None = None) -> list[tuple[str, float]]:
    out = subprocess.run([sys.executable, "-c", _BREAKDOWN, *([focus] if focus else [])], cwd=REPO, capture_output=True, text=True, check=True,
                         env={**os.environ, **ENV})
    return [(name, float(value)) for name, value in
            (line.split("\t") for line in out.stdout.splitlines() if "\t" in line)]


REAL_PLACES = {"focus": None, "origin": "Gießen",
               "cities": ["Kiew", "Krakau", "Breslau", "Münster", "Lyon", "Gießen", "Bologna", "Lublin", "Houston",
                          "Brno"]}


def warm_interactions(repeat: int, places: dict = REAL_PLACES) -> dict[str, list[float]]:
    os.environ.update(ENV)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    if places["focus"]:
        at.query_params["focus"] = places["focus"]
    at.run()
    results: dict[str, list[float]] = {"search (warm)": [], "expand to depth 2 (warm)": [], "suggestions": []}
    for city in places["cities"][:repeat]:
        at.select_slider[0].set_value(1).run()
        start = time.perf_counter()
        at.text_input(key="focus:input").input(city).run()
        results["search (warm)"].append(time.perf_counter() - start)
        start = time.perf_counter()
        at.select_slider[0].set_value(2).run()
        results["expand to depth 2 (warm)"].append(time.perf_counter() - start)
        assert not at.exception, at.exception
    at.switch_page("app_pages/regions.py").run()
    targets = ["Ghana", "Polen", "Ukraine", "Frankreich", "Italien", "Tschechien", "Ungarn", "Spanien"]
    at.text_input(key="regions:origin").input(places["origin"]).run()
    at.radio(key="regions:view").set_value("Suggestions").run()
    for target in targets[:repeat]:
        start = time.perf_counter()
        at.text_input(key="regions:target").input(target).run()
        results["suggestions"].append(time.perf_counter() - start)
        assert not at.exception, at.exception
        assert any("reasons" in df.value.columns for df in at.dataframe) or at.info, "no suggestions shown"
    results["page switch (warm)"] = page_switches(at, repeat)
    return results


def page_switches(at, repeat: int) -> list[float]:
    """Each page once to warm it, then ``repeat`` rounds over all pages: what a click in the sidebar costs."""
    times: list[float] = []
    for round_ in range(repeat + 1):
        for page in PAGES:
            start = time.perf_counter()
            at.switch_page(page).run()
            if round_:
                times.append(time.perf_counter() - start)
            assert not at.exception, at.exception
    return times


def generated_places(net) -> dict:
    """Names of the generated network to ask about: five hubs and five ordinary places, each name unique.

    The first view's focus is the largest hub; the suggestions' origin the largest German hub.
    """
    from collections import Counter

    from graph.model import MUNICIPALITY, PARTNER_OF

    degree = Counter()
    for edge in net.edges():
        if edge.type == PARTNER_OF:
            degree[edge.source] += 1
            degree[edge.target] += 1
    towns = [n for n in net.nodes() if n.label == MUNICIPALITY]
    spellings = Counter(n.props["name"].casefold() for n in towns)
    unique = sorted((n for n in towns if spellings[n.props["name"].casefold()] == 1 and degree[n.id]),
                    key=lambda n: (-degree[n.id], n.id))
    ordinary = unique[len(unique) // 2:len(unique) // 2 + 5]
    german = next(n for n in unique if n.props.get("country") == "DE")
    return {"focus": unique[0].props["name"], "origin": german.props["name"],
            "cities": [n.props["name"] for pair in zip(unique[1:6], ordinary) for n in pair]}


def prepare_generated(size: str, kind: str) -> dict:
    """Load the generated network of ``size`` into the store the app will open (once) and name its places."""
    sys.path.insert(0, str(REPO))
    from benchmarks.generate import network
    from graph.model import MUNICIPALITY, PARTNER_OF
    from graph.store import open_store
    from graph.store.embedded import EmbeddedStore

    net = network(size)
    if kind == "neo4j":
        use_neo4j()
        store = open_store("neo4j")
    else:
        ENV["PARTNERNET_DATA_DIR"] = str(STORE_DIR.with_name(f"app-store-{size}"))
        store = EmbeddedStore(Path(ENV["PARTNERNET_DATA_DIR"]))
    with store:
        stats = store.stats()
        if (stats.nodes.get(MUNICIPALITY, 0), stats.edges.get(PARTNER_OF, 0)) != (net.n_municipalities,
                                                                                 net.n_partnerships):
            print(f"loading the generated network {size} into the {kind} store (once) ...", flush=True)
            store.clear()
            store.upsert(net.nodes())
            store.upsert(edges=net.edges())
    return generated_places(net)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", choices=("embedded", "neo4j"), default="embedded")
    parser.add_argument("--size", choices=("S", "M", "L"), help="a generated network instead of the real dataset")
    args = parser.parse_args()
    places = REAL_PLACES
    if args.size:
        places = prepare_generated(args.size, args.store)
    elif not args.csv.exists():
        print(f"the real dataset is not at {args.csv}; pass --csv", file=sys.stderr)
        return 2
    elif args.store == "neo4j":
        prepare_neo4j(args.csv)
    else:
        prepare(args.csv)
    figures = {"first view": first_view(max(1, min(args.repeat, 3)), places["focus"])}
    figures.update(warm_interactions(args.repeat, places))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    dataset = f"the generated network {args.size}" if args.size else args.csv.name
    print(f"\nexplorer timings on {dataset}, {args.store} store (load average {load:.1f} on "
          f"{os.cpu_count()} CPUs)")
    print(f"{'measure':<28}{'median':>10}{'max':>10}{'target':>10}")
    for name, values in figures.items():
        median = statistics.median(values)
        flag = "" if median <= TARGETS[name] else "  over target"
        print(f"{name:<28}{median:>9.3f}s{max(values):>9.3f}s{TARGETS[name]:>9.1f}s{flag}")
    print("\nwhere a first view's time goes (one fresh process):")
    for name, seconds in breakdown(places["focus"]):
        print(f"  {name:<44}{seconds:>7.3f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
