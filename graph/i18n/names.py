"""Names in the current language: partnership kinds, relationship types, countries, subdivisions.

Sources: partnership kinds and relationship types from the partnernet catalogue (the German words of
German municipal practice: Städtepartnerschaft, Städtefreundschaft ...); country names in German from
CLDR (babel's ``Locale("de").territories``: "Russland", "Vereinigtes Königreich"), falling back to ISO
3166-1's German translation (pycountry); subdivision names from ISO 3166-2 and its German translation
("DE-SN" -> "Sachsen", English "Saxony").
"""

from __future__ import annotations

from functools import lru_cache

import graph.i18n.core as i18n
from graph.model import set_namer
from graph.text import fold

# In English a kind is shown as its code ("twin"); the German words live in the catalogue (context "kind").
KIND_LABELS = ("twin", "friendship", "contact", "project", "solidarity", "climate")

# CLDR's German names that a German reader would not write in a table of partners.
_GERMAN_COUNTRY_OVERRIDES = {"CD": "Demokratische Republik Kongo", "CG": "Republik Kongo", "XK": "Kosovo",
                             "PS": "Palästina", "MK": "Nordmazedonien"}


def kind_label(kind: object) -> str:
    """A partnership kind code in words: "twin" -> "twin" / "Städtepartnerschaft".

    Parameters
    ----------
    kind : object
        One of ``graph.model.PARTNERSHIP_KINDS``; anything else is returned as text, None as "".

    Examples
    --------
    >>> with i18n.using("de"):
    ...     kind_label("twin")
    'Städtepartnerschaft'
    """
    if kind is None or kind == "":
        return ""
    text = str(kind)
    return i18n.pgettext("kind", text) if text in KIND_LABELS else text


def kind_phrase(kind: object) -> str:
    """A kind as a legend or label says it: "twin partnership" in English, "Städtepartnerschaft" in German.

    Examples
    --------
    >>> kind_phrase(None), kind_phrase("friendship")
    ('twin partnership', 'friendship partnership')
    """
    text = "twin" if kind is None or kind == "" else str(kind)
    if i18n.language() == "en" or text not in KIND_LABELS:
        return f"{text} partnership"
    return kind_label(text)


def rel_label(rel_type: str) -> str:
    """A relationship type in words: PARTNER_OF -> "partner of" / "Partner von".

    Examples
    --------
    >>> rel_label("PARTNER_OF")
    'partner of'
    """
    english = rel_type.lower().replace("_", " ")
    return i18n.pgettext("relationship", english)


def country_name(code: object) -> str:
    """The name of an ISO 3166-1 alpha-2 code in the current language ("" for no code).

    Examples
    --------
    >>> with i18n.using("de"):
    ...     country_name("UA"), country_name("GB")
    ('Ukraine', 'Vereinigtes Königreich')
    """
    if not isinstance(code, str) or not code:
        return ""
    return _country_name(code.upper(), i18n.language())


@lru_cache(maxsize=4096)
def _country_name(code: str, lang: str) -> str:
    from graph.geo.countries import country_name as english_name

    if lang == "en":
        return english_name(code)
    if code in _GERMAN_COUNTRY_OVERRIDES:
        return _GERMAN_COUNTRY_OVERRIDES[code]
    try:
        from babel import Locale

        name = Locale.parse(lang).territories.get(code)
    except Exception:  # babel without this locale's data: ISO's own translation below
        name = None
    if name:
        return name
    import pycountry

    from graph.geo.subdivisions import german

    country = pycountry.countries.get(alpha_2=code)
    return german("iso3166-1").gettext(country.name) if country else code


def subdivision_name(value: object, country: str | None = None) -> str:
    """The name of a subdivision value (ISO 3166-2 code or any of its names) in the current language.

    German: ISO 3166-2's German translation where it has one, else the local name for the German-speaking
    countries and the English name elsewhere. A value ISO 3166-2 does not know is returned as it is.

    Examples
    --------
    >>> subdivision_name("DE-SN")
    'Saxony'
    >>> with i18n.using("de"):
    ...     subdivision_name("DE-SN"), subdivision_name("Saxony", "DE")
    ('Sachsen', 'Sachsen')
    """
    if not isinstance(value, str) or not value:
        return ""
    return _subdivision_name(value, country, i18n.language())


@lru_cache(maxsize=8192)
def _subdivision_name(value: str, country: str | None, lang: str) -> str:
    from graph.geo.subdivisions import subdivision

    sub = subdivision(value, country)
    if sub is None:
        return value
    if lang == "en":
        return sub.name_en
    if sub.name_de and sub.name_de != sub.name:
        return sub.name_de
    return sub.name if sub.country in ("DE", "AT", "CH", "LI", "LU") else sub.name_en


def region_label(name: str, name_de: str | None = None) -> str:
    """A region's name in the current language: its German name where the region data has one."""
    return name_de if i18n.language() == "de" and name_de else name


def place_name(node: object) -> str:
    """A place's name in the current language: CLDR's name where CLDR names the place ("Kiew" in German,
    "Kyiv" in English), else the name it is stored under (its local official name, see
    ``graph.geo.placenames``). The one function every view, table, map and export shows a place's name by.

    Parameters
    ----------
    node : Node or mapping
        A node (anything with ``name`` and ``get``) or a row of its properties (``name``, ``zone``).

    Examples
    --------
    >>> with i18n.using("de"):
    ...     place_name({"name": "Kyiv", "zone": "Europe/Kyiv"}), place_name({"name": "Kraków"})
    ('Kiew', 'Kraków')
    """
    getter = getattr(node, "get", None)
    zone = getter("zone") if getter else None
    name = getter("name") if getter else getattr(node, "name", None)
    if isinstance(zone, str) and zone:
        from graph.geo.placenames import zone_city

        shown = zone_city(zone, i18n.language())
        if shown and (name is None or fold(shown) != fold(str(name))):  # "Zurich" adds nothing to "Zürich"
            return shown
    return "" if name is None else str(name)


# Kinds of municipality records (graph.model.MUNICIPALITY_KINDS) as a picker says them; German in the catalogue.
PLACE_KINDS = ("city", "town", "municipality", "district", "county", "region")


def place_kind_label(kind: object) -> str:
    """A municipality record's kind in words: "county" -> "county" / "Kreis oder Bezirk" ("" for none)."""
    text = "" if kind is None else str(kind)
    return i18n.pgettext("place kind", text) if text in PLACE_KINDS else text


def place_label(node: object, partners: int | None = None) -> str:
    """One line that tells a place from its namesakes, in the current language: its name
    (``place_name``), subdivision and country, kind and number of partnerships.

    Parameters
    ----------
    node : Node
        A municipality (anything with ``name`` and ``get``).
    partners : int, optional
        Its number of partnerships; left out when None.

    Examples
    --------
    >>> from graph.model import Node
    >>> with i18n.using("de"):
    ...     place_label(Node("Municipality", "mun:gn:2867543", {"name": "Münster", "country": "DE",
    ...                 "subdivision": "DE-NW", "kind": "city"}), 47)
    'Münster (Nordrhein-Westfalen, Deutschland) · Stadt · 47 Partnerschaften'
    >>> with i18n.using("de"):
    ...     place_label(Node("Municipality", "mun:gn:703448", {"name": "Kyiv", "country": "UA",
    ...                 "subdivision": "UA-30", "zone": "Europe/Kyiv"}))
    'Kiew (Ukraine)'
    """
    country, shown = node.get("country"), place_name(node)
    sub = node.get("subdivision")
    if sub and _same_place(sub, country, {node.get("name"), shown}):
        sub = None  # a city that is its own Land or region is not named twice: "Kiew (Ukraine)", "Berlin (Deutschland)"
    where = ", ".join(p for p in (subdivision_name(sub, country), country_name(country)) if p)
    parts = [f"{shown} ({where})" if where else shown]
    if node.get("kind"):
        parts.append(place_kind_label(node.get("kind")))
    if partners is not None:
        parts.append(i18n.ngettext("{n} partnership", "{n} partnerships", partners).format(n=partners))
    return " · ".join(parts)


def _same_place(subdivision: str, country: str | None, names: set) -> bool:
    from graph.geo.subdivisions import subdivision_names

    keys = {fold(n) for n in names if isinstance(n, str) and n}
    return bool(keys & {fold(n) for n in subdivision_names(subdivision, country) if n})


def distinct_labels(labels: dict[str, str]) -> dict[str, str]:
    """The labels of several choices (id -> label), each one different: a label two choices share is
    followed by each one's id ("… · mun:gn:2867539"), so a picker never shows two alike.

    Examples
    --------
    >>> distinct_labels({"a": "Münster", "b": "Münster", "c": "Minsk"})
    {'a': 'Münster · a', 'b': 'Münster · b', 'c': 'Minsk'}
    """
    seen: dict[str, int] = {}
    for text in labels.values():
        seen[text] = seen.get(text, 0) + 1
    return {key: f"{text} · {key}" if seen[text] > 1 else text for key, text in labels.items()}


set_namer(place_name)
