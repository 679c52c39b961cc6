"""Choosing between namesakes where a view takes a place by name (Partners by region: "Friedberg").

A name several municipalities carry is never settled silently: the view shows the namesakes with the
labels of the other place pickers (kind, subdivision, number of partnerships; ``common.choice_labels``)
and keeps the choice in the URL (``?from=Friedberg&from.id=mun:gn:2924802``).
"""

from __future__ import annotations

from app_pages import common as c
from app_pages import state
from app_pages.answers import area_of, search_nodes
from graph.i18n import _
from graph.model import MUNICIPALITY
from graph.store.base import node_keys
from graph.text import fold


def namesake_area(area, text: str, param: str):
    """``area`` (the area ``text`` names), or the namesake municipality the user chose instead.

    Parameters
    ----------
    area : graph.queries.areas.Area
        What the name resolved to: a municipality, or a subdivision that municipalities share the name
        of (the Irish province Munster and the city of Münster; the Land and the city of Berlin).
    text : str
        The name as typed.
    param : str
        The view's URL parameter of the name ("from"); the choice is kept as ``param + ".id"``.
    """
    if area.kind not in ("municipality", "subdivision"):
        return area
    s = c.store()
    key = fold(text)
    hits = [n for n in search_nodes(s, c.token(), text, (MUNICIPALITY,)) if key in node_keys(n) and n.id != area.id]
    if not hits:
        return area
    if area.kind == "municipality":
        labels = c.choice_labels(s, [s.get(area.id), *hits])
    else:
        labels = c.choice_labels(s, hits)
        where = c.country_name(area.countries[0]) if area.countries else ""
        labels[area.id] = f"{c.area_label(area)}{f' ({where})' if where else ''} · {c.area_kind(area.kind)}"
    options = [area.id, *(n.id for n in hits)]
    chosen = state.selectbox(_("Several places are called “{name}”; which one?").format(name=text), f"{param}.id",
                             options, area.id, key=f"{param}:pick:{text}", quiet=True, format_func=labels.__getitem__)
    return area if chosen == area.id else area_of(s, c.token(), chosen)
