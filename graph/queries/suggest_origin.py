"""The municipality a suggestion is asked for: one place, or a refusal naming the candidates.

"Sachsen" is a Land, not a municipality; taking the first name that begins with it (Sachsenburg)
would answer a question nobody asked. So an origin is accepted only when the text is the id, the
name or a known alias of exactly one municipality, or the beginning of exactly one municipality's
name when it names no area; otherwise :class:`graph.errors.AmbiguousName` lists what it could mean.
"""

from __future__ import annotations

from graph.errors import AmbiguousName, NotFound
from graph.model import MUNICIPALITY, Node
from graph.geo.subdivisions import subdivision
from graph.i18n import _, area_name, country_name, ngettext, number
from graph.queries.partners import find_one
from graph.queries.regional import resolve_area
from graph.queries.search import search
from graph.queries.suggest_reasons import land_name
from graph.store.base import GraphStore, node_keys
from graph.text import fold

SHOWN = 8


def describe(node: Node) -> str:
    """A municipality in a few words, to tell namesakes apart: "Sachsenburg (Thüringen, Germany, 2,300 people;
    id mun:gn:2842310)".

    Parameters
    ----------
    node : Node
        A Municipality; subdivision, country and population are left out when unknown.

    Returns
    -------
    str
    """
    where = [w for w in (land_name(node), country_name(node.get("country")) if node.get("country") else "") if w]
    if node.get("population"):
        where.append(ngettext("{n} person", "{n} people", node.get("population")).format(
            n=number(node.get("population"))))
    if where:
        return _("{name} ({where}; id {id})").format(name=node.name, where=", ".join(where), id=node.id)
    return _("{name} (id {id})").format(name=node.name, id=node.id)


def _refuse(text: str, what: str, nodes: list[Node]) -> AmbiguousName:
    listed = "; ".join(describe(n) for n in nodes[:SHOWN])
    if len(nodes) > SHOWN:
        listed = ngettext("{names} and {n} more", "{names} and {n} more", len(nodes) - SHOWN).format(
            names=listed, n=number(len(nodes) - SHOWN))
    return AmbiguousName(_("{text!r} {what}: {listed}. Name one of them more precisely or give its id").format(
        text=text, what=what, listed=listed), nodes)


def resolve_origin(store: GraphStore, text: str) -> Node:
    """The one municipality ``text`` stands for.

    Parameters
    ----------
    store : GraphStore
    text : str
        An id, a name or alias (any spelling the search folds alike), or the start of a name.

    Returns
    -------
    Node
        The Municipality.

    Raises
    ------
    AmbiguousName
        When the text names an area (a Land, a country) rather than one municipality, or fits several
        municipalities equally; the message names the candidates with their Land, country and id.
    NotFound
        When nothing fits.

    Example
    -------
    >>> resolve_origin(store, "Gießen").name  # doctest: +SKIP
    'Gießen'
    >>> resolve_origin(store, "Sachsen")  # doctest: +SKIP
    AmbiguousName: 'Sachsen' is a Land (Saxony), not one municipality; municipalities whose names begin with it: ...
    """
    text = (text or "").strip()
    node = store.get(text) if text else None
    if node is not None and node.label == MUNICIPALITY:
        return node
    key = fold(text)
    if not key:
        raise NotFound(_("name the municipality looking for a partner"))
    # names equal to or beginning with the text (close spellings are not taken for an origin)
    hits = [n for n in search(store, text, labels=[MUNICIPALITY], limit=50)
            if any(k.startswith(key) for k in node_keys(n))]
    by_name = [n for n in hits if fold(n.name) == key]
    by_alias = [n for n in hits if key in node_keys(n)]
    for exact in (by_name, by_alias):
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise _refuse(text, _("is the name of {n} municipalities").format(n=len(exact)), exact)
    area = _area_named(store, text)
    if area is not None:
        what = _("is {area}, not one municipality").format(area=area)
        if not hits:
            raise NotFound(_("{text!r} {what}; suggestions are made for one municipality, e.g. Gießen").format(
                text=text, what=what))
        raise _refuse(text, _("{what}; municipalities whose names begin with it").format(what=what), hits)
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise _refuse(text, _("is the beginning of {n} municipality names").format(
            n=f"{len(hits)}{'+' if len(hits) == 50 else ''}"), hits)
    return find_one(store, text)  # raises NotFound with close matches


def _area_named(store: GraphStore, text: str) -> str | None:
    """"Land (Saxony)" / "country (Germany)" when the text names an area that is not a municipality."""
    try:
        area = resolve_area(store, text)
    except NotFound:
        return None
    if area.kind == "municipality":
        return None
    if area.kind == "subdivision":
        sub = subdivision(area.subdivision or "", area.countries[0] if area.countries else None)
        if sub is not None and sub.type == "Land":
            return _("a Land ({name})").format(name=area_name(area))
    return {"subdivision": _("a subdivision ({name})"), "country": _("a country ({name})"),
            "region": _("a region ({name})")}.get(area.kind, "{name}").format(name=area_name(area))
