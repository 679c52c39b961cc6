"""What every view of the explorer shares: the store, pickers, labels.

The store is opened once per process (``st.cache_resource``). The graph work itself happens in
``graph``; the modules of this package only arrange widgets around it: ``answers`` caches what the
graph package computes, ``pictures`` draws networks, maps and charts, ``tables`` shows rows,
``downloads`` offers a view's files.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import streamlit as st

from app_pages import parts
from app_pages.answers import SEARCH_LABELS, search_nodes, spinner
from graph import safe_text
from graph.model import (
    ATTENDS, BASED_IN, CONFERENCE, HELD_IN, MEMBER_OF, MUNICIPALITY, ORGANISATION, ORGANISES, PARTNER_OF, Node,
)
from graph.i18n import _, country_name, ngettext, number, subdivision_name, term  # noqa: F401 (used by the pages)
from graph.store.base import GraphStore, Subgraph
from graph.store.shared import without_cyclic_gc
from graph.store import open_store
from app_pages.tabletext import column_title, display, readable  # noqa: F401 (used by the pages)


# Relationships a neighbourhood follows unless the user asks for more: membership of a country or
# region would pull in every city of that country after two hops.
DEFAULT_REL_TYPES = (PARTNER_OF, ATTENDS, ORGANISES, MEMBER_OF, HELD_IN, BASED_IN)


SECRET_KEYS = ("PARTNERNET_STORE", "PARTNERNET_DATA_DIR", "NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD",
               "NEO4J_DATABASE")


NETWORK_HEIGHT = 560


def apply_secrets() -> None:
    """Copy store settings from Streamlit secrets into the environment (the environment wins)."""
    try:
        secrets = dict(st.secrets)
    except Exception:  # no secrets.toml anywhere: nothing to apply
        return
    for key in SECRET_KEYS:
        if key in secrets and not os.environ.get(key):
            os.environ[key] = str(secrets[key])


@spinner(lambda: _("Opening the graph …"))
@st.cache_resource(show_spinner=False)
def _open(kind: str, data_dir: str, server: tuple[str, ...]) -> GraphStore:
    # ``server`` only keys the cache: open_store reads the NEO4J_* settings from the environment.
    return open_store(kind or None, data_dir or None)


def store() -> GraphStore:
    """The store the environment (or Streamlit secrets) names, opened once per process (app.py
    brings it up to date with what other processes wrote, once per run of the page)."""
    import hashlib

    env = os.environ.get
    password = hashlib.sha256(env("NEO4J_PASSWORD", "").encode()).hexdigest()
    server = (env("NEO4J_URI", ""), env("NEO4J_USERNAME", ""), env("NEO4J_DATABASE", ""), password)
    key = (env("PARTNERNET_STORE", ""), env("PARTNERNET_DATA_DIR", ""), server)
    # a run asks for the store often: once open, it is handed out without the cache's key hashing
    # and the spinner's timer thread
    s = _OPENED.get(key)
    if s is None:
        s = _OPENED[key] = _open(*key)
    return s


_OPENED: dict[tuple, GraphStore] = {}  # the stores this process has opened, by their settings


_VERSION_KEY = "partnernet:store-version"


def start_run() -> GraphStore:
    """The store for this run of a page (app.py calls it first): brought up to date with what
    other processes wrote (the embedded store re-reads its file when another process replaced it;
    one stat when not), and its version noted as the key of this run's cached answers."""
    from app_pages.outage import checked_token

    s = store()
    parts.page_runs()
    st.session_state[_VERSION_KEY] = checked_token(s)  # while the store is down: the last one known
    return s


def token() -> str:
    """The open store and its version (``GraphStore.version``) as of the start of this run, and the
    language of the page: the key of every cached answer, so that answers cached for one store, for
    data since changed, or in the other language (reasons, rules, Länder) are never shown."""
    from graph import i18n

    noted = st.session_state.get(_VERSION_KEY)
    if noted is None:
        s = store()
        noted = f"{id(s)}:{s.version()}"
    return f"{noted}:{i18n.language()}"  # a place's name follows the language (graph.i18n.place_labels.place_name)


def store_description(s: GraphStore) -> str:
    if s.kind == "embedded":
        path = Path(getattr(s, "path", "") or "")
        return (_("embedded store · {path}").format(path=f"{path.parent.name}/{path.name}") if path.name
                else _("embedded store"))
    return _("Neo4j at {uri}").format(uri=os.environ.get("NEO4J_URI", ""))


@without_cyclic_gc
def fingerprint(sub: Subgraph) -> str:
    """A short key for a subgraph of the open store: its node ids and relationships.

    Cheaper than letting Streamlit hash the records themselves, which dominated a rerun."""
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    for node_id in sorted(sub.nodes):
        digest.update(node_id.encode() + b"\0")
    for identity in sorted(e.identity for e in sub.edges):
        digest.update("\1".join(identity).encode() + b"\0")
    digest.update(f"{sub.total_nodes}\2{sub.rule}".encode())
    return digest.hexdigest()


def describe(node: Node, partners: int | None = None) -> str:
    """One line that tells same-named places apart: name in the UI language, subdivision, country, kind
    and, when given, the number of partnerships (``graph.i18n.place_labels.place_label``)."""
    if node.label == MUNICIPALITY:
        from graph.i18n.place_labels import place_label

        return place_label(node, partners)
    if node.label == CONFERENCE:
        when = node.get("start", "")[:10]
        return _("{name} · conference {when}").format(name=node.name, when=when).strip()
    return f"{node.name} · {term('label', node.label)}" + (f" ({value_word(node, 'kind')})" if node.get("kind") else "")


def name_of(node: Node) -> str:
    """How a view names a chosen node: a place by its name in the UI language ("Kiew"), others as stored."""
    from graph.i18n.place_labels import place_name

    return place_name(node) if node.label == MUNICIPALITY else node.name


def value_word(node: Node, field: str) -> str:
    """A stored word of ``node`` in the UI language: its kind (organisation, place) or its status."""
    value = node.get(field)
    if field == "kind" and node.label in (MUNICIPALITY, ORGANISATION):
        return term("place" if node.label == MUNICIPALITY else "organisation", value)
    if field == "status":
        return term("status" if node.label == CONFERENCE else "partnership status", value)
    return str(value)


def node_picker(label: str, key: str, labels: Sequence[str] = SEARCH_LABELS, default_text: str = "",
                help: str | None = None) -> Node | None:
    """A search box and the matches to choose from; both live in the URL (``?focus=Leipzig&focus.id=...``),
    so a reload, the back button or a copied link shows the same choice."""
    from app_pages import state

    s = store()
    text = state.text_input(label, key, default_text, key=f"{key}:input",
                            help=help or _("Any spelling: Krakau, Kiew, Breslau, Köln, Київ …"),
                            placeholder=_("type a name and press Enter"))
    st.session_state[f"{key}:text"] = text
    if not text.strip():
        return None
    hits = search_nodes(s, token(), text.strip(), tuple(labels))
    if not hits:
        st.warning(_("Nothing found for “{text}”. Try another spelling or fewer letters.").format(
            text=md(text.strip())))
        return None
    by_id = {n.id: n for n in hits}
    ids = list(by_id)
    shown = choice_labels(s, list(hits))
    chosen = state.selectbox(ngettext("{n} match", "{n} matches", len(hits)).format(n=number(len(hits))), f"{key}.id", ids,
                             default=st.session_state.get(f"{key}:id"), key=f"{key}:pick:{text.strip()}",
                             quiet=True, format_func=shown.__getitem__)
    st.session_state[f"{key}:id"] = chosen
    return by_id[chosen]


def choice_labels(s: GraphStore, nodes: Sequence[Node]) -> dict[str, str]:
    """Id -> the label a picker shows for each node (``describe`` with its number of partnerships),
    no two alike: a widget that is told two equal labels may swap one choice for the other."""
    from app_pages.answers import partner_counts
    from graph.i18n.place_labels import distinct_labels

    counts = partner_counts(s, token(), tuple(n.id for n in nodes if n.label == MUNICIPALITY))
    return distinct_labels({n.id: describe(n, counts.get(n.id)) for n in nodes})


def view_switch(options: Sequence[str], key: str) -> str:
    """Which part of a view to show (kept in the URL as ``?explore.view=``). Unlike tabs, only the chosen
    part is computed and sent. Options are English words; they are shown in the UI language."""
    from app_pages import state

    return state.radio(_("Show"), key.replace(":", "."), options, key=key, horizontal=True, label_visibility="collapsed",
                       format_func=_)


def set_pick(key: str, node: Node) -> None:
    """Make ``node`` the choice of picker ``key`` (e.g. from "explore this partner")."""
    from app_pages import state

    st.session_state[f"{key}:text"] = node.name
    state.put(key, node.name, key=f"{key}:input")
    st.session_state[f"{key}:id"] = node.id
    parts.page_changed()  # the picker lies above the part that asked: the whole page runs


def area_label(area) -> str:
    """An area's name in the UI language (``graph.i18n.area_name``)."""
    from graph.i18n import area_name

    return area_name(area)


def region_label(region_id: str) -> str:
    """A region's name in the UI language ("region:continent:africa" -> "Africa" / "Afrika")."""
    from graph.i18n import region_name as known_name

    known = known_name(region_id)
    if known:
        return known
    from app_pages.answers import region_name

    return region_name(store(), token(), region_id)


def area_kind(kind: str) -> str:
    """"municipality", "subdivision", "country", "region" in the UI language."""
    from graph.i18n import pgettext

    return pgettext("area", kind)


def country_label(code: str) -> str:
    return f"{country_name(code)} ({code})" if code else "—"


def rel_label(rel_type: str) -> str:
    from graph.i18n import rel_label as label

    return label(rel_type)


def md(text: object) -> str:
    """Text shown inside markdown exactly as it is: names are data, never markup (graph.safe_text)."""
    return safe_text.markdown(text)


def country_name_or_blank(code: object) -> str:
    return country_name(code) if isinstance(code, str) and code else ""
