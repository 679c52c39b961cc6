"""Places by name in the current language, and picker labels that tell namesakes apart.

The display-name rule (README, "Names of places"): CLDR's name of the place in the reader's language where
CLDR names it (babel's exemplar cities: "Kiew"/"Kyiv"), else the name it is stored under — the local
official name from the national register or the source's spelling (``graph.geo.placenames``).
"""

from __future__ import annotations

import graph.i18n.core as i18n
from graph.i18n.names import country_name, subdivision_name
from graph.model import set_namer
from graph.text import fold


def place_name(node: object) -> str:
    """A place's name in the current language: CLDR's name where CLDR names the place ("Kiew" in German,
    "Kyiv" in English), else the name it is stored under (its local official name, see
    ``graph.geo.placenames``). The one function every view, table, map and export shows a place's name by.

    Returns
    -------
    str
        The name to show ("" for a node without a name).

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
    """A municipality record's kind in words: "county" -> "county" / "Kreis oder Bezirk".

    Parameters
    ----------
    kind : str or None
        One of ``PLACE_KINDS``; anything else is returned as written.

    Returns
    -------
    str
        The kind in the current language ("" for None).
    """
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

    Returns
    -------
    str
        "name (subdivision, country) · kind · N partnerships", parts left out where unknown.

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
        parts.append(i18n.ngettext("{n} partnership", "{n} partnerships", partners).format(n=i18n.number(partners)))
    return " · ".join(parts)


def _same_place(subdivision: str, country: str | None, names: set) -> bool:
    from graph.geo.subdivisions import subdivision_names

    keys = {fold(n) for n in names if isinstance(n, str) and n}
    return bool(keys & {fold(n) for n in subdivision_names(subdivision, country) if n})


def distinct_labels(labels: dict[str, str]) -> dict[str, str]:
    """The labels of several choices (id -> label), each one different: a label two choices share is
    followed by each one's id ("… · mun:gn:2867539"), so a picker never shows two alike.

    Parameters
    ----------
    labels : dict
        Choice id -> label.

    Returns
    -------
    dict
        The same ids, in the same order, with labels that differ.

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
