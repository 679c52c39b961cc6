"""Network measures for a selection: hubs, brokers, communities, partnerships per country pair.

Measures run on a bounded selection (a ``Subgraph`` such as ``network_between(store, ["DE"], ["PL"])``
or a networkx graph), never on the whole store per request. Multiple relationships between the same
two nodes count once. Betweenness is exact up to ``EXACT_BETWEENNESS_NODES`` nodes and sampled with
a fixed seed above, so the same selection always gives the same numbers. The whole-store country
pair table is computed once per store state and cached.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Union

import networkx as nx
import pandas as pd

from graph.i18n import _, country_name
from graph.model import MUNICIPALITY, PARTNER_OF
from graph.store.base import GraphStore, Subgraph

SEED = 42
EXACT_BETWEENNESS_NODES = 1500
BETWEENNESS_SAMPLES = 500

GraphLike = Union[Subgraph, nx.Graph]


def simple_graph(graph: GraphLike) -> nx.Graph:
    """An undirected simple graph (parallel relationships merged, self-loops dropped) with the node attributes kept.

    Parameters
    ----------
    graph : Subgraph or networkx.Graph
        A bounded selection; a Subgraph is converted with ``Subgraph.to_networkx``.

    Returns
    -------
    networkx.Graph
    """
    g = graph.to_networkx() if isinstance(graph, Subgraph) else graph
    simple = nx.Graph()
    simple.add_nodes_from(g.nodes(data=True))
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    return simple


def _row(g: nx.Graph, node_id: str) -> dict:
    data = g.nodes[node_id]
    return {"id": node_id, "name": data.get("name", node_id), "label": data.get("label", ""),
            "country": data.get("country", "")}


def hubs(graph: GraphLike, top: int = 10) -> list[dict]:
    """The most connected nodes: rows with id, name, label, country and degree (ties by id).

    Parameters
    ----------
    graph : Subgraph or networkx.Graph
        A bounded selection, e.g. from :func:`network_between`.
    top : int
        Most rows returned.

    Returns
    -------
    list of dict
        Most relationships first.

    Examples
    --------
    >>> hubs(network_between(store, ["DE"], ["PL"]), top=5)  # doctest: +SKIP
    """
    g = simple_graph(graph)
    order = sorted(g.nodes, key=lambda n: (-g.degree(n), n))[:top]
    return [{**_row(g, n), "degree": g.degree(n)} for n in order]


def brokers(graph: GraphLike, top: int = 10, seed: int = SEED) -> list[dict]:
    """Nodes on the most shortest paths between others (normalised betweenness centrality).

    Rows carry ``betweenness`` and ``sampled`` (True when estimated from BETWEENNESS_SAMPLES
    sources with a fixed seed because the selection is large). Nodes with no brokerage are left out.

    Parameters
    ----------
    graph : Subgraph or networkx.Graph
        A bounded selection.
    top : int
        Most rows returned.
    seed : int
        Seed of the sample of sources on large selections.

    Returns
    -------
    list of dict
        Rows with id, name, label, country, betweenness (0 to 1), degree and sampled; highest first.
    """
    g = simple_graph(graph)
    sampled = g.number_of_nodes() > EXACT_BETWEENNESS_NODES
    k = min(BETWEENNESS_SAMPLES, g.number_of_nodes()) if sampled else None
    scores = nx.betweenness_centrality(g, k=k, seed=seed if sampled else None, normalized=True)
    order = sorted((n for n in g.nodes if scores[n] > 0), key=lambda n: (-scores[n], n))[:top]
    return [{**_row(g, n), "betweenness": round(scores[n], 6), "degree": g.degree(n), "sampled": sampled}
            for n in order]


def communities(graph: GraphLike, seed: int = SEED, resolution: float = 1.0) -> list[dict]:
    """Louvain communities (networkx's ``louvain_communities``), largest first; each with its members and
    its best-connected names.

    Parameters
    ----------
    graph : Subgraph or networkx.Graph
        A bounded selection; without relationships there are no communities (``[]``).
    seed : int
        Seed of networkx's Louvain method, so that a selection always splits the same way.
    resolution : float
        Modularity resolution: above 1 favours smaller communities, below 1 larger ones.

    Returns
    -------
    list of dict
        community (1-based), size, members (ids, sorted), leaders (up to 3 names by degree),
        countries (ISO 3166-1 codes, most members first); ties by the smallest member id.
    """
    g = simple_graph(graph)
    if g.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(g, seed=seed, resolution=resolution)
    groups = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    rows = []
    for number, members in enumerate(groups, start=1):
        leaders = sorted(members, key=lambda n: (-g.degree(n), n))[:3]
        countries = Counter(g.nodes[n].get("country") for n in members if g.nodes[n].get("country"))
        rows.append({"community": number, "size": len(members), "members": members,
                     "leaders": [g.nodes[n].get("name", n) for n in leaders],
                     "countries": [code for code, _ in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))]})
    return rows


def community_of(rows: list[dict]) -> dict[str, int]:
    """Node id -> community number, for colouring a drawing.

    Parameters
    ----------
    rows : list of dict
        As from :func:`communities`.

    Returns
    -------
    dict of str to int
    """
    return {member: row["community"] for row in rows for member in row["members"]}


# -- country pairs -----------------------------------------------------------------------------------


def _pair_counts(nodes: dict, edges: Iterable) -> pd.DataFrame:
    directed: Counter = Counter()
    for edge in edges:
        if edge.type != PARTNER_OF:
            continue
        a, b = nodes.get(edge.source), nodes.get(edge.target)
        ca, cb = (a.get("country") if a else None), (b.get("country") if b else None)
        if ca and cb:
            directed[(ca, cb)] += 1
    return _pair_table(directed)


def _pair_table(directed: Counter) -> pd.DataFrame:
    """The symmetric country x country table of (source's country, target's country) -> partnerships."""
    counts: Counter = Counter()
    for (ca, cb), n in directed.items():
        counts[(ca, cb)] += n
        if ca != cb:
            counts[(cb, ca)] += n
    import numpy as np

    codes = sorted({c for pair in counts for c in pair})
    at = {code: i for i, code in enumerate(codes)}
    cells = np.zeros((len(codes), len(codes)), dtype="int64")
    for (ca, cb), n in counts.items():
        cells[at[ca], at[cb]] = n
    return pd.DataFrame(cells, index=pd.Index(codes, name="country"), columns=pd.Index(codes, name="partner_country"))


def country_pair_counts(store_or_sub: GraphStore | Subgraph) -> pd.DataFrame:
    """Symmetric country x country table of partnerships (the diagonal counts domestic ones).

    For a store the table is made from its country pairs (``GraphStore.country_pairs``, counted once
    per version of its data; on Neo4j by the server).

    Parameters
    ----------
    store_or_sub : GraphStore or Subgraph
        The whole store, or a selection.

    Returns
    -------
    pandas.DataFrame
        Index ``country`` and columns ``partner_country`` (ISO 3166-1 alpha-2 codes, sorted); int64 counts.
    """
    if isinstance(store_or_sub, Subgraph):
        return _pair_counts(store_or_sub.nodes, store_or_sub.edges)
    return _pair_table(store_or_sub.country_pairs())


def top_country_pairs(matrix: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """The largest cells of a country pair table, each unordered pair once.

    Parameters
    ----------
    matrix : pandas.DataFrame
        As from :func:`country_pair_counts` (symmetric; the diagonal counts domestic partnerships).
    top : int, optional
        Most rows returned (default 20).

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``partner_country`` (ISO 3166-1 codes, ``country`` <= ``partner_country``)
        and ``partnerships``, most first, ties by codes.
    """
    rows = [{"country": a, "partner_country": b, "partnerships": int(matrix.loc[a, b])}
            for a in matrix.index for b in matrix.columns if a <= b and matrix.loc[a, b] > 0]
    rows.sort(key=lambda r: (-r["partnerships"], r["country"], r["partner_country"]))
    return pd.DataFrame(rows[:top], columns=["country", "partner_country", "partnerships"])


# -- selections ------------------------------------------------------------------------------------------


def network_between(store: GraphStore, countries_a: Iterable[str], countries_b: Iterable[str],
                    within: bool = False) -> Subgraph:
    """The partnerships between municipalities of ``countries_a`` and of ``countries_b`` and their ends.

    With the same countries on both sides this is the domestic network of those countries. With
    ``within`` the partnerships among the selected municipalities inside one side are kept too
    (e.g. Polish towns twinned with each other), which is what makes a town a broker between clusters.

    Parameters
    ----------
    store : GraphStore
        The graph.
    countries_a, countries_b : iterable of str
        ISO 3166-1 alpha-2 codes of each side, in any case.
    within : bool
        Keep the partnerships among the selected municipalities of one side as well.

    Returns
    -------
    Subgraph
        The municipalities at either end (sorted by id) and the partnerships kept.

    Examples
    --------
    >>> sub = network_between(store, ["DE"], ["PL", "CZ"])  # doctest: +SKIP
    """
    a, b = {c.upper() for c in countries_a}, {c.upper() for c in countries_b}
    side_a = {n.id: n for code in sorted(a) for n in store.nodes(MUNICIPALITY, country=code)}
    edges = store.edges(PARTNER_OF, node_ids=side_a)
    others = store.get_many({e.source for e in edges} | {e.target for e in edges})
    nodes, kept = {}, []
    for edge in edges:
        s, t = others.get(edge.source), others.get(edge.target)
        if s is None or t is None:
            continue
        cs, ct = s.get("country"), t.get("country")
        if (cs in a and ct in b) or (cs in b and ct in a):
            kept.append(edge)
            nodes[s.id], nodes[t.id] = s, t
    if within and nodes:
        seen = {e.identity for e in kept}
        kept.extend(e for e in store.edges(PARTNER_OF, node_ids=nodes)
                    if e.source in nodes and e.target in nodes and e.identity not in seen)
        kept.sort(key=lambda e: e.identity)
    label_a, label_b = (", ".join(country_name(c) for c in sorted(side)) for side in (a, b))
    rule = (_("municipalities of {a} and {b} with a partnership between the two, and their partnerships "
              "among each other") if within else
            _("municipalities of {a} and {b} with a partnership between the two"))
    return Subgraph(dict(sorted(nodes.items())), kept, len(nodes), rule.format(a=label_a, b=label_b))
