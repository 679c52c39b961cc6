"""Names in the current language: partnership kinds, relationship types, countries, subdivisions, areas.

Sources: partnership kinds and relationship types from the partnernet catalogue (the German words of
German municipal practice: Städtepartnerschaft, Städtefreundschaft ...); country names in German from
CLDR (babel's ``Locale("de").territories``: "Russland", "Vereinigtes Königreich"), falling back to ISO
3166-1's German translation (pycountry); subdivision names from ISO 3166-2 and its German translation
("DE-SN" -> "Sachsen", English "Saxony").
"""

from __future__ import annotations

from functools import lru_cache

import graph.i18n.core as i18n

# In English a kind is shown as its code ("twin"); the German words live in the catalogue (context "kind").
KIND_LABELS = ("twin", "friendship", "contact", "project", "solidarity", "climate")

# CLDR's German names that a German reader would not write in a table of partners.
_GERMAN_COUNTRY_OVERRIDES = {"CD": "Demokratische Republik Kongo", "CG": "Republik Kongo", "XK": "Kosovo",
                             "PS": "Palästina", "MK": "Nordmazedonien"}


def kind_label(kind: object) -> str:
    """A partnership kind code in words: "twin" -> "twin" / "Städtepartnerschaft".

    The German words are the categories of the German municipal partnership database (see the catalogue).

    Parameters
    ----------
    kind : object
        One of ``graph.model.PARTNERSHIP_KINDS``; anything else is returned as text, None as "".

    Returns
    -------
    str
        The code itself in English, its German word in German.

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

    Parameters
    ----------
    kind : object
        A partnership kind code; None or "" count as "twin" (an edge without a kind is a twinning).

    Returns
    -------
    str
        "<kind> partnership" in English (and for codes the model does not know), :func:`kind_label` in German.

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

    Parameters
    ----------
    rel_type : str
        One of ``graph.model.REL_TYPES``.

    Returns
    -------
    str
        The type in lower case with spaces, translated in the catalogue's context ``"relationship"``.

    Examples
    --------
    >>> rel_label("PARTNER_OF")
    'partner of'
    """
    english = rel_type.lower().replace("_", " ")
    return i18n.pgettext("relationship", english)


def country_name(code: object) -> str:
    """The name of an ISO 3166-1 alpha-2 code in the current language ("" for no code).

    English names come from ``graph.geo.countries``; German ones from a few fixed words, else CLDR (via
    babel), else ISO 3166-1's German translation (via pycountry).

    Parameters
    ----------
    code : object
        ISO 3166-1 alpha-2 code in any case; anything but a non-empty string gives "".

    Returns
    -------
    str
        The name; an unknown code is returned upper-cased as given.

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
    countries and the English name elsewhere.

    Parameters
    ----------
    value : object
        An ISO 3166-2 code ("DE-SN") or a local, English or German name; not a string or "" gives "".
    country : str, optional
        ISO 3166-1 alpha-2 code of its country, needed when ``value`` is a name.

    Returns
    -------
    str
        The name; a value ISO 3166-2 does not know is returned as it is.

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
    """A region's name in the current language: its German name where the region data has one.

    Parameters
    ----------
    name : str
        The English name (``data/regions``).
    name_de : str, optional
        The German name from the same data; None or "" when it has none.

    Returns
    -------
    str
        ``name_de`` when speaking German and it is given, else ``name``.
    """
    return name_de if i18n.language() == "de" and name_de else name


def area_name(area) -> str:
    """An area's name in the current language: Länder, countries and regions by their German or English name.

    Parameters
    ----------
    area : graph.queries.areas.Area
        An area a question is about (read: ``kind``, ``name``, ``countries``, ``subdivision``, ``id``).

    Returns
    -------
    str
        :func:`subdivision_name` of a subdivision, :func:`country_name` of a country, the German or
        English name of a region (``data/regions``); a municipality's name, and anything unknown, as stored.

    Examples
    --------
    >>> from graph.queries.areas import Area
    >>> with i18n.using("de"):
    ...     area_name(Area("subdivision", "subdivision:DE-SN", "Saxony", ("DE",), "DE-SN"))
    'Sachsen'
    """
    if area.kind == "subdivision" and area.subdivision:
        return subdivision_name(area.subdivision, area.countries[0] if area.countries else None) or area.name
    if area.kind == "country" and area.countries:
        return country_name(area.countries[0]) or area.name
    if area.kind == "region":
        return region_name(area.id) or area.name
    return area.name


def region_name(region_id: str) -> str:
    """The name of a region of the region data in the current language.

    Parameters
    ----------
    region_id : str
        A region node's id ("region:continent:africa").

    Returns
    -------
    str
        :func:`region_label` of its names in ``data/regions`` (UN M49, EU, DAC groupings); "" if unknown.
    """
    from graph.geo.regions import regions  # the region data, read once per process
    known = regions().get(region_id)
    return region_label(known.name, known.name_de) if known else ""


# Words of the data model a reader sees (a conference's status, an organiser's role, a place's kind):
# each is translated in its own context of the catalogue; a value outside these lists is data.
TERMS: dict[str, tuple[str, ...]] = {
    "label": ("Municipality", "Country", "Region", "Organisation", "Conference", "Theme", "Source"),
    "status": ("planned", "held", "postponed", "cancelled", "held (date passed)"),
    "role": ("host", "organiser", "co-organiser", "partner", "patron", "sponsor"),
    "organisation": ("association", "ministry", "agency", "institute", "foundation", "network", "company"),
    "place": ("city", "town", "municipality", "district", "county", "region"),
    "partnership status": ("former", "suspended"),
    "region": ("continent", "subregion", "group", "subdivision"),
}


def term(context: str, value: object) -> str:
    """A word of the data model in the current language: ``term("status", "held")`` -> "stattgefunden".

    Parameters
    ----------
    context : str
        One of ``TERMS``: "label", "status", "role", "organisation" (its kind), "place" (a
        municipality's kind), "partnership status", "region" (its kind).
    value : object
        The stored value; one the context does not list is returned as text (None as "").

    Returns
    -------
    str
        The word in the current language (the gettext catalogue's entry in ``context``); the value
        itself as text when the context does not list it; "" for None or "".

    Examples
    --------
    >>> term("role", "organiser"), term("status", None)
    ('organiser', '')
    >>> with i18n.using("de"):
    ...     term("role", "organiser"), term("label", "Conference")
    ('Veranstalter', 'Konferenz')
    """
    if value is None or value == "":
        return ""
    text = str(value)
    return i18n.pgettext(context, text) if text in TERMS.get(context, ()) else text
