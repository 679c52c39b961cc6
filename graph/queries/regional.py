"""Partnerships by area: which municipalities of one area have partners in another, as a table, a
matrix of subdivisions by countries, and the subdivisions with none (coverage gaps).

Areas (``Area``, ``resolve_area``) are in ``graph.queries.areas``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterable

from graph.i18n import _, area_name, country_name as local_country_name
from graph.geo import subdivisions
from graph.errors import NotFound, UsageError
from graph.model import MUNICIPALITY, Node
from graph.queries.areas import Area, municipalities_in, resolve_area  # noqa: F401  (re-exported)
from graph.queries.subdivision_names import subdivision_label
from graph.store.base import GraphStore, Subgraph
from graph.store.shared import without_cyclic_gc
from graph.text import fold

if TYPE_CHECKING:
    import pandas as pd


PARTNERSHIP_COLUMNS = [
    "origin", "origin_subdivision", "origin_country", "partner", "partner_subdivision", "partner_country",
    "kind", "since", "sources", "origin_id", "partner_id",
]


@without_cyclic_gc
def existing_partnerships(store: GraphStore, origin: Area, target: Area) -> pd.DataFrame:
    """One row per partnership from a municipality of ``origin`` to one of ``target``.

    A partnership with both ends in both areas (e.g. Saxony to Germany) is listed once, from the
    end with the smaller id.

    Parameters
    ----------
    store : GraphStore
        The graph.
    origin, target : Area
        Areas from :func:`graph.queries.areas.resolve_area`.

    Returns
    -------
    pandas.DataFrame
        Columns ``PARTNERSHIP_COLUMNS``: origin and partner with their subdivision and ISO 3166-1 country,
        kind, since (year, nullable), sources and both ids.
    """
    import pandas as pd

    labels: dict[tuple, str | None] = {}  # a region's municipalities share a few subdivisions: named once each

    def label(node: Node) -> str | None:
        key = (node.get("subdivision"), node.get("country"))
        if key not in labels:
            labels[key] = subdivision_label(*key)
        return labels[key]

    rows = []
    for node, edge, partner in store.partnerships_between(origin, target):
        rows.append((
            node.name, label(node), node.get("country", ""), partner.name, label(partner),
            partner.get("country", ""), edge.props.get("kind", ""), edge.props.get("since"),
            "; ".join(edge.props.get("sources", ())), node.id, partner.id,
        ))
    # by Land, origin, partner's country, partner and kind, compared folded; a missing value last
    rows.sort(key=lambda row: tuple(_sort_key(row[i]) for i in _SORTED_BY))
    frame = pd.DataFrame(rows, columns=PARTNERSHIP_COLUMNS)
    frame["since"] = frame["since"].astype("Int64")
    return frame


_SORTED_BY = tuple(PARTNERSHIP_COLUMNS.index(c) for c in ("origin_subdivision", "origin", "partner_country", "partner",
                                                            "kind"))


def _sort_key(value) -> tuple:
    return (0, fold(value)) if isinstance(value, str) else (1, "")


MATRIX_ROWS = ("origin_subdivision", "origin_country", "origin")
MATRIX_COLUMNS = ("partner_country", "partner_subdivision", "partner")


def partnership_matrix(df: pd.DataFrame, rows: str = "origin_subdivision", cols: str = "partner_country") -> pd.DataFrame:
    """Counts of partnerships, ``rows`` x ``cols`` (absent combinations are 0), sorted by label.

    Parameters
    ----------
    df : pandas.DataFrame
        Rows of :func:`existing_partnerships`.
    rows : str
        One of ``MATRIX_ROWS``: origin_subdivision, origin_country or origin.
    cols : str
        One of ``MATRIX_COLUMNS``: partner_country, partner_subdivision or partner.

    Returns
    -------
    pandas.DataFrame
        Integer counts; an empty frame for no partnerships.

    Raises
    ------
    UsageError
        ``rows`` or ``cols`` is not one of the allowed columns.
    """
    import pandas as pd

    if rows not in MATRIX_ROWS or cols not in MATRIX_COLUMNS:
        raise UsageError(f"rows must be one of {', '.join(MATRIX_ROWS)} and cols one of {', '.join(MATRIX_COLUMNS)}")
    if df.empty:
        return pd.DataFrame(dtype="int64")
    matrix = pd.crosstab(df[rows].fillna(""), df[cols].fillna(""))
    matrix = matrix.sort_index().sort_index(axis=1)
    matrix.index.name, matrix.columns.name = rows, cols
    return matrix.astype("int64")


def coverage_gaps(store: GraphStore, origin_country: str | Area, target: Area) -> pd.DataFrame:
    """Subdivisions of a country with their partnerships into ``target``; those with none included.

    Every first-level subdivision ISO 3166-2 lists for the country is a row, plus any other
    subdivision value its municipalities carry. Subdivisions without any partnership come first.

    Parameters
    ----------
    store : GraphStore
        The graph.
    origin_country : str or Area
        A country, as a name or code resolved by :func:`resolve_area`, or an area.
    target : Area
        Where the partners are.

    Returns
    -------
    pandas.DataFrame
        Columns subdivision (English name), municipalities (of the subdivision in the store),
        with_partner (how many of them have a partner in the target), partnerships (into the target)
        and partners (their names, comma-separated); fewest partnerships first, then by name.

    Raises
    ------
    NotFound
        ``origin_country`` names no area, or an area that is not a country.

    Examples
    --------
    >>> coverage_gaps(store, "DE", resolve_area(store, "Ukraine")).head(3)  # doctest: +SKIP
    """
    import pandas as pd

    if isinstance(origin_country, str):
        origin_country = resolve_area(store, origin_country)
    if origin_country.kind != "country":
        raise NotFound(_("{name!r} is not a country; coverage gaps are counted by subdivision of a country")
                       .format(name=origin_country.name))
    df = existing_partnerships(store, origin_country, target)
    towns = municipalities_in(store, origin_country)
    counts = Counter(subdivision_label(n.get("subdivision"), n.get("country")) for n in towns)
    for name in _known_subdivisions(origin_country.countries[0]):
        counts.setdefault(name, 0)
    rows = []
    for name, total in counts.items():
        part = df[df["origin_subdivision"] == name]
        rows.append({"subdivision": name, "municipalities": total, "with_partner": part["origin_id"].nunique(),
                     "partnerships": len(part), "partners": ", ".join(sorted(set(part["partner"]), key=fold))})
    frame = pd.DataFrame(rows, columns=["subdivision", "municipalities", "with_partner", "partnerships", "partners"])
    return frame.sort_values(["partnerships", "subdivision"], key=lambda s: s.map(
        lambda v: fold(v) if isinstance(v, str) else v), ignore_index=True)


def _known_subdivisions(country: str) -> list[str]:
    return [subdivision_label(sub.code, country) for sub in subdivisions.subdivisions(country)]


def restrict_to_area(sub: Subgraph, centre: str, countries: Iterable[str] = (), area: Area | None = None,
                     max_nodes: int = 200) -> Subgraph:
    """The part of ``sub`` whose municipalities lie in ``countries`` and ``area``, capped at ``max_nodes``.

    The centre always stays; organisations and conferences stay while they still link to something.
    The cap keeps the centre, then the nodes with the most relationships inside the result (ties by id).

    Parameters
    ----------
    sub : Subgraph
        A neighbourhood, e.g. from ``GraphStore.neighbourhood``.
    centre : str
        Id of the node the neighbourhood is around.
    countries : iterable of str, optional
        ISO 3166-1 alpha-2 codes; empty keeps every country.
    area : Area, optional
        Keep only municipalities inside it as well (:meth:`Area.contains`).
    max_nodes : int, optional
        Most nodes kept (default 200).

    Returns
    -------
    Subgraph
        ``total_nodes`` counts the nodes before the cap; the rule adds where the municipalities lie.
    """
    countries = tuple(countries)

    def keep(node: Node) -> bool:
        if node.id == centre or node.label != MUNICIPALITY:
            return True
        if countries and node.get("country") not in countries:
            return False
        return area is None or area.contains(node)

    ids = {i for i, n in sub.nodes.items() if keep(n)}
    edges = [e for e in sub.edges if e.source in ids and e.target in ids]
    linked = {centre} | {e.source for e in edges} | {e.target for e in edges}
    ids = {i for i in ids if i in linked or sub.nodes[i].label == MUNICIPALITY}
    degree = Subgraph({i: sub.nodes[i] for i in ids}, edges).degrees()
    chosen = sorted(ids, key=lambda i: (i != centre, -degree.get(i, 0), i))[:max_nodes]
    kept = set(chosen)
    where = ", ".join([*(local_country_name(c) for c in countries), *([area_name(area)] if area else [])])
    return Subgraph({i: sub.nodes[i] for i in chosen}, [e for e in edges if e.source in kept and e.target in kept],
                    total_nodes=len(ids), rule=_("{rule}; only municipalities in {where}").format(rule=sub.rule,
                                                                                               where=where))
