"""Stable ids of the graph's nodes, derived from the data: loading the same input twice, or the
same place under two spellings once the gazetteer knows both, gives the same id."""

from __future__ import annotations

from graph.errors import ValidationError
from graph.text import slug


def municipality_id(name: str, country: str | None) -> str:
    """Id of a municipality that has no gazetteer link: country code plus the folded name."""
    key = slug(name)
    if not key:
        raise ValidationError(f"municipality name {name!r} has no letters or digits")
    return f"mun:{(country or 'xx').lower()}:{key}"


def gazetteer_municipality_id(gazetteer_id: str) -> str:
    """Id of a municipality linked to the gazetteer: the same place under any spelling."""
    return f"mun:gn:{gazetteer_id}"


def register_municipality_id(place) -> str:
    """Id of a municipality linked to a national register (``graph.geo.registers.RegisterPlace``): the
    INSEE code of a French commune; country, postal code and name of a postal locality."""
    if place.register == "INSEE":
        return f"mun:insee:{place.code}"
    return f"mun:postal:{place.country.lower()}:{slug(place.code)}:{slug(place.name)}"


def country_id(code: str) -> str:
    """Id of a country node: ``country:`` and the ISO 3166-1 alpha-2 code, upper-cased.

    Examples
    --------
    >>> country_id("de")
    'country:DE'
    """
    return f"country:{code.upper()}"


def region_id(kind: str, code: str) -> str:
    """Id of a region node: ``region:``, its kind (``m49``, ``eu``, ``dac`` ...) and the slug of its code."""
    return f"region:{kind}:{slug(code)}"


def organisation_id(key: str) -> str:
    """Id of an organisation node: ``org:`` and the slug of *key*."""
    return f"org:{slug(key)}"


def conference_id(key: str) -> str:
    """Id of a conference node: ``conf:`` and the slug of *key*."""
    return f"conf:{slug(key)}"


def theme_id(key: str) -> str:
    """Id of a theme node: ``theme:`` and the slug of *key*."""
    return f"theme:{slug(key)}"


def source_id(key: str) -> str:
    """Id of a source node: ``source:`` and the slug of *key*."""
    return f"source:{slug(key)}"

