"""Where a suggestion's candidates and their partners lie: distances and ties near the origin.

For the thousands of candidates of a country, the distances are worked out as arrays
(:func:`graph.geo.sphere.haversine_km`, the haversine of :func:`graph.geo.gazetteer_index.distance_km`)
instead of one Python call per pair, and what depends on a partner alone (whether it lies in the origin's
Land or within ``NEAR_KM`` of it) once per partner, not once per candidate it is a partner of.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from graph.geo.gazetteer import distance_km
from graph.model import Node
from graph.text import fold

NEAR_KM = 40.0  # a candidate's partner this close to the origin is a neighbour of the origin


def same_subdivision(a: Node, b: Node) -> bool:
    """Whether two municipalities lie in the same country and first-level subdivision.

    Parameters
    ----------
    a, b : Node
        Municipality nodes; subdivision values are compared folded (an ISO 3166-2 code and a name differ).
    Returns
    -------
    bool
        False when ``a`` has no subdivision.
    """
    return bool(a.get("subdivision")) and a.get("country") == b.get("country") and \
        fold(a.get("subdivision")) == fold(b.get("subdivision") or "")


def km_between(a: Node, b: Node) -> float | None:
    """Great-circle distance in km between two municipalities, None when either has no coordinates.

    Parameters
    ----------
    a, b : Node
        Municipalities with ``lat`` and ``lon`` in degrees (from GeoNames where linked).

    Returns
    -------
    float or None
        Haversine distance in km on a sphere of 6,371 km radius.

    Examples
    --------
    >>> from graph.model import Node
    >>> leipzig = Node.trusted("Municipality", "a", {"name": "Leipzig", "lat": 51.34, "lon": 12.37})
    >>> krakow = Node.trusted("Municipality", "b", {"name": "Kraków", "lat": 50.06, "lon": 19.94})
    >>> round(km_between(leipzig, krakow))
    552
    """
    pa, pb = a.props, b.props
    lat1, lon1, lat2, lon2 = pa.get("lat"), pa.get("lon"), pb.get("lat"), pb.get("lon")
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    return distance_km(lat1, lon1, lat2, lon2)


def _coordinates(nodes: Sequence[Node]):
    import numpy as np

    lats = np.array([n.props.get("lat", np.nan) for n in nodes], dtype=np.float64)
    lons = np.array([n.props.get("lon", np.nan) for n in nodes], dtype=np.float64)
    return lats, lons


def km_from(origin: Node, nodes: Sequence[Node]) -> list[float | None]:
    """The distance of each of ``nodes`` from ``origin``: :func:`km_between`'s haversine worked out as
    an array (numpy's trigonometry may differ from ``math``'s in the last digit).

    Parameters
    ----------
    origin : Node
    nodes : sequence of Node
    Returns
    -------
    list of float or None
        Kilometres in the order of ``nodes``; None where either has no coordinates.
    """
    from graph.geo.sphere import haversine_km

    if origin.props.get("lat") is None or origin.props.get("lon") is None or not nodes:
        return [None] * len(nodes)
    lats, lons = _coordinates(nodes)
    km = haversine_km(origin.props["lat"], origin.props["lon"], lats, lons)
    return [None if v != v else v for v in km.tolist()]  # NaN: no coordinates


def near_pairs(nodes: Sequence[Node], others: Sequence[Node], km: float) -> list[tuple[int, int]]:
    """The pairs (position in ``nodes``, position in ``others``) at most ``km`` apart, by the haversine
    of :func:`km_between` (:func:`graph.geo.sphere.pairs_within_km`: a k-d tree proposes, the haversine
    decides, so the cost grows with the pairs found, not with ``len(nodes) * len(others)``).

    Parameters
    ----------
    nodes, others : sequence of Node
        Places with ``lat`` and ``lon``; those without coordinates are near nothing.
    km : float
        The greatest distance (haversine, km).
    Returns
    -------
    list of (int, int)
        In the order of ``nodes``, then of ``others``.
    """
    from graph.geo.sphere import pairs_within_km

    if not nodes or not others:
        return []
    rows, cols = pairs_within_km(*_coordinates(nodes), *_coordinates(others), km)
    return list(zip(rows.tolist(), cols.tolist()))


def partner_places(origin: Node, places: Mapping[str, Node]) -> tuple[set[str], set[str]]:
    """Of the places given (the candidates' partners in the origin's country and the origin's own
    partners), those in the origin's Land and those within ``NEAR_KM`` of it.

    Parameters
    ----------
    origin : Node
        The municipality looking for a partner.
    places : mapping of str to Node
        Partner id -> its node with the place facts (country, subdivision, coordinates).
    Returns
    -------
    (set of str, set of str)
        The ids in the origin's Land (:func:`same_subdivision`) and those within ``NEAR_KM`` of it.
    """
    ids = list(places)
    land = {p for p in ids if same_subdivision(places[p], origin)}
    nodes = [places[p] for p in ids]
    near = {ids[i] for i, _ in near_pairs(nodes, [origin], NEAR_KM)}
    return land, near
