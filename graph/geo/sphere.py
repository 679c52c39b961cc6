"""The nearest of many points on the Earth however far, and the pairs of points near each other, through a
k-d tree (``scipy.spatial.cKDTree``).

Each point is kept as a unit vector (x, y, z): the straight-line distance between two of them grows
with their great-circle distance, so the nearest by one is the nearest by the other, and a tree over
the vectors answers in microseconds what a scan of every point by haversine answers in milliseconds
(235,000 gazetteer places: 9 ms per question).
"""

from __future__ import annotations

import math


def unit_vectors(lats, lons):
    """Points as rows (x, y, z) on the unit sphere.

    Parameters
    ----------
    lats, lons : array-like of float
        Latitudes and longitudes in decimal degrees (WGS 84), of the same length.

    Returns
    -------
    numpy.ndarray
        Shape (n, 3), float64.
    """
    import numpy as np

    la, lo = np.radians(np.asarray(lats, dtype=np.float64)), np.radians(np.asarray(lons, dtype=np.float64))
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


class SphereIndex:
    """The nearest of a fixed set of points, by great-circle distance.

    Parameters
    ----------
    lats, lons : array-like of float
        The points in decimal degrees; a point is named by its position in these arrays.
    """

    def __init__(self, lats, lons) -> None:
        from scipy.spatial import cKDTree

        self._tree = cKDTree(unit_vectors(lats, lons))

    def nearest(self, lat: float, lon: float) -> int:
        """The position of the point nearest to (``lat``, ``lon``); of several equally near, the first.

        Parameters
        ----------
        lat, lon : float
            Decimal degrees.

        Returns
        -------
        int
            A position in the arrays the index was made from.

        Raises
        ------
        ValueError
            ``lat`` or ``lon`` is not a finite number, or the index holds no point.
        """
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise ValueError(f"not a point on the Earth: {lat!r}, {lon!r}")
        if self._tree.n == 0:
            raise ValueError("the index holds no point")
        point = unit_vectors([lat], [lon])[0]
        dist, first = self._tree.query(point)
        # every point as near (ties: the same coordinates), the first of them as a scan would find it
        tied = self._tree.query_ball_point(point, dist * (1 + 1e-12) + 1e-15)
        return min(tied) if tied else int(first)


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distances in km between points given as arrays (numpy broadcasting).

    The same formula as :func:`graph.geo.gazetteer_index.distance_km` (haversine on a sphere of 6,371
    km radius), worked out for many pairs at once; numpy's sine and cosine may differ from ``math``'s in
    the last digit (about 1 pair in 3,000).

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : array-like of float
        Decimal degrees (WGS 84); shapes that broadcast together, e.g. ``(n, 1)`` against ``(1, m)``
        for every pair of two lists. NaN gives NaN.

    Returns
    -------
    numpy.ndarray
        Kilometres, in the broadcast shape.

    Examples
    --------
    >>> round(float(haversine_km(51.34, 12.37, 50.06, 19.94)))
    552
    """
    import numpy as np

    p1, p2 = np.radians(np.asarray(lat1, dtype=np.float64)), np.radians(np.asarray(lat2, dtype=np.float64))
    dl = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 12742.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def pairs_within_km(lats, lons, other_lats, other_lons, km: float):
    """The pairs of points, one of each list, at most ``km`` apart by :func:`haversine_km`.

    A k-d tree over the second list's unit vectors proposes the pairs whose straight line through the
    Earth is at most that of an arc of ``km`` (a little longer, so none is missed); the haversine of each
    proposed pair decides.

    Parameters
    ----------
    lats, lons, other_lats, other_lons : numpy.ndarray of float
        Decimal degrees; a point with NaN in either is near nothing.
    km : float
        The greatest distance in km.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Positions in the first list and in the second, sorted by the first, then the second.
    """
    import numpy as np
    from scipy.spatial import cKDTree

    none = (np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp))
    placed = np.flatnonzero(np.isfinite(lats) & np.isfinite(lons))
    o_placed = np.flatnonzero(np.isfinite(other_lats) & np.isfinite(other_lons))
    if not len(placed) or not len(o_placed):
        return none
    tree = cKDTree(unit_vectors(other_lats[o_placed], other_lons[o_placed]))
    chord = 2 * math.sin(min(km / 12742.0, math.pi / 2)) * (1 + 1e-9) + 1e-12
    proposed = tree.query_ball_point(unit_vectors(lats[placed], lons[placed]), chord)
    rows = np.repeat(placed, [len(found) for found in proposed])
    if not len(rows):
        return none
    cols = o_placed[np.concatenate([np.asarray(found, dtype=np.intp) for found in proposed])]
    order = np.lexsort((cols, rows))
    rows, cols = rows[order], cols[order]
    near = haversine_km(lats[rows], lons[rows], other_lats[cols], other_lons[cols]) <= km
    return rows[near], cols[near]
