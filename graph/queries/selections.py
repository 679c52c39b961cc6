"""The parts of the graph a view shows or a file exports, chosen once for the app and the command line.

Each function answers one question both entry points ask ("the partnerships from Sachsen to
Ukraine, as a graph", "how the suggested partners are linked to the origin", "partnerships per
country pair"), so that the explorer and ``partnernet`` give the same nodes, relationships and counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from graph.i18n import _, area_name, ngettext, number, pgettext
from graph.errors import UsageError, check_at_least, check_choices
from graph.geo.countries import country_name
from graph.model import COUNTRY, MUNICIPALITY, PARTNER_OF, PARTNERSHIP_KINDS, REGION, SOURCE
from graph.queries.regional import Area, coverage_gaps, existing_partnerships, resolve_area
from graph.store.base import GraphStore, Subgraph

if TYPE_CHECKING:
    import pandas as pd

REGION_ORDER = {"continent": 0, "group": 1, "subregion": 2, "subdivision": 3}


def region_partnerships(store: GraphStore, origin: Area, target: Area,
                        kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """The partnerships from ``origin`` to ``target`` (one row each), optionally of some kinds only.

    Parameters
    ----------
    store : GraphStore
    origin, target : Area
        From :func:`graph.queries.regional.resolve_area`.
    kinds : sequence of str, optional
        Partnership kinds to keep (``graph.model.PARTNERSHIP_KINDS``); None or empty keeps all.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`graph.queries.regional.existing_partnerships`.

    Raises
    ------
    UsageError
        A kind outside ``PARTNERSHIP_KINDS``.

    Examples
    --------
    >>> frame = region_partnerships(store, resolve_area(store, "Sachsen"), resolve_area(store, "UA"), ["twin"])
    """
    kinds = check_choices("partnership kind", kinds, PARTNERSHIP_KINDS)
    frame = existing_partnerships(store, origin, target)
    if kinds:
        frame = frame[frame["kind"].isin(kinds)].reset_index(drop=True)
    return frame


def listed_partnerships(store: GraphStore, frame: pd.DataFrame) -> Subgraph:
    """The partnerships listed in a table and their municipalities: the graph of a region question.

    Only the rows of the table become relationships: two listed municipalities that are partners of
    each other without that partnership being in the table (e.g. two Saxon towns when the question is
    Sachsen → Ukraine) are not linked in the result.

    Parameters
    ----------
    store : GraphStore
    frame : pandas.DataFrame
        With the columns ``origin_id``, ``partner_id`` and ``kind`` (as from :func:`region_partnerships`).

    Returns
    -------
    Subgraph
        The municipalities of the table and one PARTNER_OF relationship per row; ``rule`` says so.

    Examples
    --------
    >>> sub = listed_partnerships(store, region_partnerships(store, origin, target))
    >>> len(sub.edges) == len(frame)
    True
    """
    wanted = {(min(a, b), max(a, b), k) for a, b, k in zip(frame["origin_id"], frame["partner_id"], frame["kind"])}
    sub = store.subgraph(set(frame["origin_id"]) | set(frame["partner_id"]))
    sub.edges = [e for e in sub.edges if e.type == PARTNER_OF
                 and (min(e.source, e.target), max(e.source, e.target), e.props.get("kind")) in wanted]
    sub.rule = ngettext("the {n} partnership listed", "the {n} partnerships listed", len(sub.edges)).format(
        n=number(len(sub.edges)))
    return sub


def suggestion_subgraph(store: GraphStore, origin_id: str, candidates: Iterable[str],
                        paths: Iterable[Sequence[str]]) -> Subgraph:
    """The origin, the suggested municipalities and the relationships along the paths that link them.

    Parameters
    ----------
    store : GraphStore
    origin_id : str
    candidates : iterable of str
        Node ids of the suggested municipalities (``Suggestion.node.id``).
    paths : iterable of sequences of str
        Node-id paths (``Suggestion.paths``); only relationships between consecutive ids are kept.

    Returns
    -------
    Subgraph

    Examples
    --------
    >>> found = suggest_partners(store, origin.id, target, limit=10)
    >>> sub = suggestion_subgraph(store, origin.id, [s.node.id for s in found], [p for s in found for p in s.paths])
    """
    paths = [tuple(p) for p in paths]
    ids = {origin_id, *candidates, *(i for p in paths for i in p)}
    on_path = {frozenset(pair) for p in paths for pair in zip(p, p[1:])}
    sub = store.subgraph(ids)
    sub.edges = [e for e in sub.edges if frozenset((e.source, e.target)) in on_path]
    sub.rule = _("the origin, the suggested municipalities and what links them")
    return sub


def path_lines(store: GraphStore, paths: Iterable[Sequence[str]]) -> list[str]:
    """Paths of node ids in words: ``"Gießen — Winchester — Kumasi"`` (an unknown id stays as it is).

    Parameters
    ----------
    store : GraphStore
    paths : iterable of sequences of str

    Returns
    -------
    list of str
        One line per path, in the order given.
    """
    paths = [tuple(p) for p in paths]
    nodes = store.get_many({i for p in paths for i in p})
    return [" — ".join(nodes[i].name if i in nodes else i for i in p) for p in paths]


def leading_country_pairs(store: GraphStore, top: int) -> pd.DataFrame:
    """Partnerships per country pair, restricted to the ``top`` countries with the most of them.

    Parameters
    ----------
    store : GraphStore
        Counted over the whole store (:func:`graph.queries.insights.country_pair_counts`).
    top : int
        How many countries, at least 1.

    Returns
    -------
    pandas.DataFrame
        Square matrix of counts (ISO 3166-1 codes as index and columns, most partnerships first),
        empty when there are no partnerships.

    Raises
    ------
    UsageError
        ``top`` below 1.
    """
    from graph.queries.insights import country_pair_counts  # pandas: loaded when a table is asked for

    check_at_least("top", top, 1)
    full = country_pair_counts(store)
    if full.empty:
        return full
    leading = full.sum(axis=1).sort_values(ascending=False).index[:top]
    return full.loc[leading, leading]


def gaps_country(store: GraphStore, origin: Area) -> Area:
    """The country whose subdivisions a coverage-gap count is about: the origin itself, or the one
    country a subdivision or municipality lies in ("Sachsen" → Germany).

    Parameters
    ----------
    store : GraphStore
    origin : Area

    Returns
    -------
    Area
        Of kind ``"country"``.

    Raises
    ------
    UsageError
        A region or an area of several (or no) countries.
    """
    if origin.kind == "country":
        return origin
    if origin.kind in ("subdivision", "municipality") and len(origin.countries) == 1:
        return resolve_area(store, origin.countries[0])
    raise UsageError(_("coverage gaps count the subdivisions of one country; {name!r} is a {kind} of {n} countries; "
                       "give a country (e.g. DE), a Land or a municipality").format(
        name=area_name(origin), kind=pgettext("area", origin.kind), n=len(origin.countries)))


def gaps(store: GraphStore, origin: Area, target: Area) -> pd.DataFrame:
    """The subdivisions of the origin's country with their partnerships into ``target`` (none first).

    Parameters
    ----------
    store : GraphStore
    origin : Area
        The country, one of its subdivisions or a municipality in it (:func:`gaps_country`).
    target : Area
        Where the partners are.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`graph.queries.regional.coverage_gaps`.

    Raises
    ------
    UsageError
        ``origin`` is a region or lies in several countries.

    Examples
    --------
    >>> gaps(store, resolve_area(store, "Sachsen"), resolve_area(store, "Ukraine"))  # the Länder of Germany
    """
    return coverage_gaps(store, gaps_country(store, origin), target)


def place_points(store: GraphStore) -> pd.DataFrame:
    """One point per half degree that holds a municipality: the faint background that outlines the world offline.

    Parameters
    ----------
    store : GraphStore

    Returns
    -------
    pandas.DataFrame
        Columns ``lon``, ``lat`` (degrees, rounded to 0.5), sorted.
    """
    import pandas as pd

    cells = {(round(n.get("lon") * 2) / 2, round(n.get("lat") * 2) / 2) for n in store.nodes(MUNICIPALITY)
             if n.get("lat") is not None and n.get("lon") is not None}
    return pd.DataFrame(sorted(cells), columns=["lon", "lat"])


def country_codes(store: GraphStore) -> list[str]:
    """ISO 3166-1 alpha-2 codes of the Country nodes in the store, sorted by English name.

    Parameters
    ----------
    store : GraphStore

    Returns
    -------
    list of str
    """
    codes = {n.get("code") for n in store.nodes(COUNTRY) if n.get("code")}
    return sorted(codes, key=country_name)


def region_names(store: GraphStore) -> dict[str, str]:
    """Region id → name; continents first, then groups, sub-regions and subdivisions, each by name.

    Parameters
    ----------
    store : GraphStore

    Returns
    -------
    dict of str to str
        In that order (dicts keep it).
    """
    ordered = sorted(store.nodes(REGION), key=lambda n: (REGION_ORDER.get(n.get("kind"), 9), n.name.casefold()))
    return {n.id: n.name for n in ordered}


def source_table(store: GraphStore) -> pd.DataFrame:
    """Every Source node of the store, one row each.

    Parameters
    ----------
    store : GraphStore

    Returns
    -------
    pandas.DataFrame
        Columns ``source`` (title, else name), ``url``, ``file``, ``id``; in the store's order.
    """
    import pandas as pd

    rows = [{"source": n.get("title") or n.name, "url": n.get("url", ""), "file": n.get("file", ""), "id": n.id}
            for n in store.nodes(SOURCE)]
    return pd.DataFrame(rows, columns=["source", "url", "file", "id"])
