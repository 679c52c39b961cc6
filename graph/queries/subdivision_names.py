"""Names of first-level subdivisions: the one a user means by a name (``find_subdivision``), and the
name a table shows (``subdivision_label``), so that "DE-SN", "Sachsen" and "Saxony" are one place."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from graph.i18n import _
from graph.geo import subdivisions
from graph.text import fold

UNKNOWN_SUBDIVISION = "(unknown)"

# Subdivision Region nodes are optional in a store, so names come from graph.geo.regions (ISO 3166-2
# with English and German names). A name several countries use for a subdivision means the one of
# these countries first, then the one with the smallest code: users name German Länder most often.
_FIRST_COUNTRIES = ("DE", "AT", "CH")


def subdivision_label(value: str | None, country: str | None = None) -> str:
    """The name of a municipality's subdivision value in the current language ("DE-SN" and "Sachsen" ->
    "Saxony" / "Sachsen"), so that both spellings land in one row of a table.

    The one path of subdivision names, ``graph.i18n.subdivision_name`` (ISO 3166-2 via pycountry,
    GeoNames' admin1 names, ISO's German translation); an unknown value stays as it is, and no value
    gives ``UNKNOWN_SUBDIVISION`` in words.

    Parameters
    ----------
    value : str or None
        A municipality's ``subdivision``: an ISO 3166-2 code or a name in any of its languages.
    country : str, optional
        The municipality's ISO 3166-1 alpha-2 code, which settles a name several countries use.

    Returns
    -------
    str
        The subdivision's name in the current language; ``value`` itself when unknown; "(unknown)"
        in the current language when there is no value.

    Examples
    --------
    >>> subdivision_label("DE-SN"), subdivision_label("Sachsen", "DE")
    ('Saxony', 'Saxony')
    """
    from graph.i18n import subdivision_name

    if not value:
        return _(UNKNOWN_SUBDIVISION)
    return subdivision_name(value, country) or value


@lru_cache(maxsize=1)
def _subdivision_index() -> dict[str, list[subdivisions.Subdivision]]:
    """Folded name -> subdivisions of every country going by it (built once, about a second)."""
    index: dict[str, list[subdivisions.Subdivision]] = {}
    for country in pycountry.countries:
        for sub in subdivisions.subdivisions(country.alpha_2):
            for name in sub.names:
                if fold(name):
                    index.setdefault(fold(name), []).append(sub)
    first = {code: i for i, code in enumerate(_FIRST_COUNTRIES)}
    for subs in index.values():
        subs.sort(key=lambda s: (first.get(s.country, len(first)), s.code))
    return index


# Everyday names of German Länder that ISO 3166-2 does not list: abbreviations used in administration
# and the press. Official long forms ("Freistaat Sachsen", "Freie und Hansestadt Hamburg") are
# understood by dropping the title (_STATE_TITLES).
LAND_ALIASES = {"nrw": "DE-NW", "bawu": "DE-BW", "rlp": "DE-RP", "mv": "DE-MV", "meckpomm": "DE-MV",
                "lsa": "DE-ST", "hansestadt hamburg": "DE-HH", "hansestadt bremen": "DE-HB"}
_STATE_TITLES = ("freistaat ", "free state of ", "land ", "bundesland ", "freie und ", "freie ", "state of ")


def find_subdivision(text: str) -> subdivisions.Subdivision | None:
    """The first-level subdivision a user means by ``text``, in any country.

    Parameters
    ----------
    text : str
        An ISO 3166-2 code ("DE-SN"), a name in the local language, English or German ("Sachsen",
        "Saxony"), an official long form ("Freistaat Sachsen") or an everyday abbreviation of a
        German Land (``LAND_ALIASES``: "NRW"); case, accents and punctuation aside.

    Returns
    -------
    Subdivision or None
        The subdivision (ISO 3166-2 via pycountry); for a name several countries use, the one of
        ``_FIRST_COUNTRIES`` (Germany, Austria, Switzerland) first, then the smallest code; None
        when no subdivision goes by it.
    """
    sub = subdivisions.subdivision(text)  # an ISO code carries its country
    if sub is not None:
        return sub
    key = fold(text)
    for title in _STATE_TITLES:  # "Freistaat Sachsen" -> "sachsen", "Freie und Hansestadt Hamburg" -> ...
        if key.startswith(title) and len(key) > len(title):
            key = key[len(title):]
    if key in LAND_ALIASES:
        return subdivisions.subdivision(LAND_ALIASES[key])
    found = _subdivision_index().get(key)
    return found[0] if found else None

