"""The graph model: node labels, relationship types, their properties, and typed records.

Every record is validated when it is made, so a store never sees a label, relationship type or
property outside this module's allow-lists. Ids are derived from the data (see ``*_id`` helpers),
so loading the same input twice changes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from graph.errors import ValidationError
from graph.text import clean

# Ids are derived from the data (graph.ids); importable from here as part of the model.
from graph.ids import (  # noqa: F401
    municipality_id, gazetteer_municipality_id, register_municipality_id, country_id,
    region_id, organisation_id, conference_id, theme_id, source_id,
)

# --- labels and relationship types (the allow-list every store uses) -------------------------

MUNICIPALITY = "Municipality"
COUNTRY = "Country"
REGION = "Region"
ORGANISATION = "Organisation"
CONFERENCE = "Conference"
THEME = "Theme"
SOURCE = "Source"

NODE_LABELS: tuple[str, ...] = (MUNICIPALITY, COUNTRY, REGION, ORGANISATION, CONFERENCE, THEME, SOURCE)

PARTNER_OF = "PARTNER_OF"
IN_COUNTRY = "IN_COUNTRY"
IN_REGION = "IN_REGION"
PART_OF = "PART_OF"
HELD_IN = "HELD_IN"
ORGANISES = "ORGANISES"
ATTENDS = "ATTENDS"
MEMBER_OF = "MEMBER_OF"
BASED_IN = "BASED_IN"
ADDRESSES = "ADDRESSES"

# relationship type -> allowed (source label, target label) pairs
REL_ENDPOINTS: dict[str, frozenset[tuple[str, str]]] = {
    PARTNER_OF: frozenset({(MUNICIPALITY, MUNICIPALITY)}),
    IN_COUNTRY: frozenset({(MUNICIPALITY, COUNTRY)}),
    IN_REGION: frozenset({(COUNTRY, REGION)}),
    PART_OF: frozenset({(REGION, REGION), (MUNICIPALITY, MUNICIPALITY), (MUNICIPALITY, REGION)}),
    HELD_IN: frozenset({(CONFERENCE, MUNICIPALITY)}),
    ORGANISES: frozenset({(ORGANISATION, CONFERENCE)}),
    ATTENDS: frozenset({(MUNICIPALITY, CONFERENCE), (ORGANISATION, CONFERENCE)}),
    MEMBER_OF: frozenset({(MUNICIPALITY, ORGANISATION)}),
    BASED_IN: frozenset({(ORGANISATION, MUNICIPALITY)}),
    ADDRESSES: frozenset({(CONFERENCE, THEME), (ORGANISATION, THEME)}),
}
REL_TYPES: tuple[str, ...] = tuple(REL_ENDPOINTS)

PARTNERSHIP_KINDS = ("twin", "friendship", "contact", "project", "solidarity", "climate")
PARTNERSHIP_STATUSES = ("former", "suspended")  # absent: current
MUNICIPALITY_KINDS = ("city", "town", "municipality", "district", "county", "region")
REGION_KINDS = ("continent", "subregion", "group", "subdivision")
ORGANISATION_KINDS = ("association", "ministry", "agency", "institute", "foundation", "network", "company")
CONFERENCE_STATUSES = ("planned", "held", "postponed", "cancelled")
ORGANISER_ROLES = ("host", "organiser", "co-organiser", "partner", "patron", "sponsor")

# label -> property -> python type(s). Lists hold strings only, so every store can keep them.
_STR, _NUM, _INT, _LIST = (str,), (int, float), (int,), (list,)
NODE_PROPERTIES: dict[str, dict[str, tuple[type, ...]]] = {
    MUNICIPALITY: {
        "name": _STR, "country": _STR, "subdivision": _STR, "kind": _STR, "lat": _NUM, "lon": _NUM,
        "population": _INT, "gazetteer_id": _STR, "aliases": _LIST, "sources": _LIST,
        "zone": _STR,  # the CLDR time zone named after the place ("Europe/Kyiv"): its name in each language
        "register_id": _STR,  # a place GeoNames lacks, in a national register: "INSEE:49023", "postal:71384"
        "spellings": _LIST,  # how each source spelling was placed: "Cologne · alias"
    },
    COUNTRY: {"code": _STR, "name": _STR, "aliases": _LIST, "sources": _LIST},
    REGION: {"name": _STR, "kind": _STR, "code": _STR, "aliases": _LIST, "sources": _LIST},
    ORGANISATION: {
        "name": _STR, "kind": _STR, "country": _STR, "url": _STR, "aliases": _LIST, "sources": _LIST,
    },
    CONFERENCE: {
        "name": _STR, "title": _STR, "series": _STR, "edition": _INT, "start": _STR, "end": _STR,
        "status": _STR, "venue": _STR, "languages": _LIST, "url": _STR, "note": _STR,
        "aliases": _LIST, "sources": _LIST,
    },
    THEME: {"name": _STR, "aliases": _LIST, "sources": _LIST},
    SOURCE: {"name": _STR, "title": _STR, "url": _STR, "file": _STR, "sources": _LIST},
}
EDGE_PROPERTIES: dict[str, dict[str, tuple[type, ...]]] = {
    PARTNER_OF: {"kind": _STR, "since": _INT, "until": _INT, "status": _STR, "sources": _LIST},
    ORGANISES: {"role": _STR, "sources": _LIST},
}
_DEFAULT_EDGE_PROPERTIES = {"sources": _LIST}

# properties whose values are merged (set union) rather than replaced when a record is upserted
LIST_MERGE_PROPERTIES = frozenset({"aliases", "sources", "languages", "spellings"})

_ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    (MUNICIPALITY, "kind"): MUNICIPALITY_KINDS,
    (REGION, "kind"): REGION_KINDS,
    (ORGANISATION, "kind"): ORGANISATION_KINDS,
    (CONFERENCE, "status"): CONFERENCE_STATUSES,
    (PARTNER_OF, "kind"): PARTNERSHIP_KINDS,
    (PARTNER_OF, "status"): PARTNERSHIP_STATUSES,
    (ORGANISES, "role"): ORGANISER_ROLES,
}


def _check_props(owner: str, props: Mapping[str, Any], allowed: Mapping[str, tuple[type, ...]]) -> dict:
    out: dict[str, Any] = {}
    kind = owner.split(" ")[0]
    for key, value in props.items():
        if value is None or value == "" or value == []:
            continue  # absent; stores never hold nulls
        if key not in allowed:
            raise ValidationError(f"{owner}: unknown property {key!r}; expected one of {sorted(allowed)}")
        types = allowed[key]
        if types == _LIST:
            if type(value) is not list and (isinstance(value, (str, bytes)) or not isinstance(value, Iterable)):
                raise ValidationError(f"{owner}: property {key!r} must be a list of text, got {value!r}")
            value = sorted({item for item in map(clean, value) if item})
            if not value:
                continue  # only blank entries: absent, like an empty list
        elif types == _NUM:
            if isinstance(value, bool) or not isinstance(value, _NUM) or not math.isfinite(value):
                raise ValidationError(f"{owner}: property {key!r} must be a finite number, got {value!r}")
            value = float(value)
        elif types == _INT:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(f"{owner}: property {key!r} must be a whole number, got {value!r}")
        else:
            if not isinstance(value, str):
                raise ValidationError(f"{owner}: property {key!r} must be text, got {value!r}")
            value = clean(value)
            if not value:
                continue
        enum = _ENUMS.get((kind, key))
        if enum is not None and value not in enum:
            raise ValidationError(f"{owner}: {key} {value!r} is not one of {', '.join(enum)}")
        out[key] = value
    return out


_new_record, _set_field = object.__new__, object.__setattr__  # how ``trusted`` fills a frozen record


@dataclass(frozen=True)
class Node:
    """A node of the graph: a label from NODE_LABELS, a stable id and flat properties."""

    label: str
    id: str
    props: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.label not in NODE_LABELS:
            raise ValidationError(f"unknown node label {self.label!r}; expected one of {', '.join(NODE_LABELS)}")
        if not isinstance(self.id, str) or not self.id.strip():
            raise ValidationError(f"{self.label}: id must be non-empty text, got {self.id!r}")
        props = _check_props(self.label, self.props, NODE_PROPERTIES[self.label])
        if not props.get("name"):
            raise ValidationError(f"{self.label} {self.id!r}: name is empty")
        object.__setattr__(self, "props", props)

    @classmethod
    def trusted(cls, label: str, node_id: str, props: dict) -> "Node":
        """A Node made without checking, for records checked when first made (read back from a
        store, or merged from checked ones by ``merge_props``); ``props`` is kept, not copied.

        >>> Node.trusted("Country", "country:DE", {"code": "DE", "name": "Germany"}).name
        'Germany'
        """
        node = _new_record(cls)
        _set_field(node, "label", label)
        _set_field(node, "id", node_id)
        _set_field(node, "props", props)
        return node

    def with_props(self, **props: Any) -> "Node":
        """The same as ``Node(label, id, {**node.props, **props})``, but only the new properties are
        checked: the others were when this node was made, and checking is idempotent."""
        checked = _check_props(self.label, props, NODE_PROPERTIES[self.label])
        merged = {}
        for key, value in {**self.props, **props}.items():
            if key not in props:
                merged[key] = value
            elif key in checked:
                merged[key] = checked[key]
        if not merged.get("name"):
            raise ValidationError(f"{self.label} {self.id!r}: name is empty")
        return Node.trusted(self.label, self.id, merged)

    @property
    def name(self) -> str:
        """The ``name`` property; for a place named in each language (a ``zone``), see ``set_namer``."""
        return _NAMER(self) if _NAMER is not None and "zone" in self.props else self.props["name"]

    def get(self, key: str, default: Any = None) -> Any:
        """Property *key*, or *default* when the node has none."""
        return self.props.get(key, default)

    def to_dict(self) -> dict:
        """The node as one flat dict: ``label``, ``id`` and its properties."""
        return {"label": self.label, "id": self.id, **self.props}


@dataclass(frozen=True)
class Edge:
    """A relationship. PARTNER_OF is undirected in meaning and stored once, from the smaller id."""

    type: str
    source: str
    target: str
    props: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.type not in REL_ENDPOINTS:
            raise ValidationError(f"unknown relationship type {self.type!r}; expected one of {', '.join(REL_TYPES)}")
        if not self.source or not self.target:
            raise ValidationError(f"{self.type}: both ends need an id, got {self.source!r} and {self.target!r}")
        if self.source == self.target:
            raise ValidationError(f"{self.type}: a node cannot be linked to itself ({self.source!r})")
        props = _check_props(self.type, self.props, EDGE_PROPERTIES.get(self.type, _DEFAULT_EDGE_PROPERTIES))
        if self.type == PARTNER_OF:
            props.setdefault("kind", "twin")
            if self.source > self.target:
                src, dst = self.target, self.source
                object.__setattr__(self, "source", src)
                object.__setattr__(self, "target", dst)
        if self.type == ORGANISES:
            props.setdefault("role", "organiser")
        object.__setattr__(self, "props", props)

    @classmethod
    def trusted(cls, rel_type: str, source: str, target: str, props: dict) -> "Edge":
        """An Edge made without checking or reordering its ends, as ``Node.trusted``.

        >>> Edge.trusted("PARTNER_OF", "mun:a", "mun:b", {"kind": "twin"}).key
        'PARTNER_OF:twin'
        """
        edge = _new_record(cls)
        _set_field(edge, "type", rel_type)
        _set_field(edge, "source", source)
        _set_field(edge, "target", target)
        _set_field(edge, "props", props)
        return edge

    @property
    def key(self) -> str:
        """What makes two edges between the same nodes distinct: the partnership kind or organiser role."""
        if self.type == PARTNER_OF:
            return f"{self.type}:{self.props['kind']}"
        if self.type == ORGANISES:
            return f"{self.type}:{self.props['role']}"
        return self.type

    @property
    def identity(self) -> tuple[str, str, str]:
        """``(source, target, key)``: what makes an edge unique in a store."""
        return (self.source, self.target, self.key)

    def to_dict(self) -> dict:
        """The edge as one flat dict: ``type``, ``source``, ``target`` and its properties."""
        return {"type": self.type, "source": self.source, "target": self.target, **self.props}


_NAMER: Callable[[Node], str] | None = None


def set_namer(namer: Callable[[Node], str] | None) -> None:
    """Let ``Node.name`` give places named in each language by ``namer``.

    ``graph.i18n`` sets ``graph.i18n.place_labels.place_name``, so every view and export names a place in
    the reader's language.

    Parameters
    ----------
    namer : callable or None
        Node -> shown name, called for nodes that carry a ``zone``; None restores the stored name.
    """
    global _NAMER
    _NAMER = namer

