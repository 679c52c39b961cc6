"""Stable ids of the graph's nodes, derived from the data: loading the same input twice, or the
same place under two spellings once the gazetteer knows both, gives the same id."""

from __future__ import annotations

from graph.errors import ValidationError
from graph.text import slug


def municipality_id(name: str, country: str | None) -> str:
    """Id of a municipality that has no gazetteer link: country code plus the folded name.

    Parameters
    ----------
    name : str
        The name as written; spellings that fold alike (:func:`graph.text.slug`) get the same id.
    country : str or None
        ISO 3166-1 alpha-2 code; None (country unknown) is written ``xx``.

    Returns
    -------
    str
        ``mun:<country in lower case>:<slug of the name>``, e.g. ``mun:de:halle-saale``.

    Raises
    ------
    ValidationError
        The name has no letters or digits.
    """
    key = slug(name)
    if not key:
        raise ValidationError(f"municipality name {name!r} has no letters or digits")
    return f"mun:{(country or 'xx').lower()}:{key}"


def gazetteer_municipality_id(gazetteer_id: str) -> str:
    """Id of a municipality linked to the gazetteer: the same place under any spelling.

    Parameters
    ----------
    gazetteer_id : str
        The GeoNames id of the place (digits, as text).

    Returns
    -------
    str
        ``mun:gn:<gazetteer_id>``, e.g. ``mun:gn:2879139`` for Leipzig.
    """
    return f"mun:gn:{gazetteer_id}"


def register_municipality_id(place) -> str:
    """Id of a municipality linked to a national register.

    Parameters
    ----------
    place : graph.geo.registers.RegisterPlace
        A French commune (``register`` ``"INSEE"``, ``code`` its INSEE code) or a postal locality
        (``register`` ``"postal"``: country, first postal code and name).

    Returns
    -------
    str
        ``mun:insee:<code>`` for a commune, ``mun:postal:<country>:<postal code>:<slug of name>`` otherwise.
    """
    if place.register == "INSEE":
        return f"mun:insee:{place.code}"
    return f"mun:postal:{place.country.lower()}:{slug(place.code)}:{slug(place.name)}"


def country_id(code: str) -> str:
    """Id of a country node: ``country:`` and the ISO 3166-1 alpha-2 code, upper-cased.

    Parameters
    ----------
    code : str
        ISO 3166-1 alpha-2 code in any case.

    Returns
    -------
    str
        ``country:<CODE>``.

    Examples
    --------
    >>> country_id("de")
    'country:DE'
    """
    return f"country:{code.upper()}"


def region_id(kind: str, code: str) -> str:
    """Id of a region node: ``region:``, its kind and the slug of its code.

    Parameters
    ----------
    kind : str
        The family of regions: ``m49`` (UN M49), ``eu``, ``dac`` (OECD DAC list) and the others of
        ``graph.geo.regions``.
    code : str
        The region's code within that family (an M49 number, a name).

    Returns
    -------
    str
        ``region:<kind>:<slug of code>``.
    """
    return f"region:{kind}:{slug(code)}"


def organisation_id(key: str) -> str:
    """Id of an organisation node: ``org:`` and the slug of *key*.

    Parameters
    ----------
    key : str
        The organisation's key in the curated data (or its name).

    Returns
    -------
    str
        ``org:<slug>``.
    """
    return f"org:{slug(key)}"


def conference_id(key: str) -> str:
    """Id of a conference node: ``conf:`` and the slug of *key*.

    Parameters
    ----------
    key : str
        The conference's key in the curated data (or its title).

    Returns
    -------
    str
        ``conf:<slug>``.
    """
    return f"conf:{slug(key)}"


def theme_id(key: str) -> str:
    """Id of a theme node: ``theme:`` and the slug of *key*.

    Parameters
    ----------
    key : str
        The theme's key or name.

    Returns
    -------
    str
        ``theme:<slug>``.
    """
    return f"theme:{slug(key)}"


def source_id(key: str) -> str:
    """Id of a source node: ``source:`` and the slug of *key*.

    Parameters
    ----------
    key : str
        The source's key in the curated data, or the name of a loaded file.

    Returns
    -------
    str
        ``source:<slug>``.
    """
    return f"source:{slug(key)}"

