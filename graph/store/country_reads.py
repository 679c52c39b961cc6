"""Country totals of the whole store: the municipalities of each country with a central position, and
the partnerships between each pair of countries — what the overview map and the country pair table draw.

Written once over the store's primitives (:class:`CountryReads`, part of ``GraphStore``; the embedded
store answers with it). The Neo4j store counts the same on the server (graph.store.neo4j_queries, one
statement of two aggregations) instead of reading every municipality and partnership over Bolt; the
contract suite keeps both equal. Each answer is counted once per version of the data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING

from graph.model import MUNICIPALITY, PARTNER_OF
from graph.store.shared import per_version

if TYPE_CHECKING:
    from graph.store.base import GraphStore


@dataclass(frozen=True)
class CountrySummary:
    """The municipalities of one country in the store."""

    municipalities: int  # with this ISO 3166-1 alpha-2 code
    lon: float | None = None  # median longitude of those with both coordinates, degrees; None without any
    lat: float | None = None  # median latitude of the same municipalities


def summarise_countries(store: GraphStore) -> dict[str, CountrySummary]:
    """Country code -> its municipalities and their median position, over every municipality.

    Parameters
    ----------
    store : GraphStore
        Every Municipality node of it is read.

    Returns
    -------
    dict of str to CountrySummary
        ISO 3166-1 alpha-2 code -> count and median longitude and latitude (each the median of the
        municipalities with both coordinates, robust to overseas territories); municipalities without
        a code are not counted.
    """
    counted: Counter = Counter()
    spots: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for node in store.nodes(MUNICIPALITY):
        code = node.get("country")
        if not code:
            continue
        counted[code] += 1
        lon, lat = node.get("lon"), node.get("lat")
        if lon is not None and lat is not None:
            spots[code].append((float(lon), float(lat)))
    return {code: CountrySummary(n, *((median(p[0] for p in spots[code]), median(p[1] for p in spots[code]))
                                      if spots.get(code) else (None, None)))
            for code, n in counted.items()}


def count_country_pairs(store: GraphStore) -> Counter:
    """(country of the stored source, country of the target) -> partnerships, over every partnership.

    Parameters
    ----------
    store : GraphStore
        Every Municipality node and PARTNER_OF relationship of it is read.

    Returns
    -------
    Counter
        (ISO 3166-1 alpha-2 code, code) -> number of PARTNER_OF relationships between municipalities
        with those codes, in the direction the store keeps (each partnership once); a partnership with
        an end of unknown country is not counted.
    """
    country = {n.id: n.get("country") for n in store.nodes(MUNICIPALITY) if n.get("country")}
    pairs: Counter = Counter()
    for edge in store.edges(PARTNER_OF):
        ca, cb = country.get(edge.source), country.get(edge.target)
        if ca and cb:
            pairs[(ca, cb)] += 1
    return pairs


class CountryReads:
    """The country totals of :class:`graph.store.base.GraphStore`, by the rules above; a store that
    can count them where the data is overrides ``_count_country_totals``."""

    def country_summaries(self) -> dict[str, CountrySummary]:
        """Country code -> its municipalities and their median position, counted once per version.

        Returns
        -------
        dict of str to CountrySummary
            See :func:`summarise_countries`; a new dict, so the caller may change it.

        Raises
        ------
        StoreError
            The store cannot be read.
        """
        return dict(self._country_totals()[0])

    def country_pairs(self) -> Counter:
        """(country, country) -> partnerships between them, counted once per version.

        Returns
        -------
        Counter
            See :func:`count_country_pairs`; a copy, so the caller may change it.

        Raises
        ------
        StoreError
            The store cannot be read.
        """
        return Counter(self._country_totals()[1])

    def _country_totals(self) -> tuple[dict[str, CountrySummary], Counter]:
        """Both totals, counted together once per version of the data (the version read once)."""
        return per_version(self, "_country_totals_cache", self._count_country_totals)

    def _count_country_totals(self) -> tuple[dict[str, CountrySummary], Counter]:
        """The answers of :meth:`country_summaries` and :meth:`country_pairs`, read from the store (no cache)."""
        return summarise_countries(self), count_country_pairs(self)
