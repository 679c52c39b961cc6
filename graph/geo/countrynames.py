"""Country names in other languages and in their historical and long forms.

The translations are ISO 3166-1's own, as the ``iso-codes`` project keeps them and ``pycountry``
ships them (gettext catalogues under ``pycountry.LOCALES_DIR``): "Rumänien", "Vereinigte Staaten",
"Vereinigtes Königreich Großbritannien und Nordirland", "Russische Föderation", "Tunesische Republik",
"Pologne", "Allemagne", "Niemcy", ... A name two languages give to different countries is left
out. Historical and colloquial forms that no ISO translation has ("Weißrussland", "Tschechische
Republik", "DDR", "Moldawien", "Elfenbeinküste") are listed below with their source.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

from graph.text import fold

#: the languages whose ISO 3166 translations are read, German first
LANGUAGES = ("de", "en", "fr", "it", "es", "nl", "pl", "cs", "sk", "hu", "ro", "pt", "da", "sv",
             "nb_NO", "fi", "hr", "sl", "lt", "lv", "et", "tr", "uk", "ru", "bg", "el")

# Forms people still write that are no ISO translation: former official names, the names German
# usage had before ISO's current ones (Duden; Auswärtiges Amt, Verzeichnis der Staatennamen) and
# the short forms of German spreadsheets. Only names that mean one present country today.
HISTORICAL: dict[str, str] = {
    "weissrussland": "BY", "belorussland": "BY", "byelorussia": "BY", "belorussia": "BY",
    "tschechische republik": "CZ", "ceska republika": "CZ", "tschechei": "CZ",
    "slowakische republik": "SK", "russische foderation": "RU", "sowjetrussland": "RU",
    "ddr": "DE", "brd": "DE", "bundesrepublik": "DE", "bundesrepublik deutschland": "DE",
    "deutsche demokratische republik": "DE", "german democratic republic": "DE", "east germany": "DE",
    "west germany": "DE", "federal republic of germany": "DE",
    "moldawien": "MD", "republik moldau": "MD", "moldau": "MD",
    "elfenbeinkuste": "CI", "burma": "MM", "birma": "MM", "zaire": "CD", "persien": "IR", "persia": "IR",
    "ceylon": "LK", "siam": "TH", "kirgisien": "KG", "kirgistan": "KG", "swasiland": "SZ",
    "mazedonien": "MK", "nordmazedonien": "MK", "ehemalige jugoslawische republik mazedonien": "MK",
    "former yugoslav republic of macedonia": "MK", "fyrom": "MK",
    "grossbritannien": "GB", "vereinigtes konigreich": "GB", "england": "GB", "schottland": "GB",
    "nordirland": "GB", "vereinigte staaten": "US", "vereinigte staaten von amerika": "US", "amerika": "US",
    "sudkorea": "KR", "republik korea": "KR", "nordkorea": "KP", "volksrepublik china": "CN",
    "vr china": "CN", "kapverden": "CV", "osttimor": "TL", "turkei": "TR", "holland": "NL",
    "vatikan": "VA", "vatikanstadt": "VA", "palastina": "PS", "palastinensische gebiete": "PS",
    "kongo": "CG", "demokratische republik kongo": "CD", "kosovo": "XK", "republik kosovo": "XK",
    "bosnien": "BA", "bosnien herzegowina": "BA", "bosnien und herzegowina": "BA",
}


def _translations(language: str):
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:  # a catalogue missing from this pycountry: that language is skipped
        return None


@lru_cache(maxsize=1)
def translated_names() -> dict[str, str]:
    """Folded name in any of ``LANGUAGES`` -> ISO alpha-2 code, ambiguous names left out.

    Returns
    -------
    dict
        Built once from pycountry's catalogues and ``HISTORICAL`` (which wins on a clash).

    Example
    -------
    >>> translated_names()["rumanien"], translated_names()["vereinigte staaten"]
    ('RO', 'US')
    """
    found: dict[str, set[str]] = {}
    for language in LANGUAGES:
        catalogue = _translations(language)
        if catalogue is None:
            continue
        for country in pycountry.countries:
            for english in {country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")}:
                if not english:
                    continue
                text = catalogue.gettext(english)
                for form in {text, *(_reordered(text))}:
                    key = fold(form)
                    if len(key) >= 4:
                        found.setdefault(key, set()).add(country.alpha_2)
    names = {key: next(iter(codes)) for key, codes in found.items() if len(codes) == 1}
    names.update(HISTORICAL)
    return names


def _reordered(text: str) -> tuple[str, ...]:
    """"Korea, Republik" also as "Republik Korea"; "Moldau, Republik" as "Republik Moldau"."""
    head, comma, tail = text.partition(", ")
    return (f"{tail} {head}",) if comma and tail and "," not in tail else ()


def country_code(text: str) -> str | None:
    """ISO alpha-2 code of a country name in another language or a historical form, or None.

    Parameters
    ----------
    text : str
        A country name as written ("Rumänien", "Weißrussland", "Tschechische Republik").

    Returns
    -------
    str or None
        The code, or None when no language's name for exactly one country matches.

    Example
    -------
    >>> country_code("Weißrussland"), country_code("Tunesien"), country_code("Atlantis")
    ('BY', 'TN', None)
    """
    key = fold(text)
    if not key:
        return None
    return translated_names().get(key)
