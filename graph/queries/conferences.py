"""Partnership conferences: the table of conferences, who took part, and who still lacks a partner.

A municipality takes part in a conference when it ATTENDS it or when the conference is HELD_IN it
(the host city is there even when no list of attendees names it).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from typing import Iterable

import pandas as pd

from graph.errors import NotFound
from graph.i18n import _, term
from graph.model import (
    ATTENDS, CONFERENCE, HELD_IN, MUNICIPALITY, ORGANISATION, ORGANISER_ROLES, ORGANISES, PARTNER_OF,
)
from graph.queries.regional import Area, resolve_area
from graph.queries.subdivision_names import subdivision_label
from graph.store.base import GraphStore, Subgraph
from graph.text import fold

CONFERENCE_COLUMNS = [
    "title", "series", "edition", "start", "end", "place", "venue", "status", "organisers",
    "participants", "municipalities", "organisations", "url", "id",
]


def taking_part(edges) -> dict[str, set[str]]:
    """Who takes part in each conference, by the one rule every view uses (the conference table, the
    attendee question, the exports): a municipality or organisation ATTENDS it, or the conference is
    HELD_IN the municipality (the host takes part even when no attendee list names it).

    Parameters
    ----------
    edges : iterable of graph.model.Edge (a store's or a subgraph's)

    Returns
    -------
    dict
        Conference id -> set of participant ids.

    Example
    -------
    >>> from graph.model import Edge
    >>> sorted(taking_part([Edge("HELD_IN", "conf:x", "mun:de:a"), Edge("ATTENDS", "org:b", "conf:x")])["conf:x"])
    ['mun:de:a', 'org:b']
    """
    out: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.type == ATTENDS:
            out[edge.target].add(edge.source)
        elif edge.type == HELD_IN:
            out[edge.source].add(edge.target)
    return out


def shown_status(status: str | None, start: str | None, end: str | None, today: dt.date | None = None) -> str:
    """The status a view shows: a "planned" conference whose last day has passed shows as
    "held (date passed)" until a source confirms it (a partial date counts to the end of its month
    or year). Every other status is shown as the sources give it.

    Parameters
    ----------
    status : str or None
        The stored status (planned, held, postponed, cancelled); None shows as "".
    start, end : str or None
        ISO 8601 dates, ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; the end, else the start, is the last day.
    today : datetime.date, optional
        The day to compare with (default: today).

    Returns
    -------
    str

    Example
    -------
    >>> shown_status("planned", "2025-06-16", "2025-06-18", dt.date(2026, 1, 1))
    'held (date passed)'
    """
    last = end or start
    if status != "planned" or not last:
        return status or ""
    parts = [int(p) for p in str(last).split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return "held (date passed)" if dt.date(year, month, day) < (today or dt.date.today()) else status


def conference_table(store: GraphStore) -> pd.DataFrame:
    """One row per conference, newest first: organisers with their roles, place and participant counts.

    ``participants`` counts the municipalities and organisations that took part by :func:`taking_part`'s
    rule (the host city counts); ``status`` is :func:`shown_status`.

    Parameters
    ----------
    store : GraphStore
    Returns
    -------
    pandas.DataFrame
        Columns ``CONFERENCE_COLUMNS``; organisers "name (role)" in ``ORGANISER_ROLES`` order.
    Examples
    --------
    >>> conference_table(store)[["title", "start", "participants"]].head()  # doctest: +SKIP
    """
    confs = store.nodes(CONFERENCE)
    ids = {c.id for c in confs}
    edges = store.edges(node_ids=ids) if ids else []
    linked = store.get_many({e.source for e in edges} | {e.target for e in edges})
    places: dict[str, list[str]] = defaultdict(list)
    organisers: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    attendees: dict[str, dict[str, set[str]]] = defaultdict(lambda: {MUNICIPALITY: set(), ORGANISATION: set()})
    for edge in edges:
        if edge.type == HELD_IN and edge.source in ids and edge.target in linked:
            places[edge.source].append(linked[edge.target].name)
            attendees[edge.source][MUNICIPALITY].add(edge.target)  # the host takes part, as in participants()
        elif edge.type == ORGANISES and edge.target in ids and edge.source in linked:
            role = edge.props.get("role", "organiser")
            rank = ORGANISER_ROLES.index(role) if role in ORGANISER_ROLES else 99
            organisers[edge.target].append((rank, linked[edge.source].name, role))
        elif edge.type == ATTENDS and edge.target in ids and edge.source in linked:
            attendees[edge.target][linked[edge.source].label].add(edge.source)
    rows = []
    for conf in confs:
        who = attendees[conf.id]
        orgs = sorted(organisers[conf.id], key=lambda t: (t[0], fold(t[1])))
        rows.append({
            "title": conf.get("title") or conf.name, "series": conf.get("series", ""),
            "edition": conf.get("edition"), "start": conf.get("start", ""), "end": conf.get("end", ""),
            "place": ", ".join(sorted(places[conf.id])), "venue": conf.get("venue", ""),
            "status": shown_status(conf.get("status"), conf.get("start"), conf.get("end")),
            "organisers": "; ".join(f"{name} ({term('role', role)})" for _rank, name, role in orgs),
            "participants": len(who[MUNICIPALITY]) + len(who[ORGANISATION]),
            "municipalities": len(who[MUNICIPALITY]), "organisations": len(who[ORGANISATION]),
            "url": conf.get("url", ""), "id": conf.id,
        })
    frame = pd.DataFrame(rows, columns=CONFERENCE_COLUMNS)
    frame["edition"] = frame["edition"].astype("Int64")
    return frame.sort_values(["start", "id"], ascending=[False, True], ignore_index=True)


def conference_network(store: GraphStore, conf_id: str, with_partners: bool = False) -> Subgraph:
    """A conference with its host city, organisers and attendees, and every relationship among them
    (partnerships between attendees included).

    Parameters
    ----------
    store : GraphStore
    conf_id : str
        Id of a Conference node.
    with_partners : bool, optional
        Add the attending municipalities' partners, to see which partnerships came to the conference.
    Returns
    -------
    Subgraph
        Its ``rule`` says what was selected.
    Raises
    ------
    NotFound
        ``conf_id`` is not a conference of the store.
    """
    conf = store.get(conf_id)
    if conf is None or conf.label != CONFERENCE:
        raise NotFound(_("no conference with id {id!r}").format(id=conf_id))
    around = store.edges(node_ids=[conf_id])
    ids = {conf_id} | {e.source for e in around if e.type in (ATTENDS, ORGANISES)} | {
        e.target for e in around if e.type == HELD_IN}
    if with_partners:
        towns = [i for i in ids if i.startswith("mun:")]
        ids |= {e.source for e in store.edges(PARTNER_OF, node_ids=towns)}
        ids |= {e.target for e in store.edges(PARTNER_OF, node_ids=towns)}
    sub = store.subgraph(ids)
    sub.rule = (_("{name}: host, organisers and attendees with their partners") if with_partners
                else _("{name}: host, organisers and attendees")).format(name=conf.name)
    return sub


def participants(store: GraphStore, conference_ids: Iterable[str]) -> dict[str, set[str]]:
    """Municipality id -> the given conferences it attended or hosted (organisations not counted).

    Parameters
    ----------
    store : GraphStore
    conference_ids : iterable of str
    Returns
    -------
    dict of str to set of str
    """
    ids = set(conference_ids)
    found: dict[str, set[str]] = defaultdict(set)
    for edge in store.edges(node_ids=ids) if ids else []:
        if edge.type == ATTENDS and edge.target in ids and edge.source.startswith("mun:"):
            found[edge.source].add(edge.target)
        elif edge.type == HELD_IN and edge.source in ids:
            found[edge.target].add(edge.source)
    return found


def find_conferences(store: GraphStore, text: str) -> list[str]:
    """Ids of the conferences a text names: an id, or every conference whose title, name, series or
    alias contains the text (accent- and case-insensitive).

    Parameters
    ----------
    store : GraphStore
    text : str
        A conference id or part of a name ("Bundeskonferenz", "Kommunale Partnerschaften 2025").
    Returns
    -------
    list of str
        In the store's order.
    Raises
    ------
    NotFound
        No conference matches.
    Examples
    --------
    >>> find_conferences(store, "Bundeskonferenz")  # doctest: +SKIP
    """
    node = store.get(text)
    if node is not None and node.label == CONFERENCE:
        return [node.id]
    key = fold(text)
    hits = [c.id for c in store.nodes(CONFERENCE)
            if any(key in fold(v) for v in (c.name, c.get("title", ""), c.get("series", ""), *c.get("aliases", ())))]
    if not hits:
        raise NotFound(_("no conference matches {text!r}; `partnernet conferences` lists them all").format(text=text))
    return hits


ATTENDEE_COLUMNS = ["municipality", "country", "subdivision", "conferences", "partners_in_target",
                    "partners", "id"]


def attendees_without_partner_in(store: GraphStore, conference_ids: Iterable[str], country: str | Area,
                                 only_without: bool = True) -> pd.DataFrame:
    """Municipalities that took part in the given conferences, with their partners in ``country``.

    Municipalities lying in that country or area themselves are left out (a Ukrainian city needs no
    Ukrainian partner). With ``only_without`` (default) only those with no partner there are kept;
    otherwise all, sorted so that those without come first.

    Parameters
    ----------
    store : GraphStore
        The graph.
    conference_ids : iterable of str
        Conference node ids, e.g. from :func:`find_conferences`.
    country : str or Area
        The partners' area, as a name or code for :func:`resolve_area`, or an area.
    only_without : bool
        Keep only the municipalities without a partner there.

    Returns
    -------
    pandas.DataFrame
        Columns ``ATTENDEE_COLUMNS``: municipality, ISO 3166-1 country, subdivision, conferences,
        partners_in_target (a count), partners (names) and id.

    Raises
    ------
    NotFound
        ``country`` names no area.
    """
    target = resolve_area(store, country) if isinstance(country, str) else country
    conf_ids = list(conference_ids)
    took_part = participants(store, conf_ids)
    towns = store.get_many(took_part)
    towns = {i: n for i, n in towns.items() if not target.contains(n)}
    edges = store.edges(PARTNER_OF, node_ids=towns)
    partner_nodes = store.get_many({e.source for e in edges} | {e.target for e in edges})
    conf_nodes = store.get_many(conf_ids)
    partners_there: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        for here, there in ((edge.source, edge.target), (edge.target, edge.source)):
            if here in towns and there in partner_nodes and target.contains(partner_nodes[there]):
                partners_there[here].add(there)
    rows = []
    for town_id, town in towns.items():
        found = partners_there.get(town_id, set())
        if only_without and found:
            continue
        rows.append({
            "municipality": town.name, "country": town.get("country", ""),
            "subdivision": subdivision_label(town.get("subdivision"), town.get("country")),
            "conferences": "; ".join(sorted(conf_nodes[c].name for c in took_part[town_id] if c in conf_nodes)),
            "partners_in_target": len(found),
            "partners": ", ".join(sorted((partner_nodes[p].name for p in found), key=fold)),
            "id": town_id,
        })
    frame = pd.DataFrame(rows, columns=ATTENDEE_COLUMNS)
    frame["_key"] = frame["municipality"].map(fold)
    return frame.sort_values(["partners_in_target", "country", "_key", "id"], ignore_index=True).drop(columns="_key")
