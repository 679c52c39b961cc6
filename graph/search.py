"""Finding nodes by any of their names, in any spelling a user is likely to type.

"Köln", "koln", "Cologne", "Kyjiw", "Київ", "Krakau" and "Krakow" all find their city: names and
aliases are folded (accents, case and punctuation removed; Cyrillic kept as Cyrillic), and small
typos ("Warschaw") are forgiven by fuzzy matching with rapidfuzz. The name index is built once per
store from ``store.nodes(label)`` and rebuilt when the store's node count changes, so both stores
give the same answers for the same data.
"""

from __future__ import annotations

import bisect
import gc
import threading
import weakref
from dataclasses import dataclass
from typing import Sequence

from rapidfuzz import fuzz, process

from .gazetteer import name_key
from .model import CONFERENCE, COUNTRY, MUNICIPALITY, ORGANISATION, REGION, THEME, Node
from .store import GraphStore

SEARCHABLE = (MUNICIPALITY, COUNTRY, REGION, ORGANISATION, CONFERENCE, THEME)
FUZZY_CUTOFF = 80  # rapidfuzz ratio (0-100): one wrong letter in a six-letter name still passes


@dataclass
class NameIndex:
    nodes: dict[str, Node]
    by_key: dict[str, set[str]]  # folded name or alias -> node ids
    keys: list[str]  # sorted, for prefix look-ups
    names: dict[str, str]  # node id -> folded main name
    size: int

    @classmethod
    def build(cls, store: GraphStore, size: int) -> "NameIndex":
        nodes: dict[str, Node] = {}
        by_key: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for label in SEARCHABLE:
            for node in store.nodes(label):
                nodes[node.id] = node
                names[node.id] = name_key(node.props.get("name", ""))
                texts = [node.props.get("name", ""), *node.props.get("aliases", ())]
                if node.label == COUNTRY:
                    texts.append(node.props.get("code", ""))
                for text in texts:
                    key = name_key(text)
                    if key:
                        by_key.setdefault(key, set()).add(node.id)
        return cls(nodes, by_key, sorted(by_key), names, size)


_INDEXES: "weakref.WeakKeyDictionary[GraphStore, NameIndex]" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _node_count(store: GraphStore) -> int:
    return sum(n for label, n in store.stats().nodes.items() if label in SEARCHABLE)


def name_index(store: GraphStore) -> NameIndex:
    """The store's name index, built on first use and again after the store gained or lost nodes."""
    size = _node_count(store)
    with _LOCK:
        index = _INDEXES.get(store)
        if index is None or index.size != size:
            enabled = gc.isenabled()
            gc.disable()  # hundreds of thousands of small keys and sets: GC passes would double the build
            try:
                index = _INDEXES[store] = NameIndex.build(store, size)
            finally:
                if enabled:
                    gc.enable()
        return index


def search(store: GraphStore, text: str, labels: Sequence[str] | None = None, limit: int = 20) -> list[Node]:
    """Nodes whose name or an alias matches ``text``: exact matches, then prefix matches, then
    close spellings; within each, municipalities before other nodes, then populous places first."""
    key = name_key(text)
    if not key or limit <= 0:
        return []
    index = name_index(store)
    wanted = set(labels) if labels else None
    scored: dict[str, tuple] = {}

    def add(node_id: str, tier: int, score: float = 100.0) -> None:
        node = index.nodes[node_id]
        if wanted and node.label not in wanted:
            return
        # among equal matches the populous place first: "Roma" is Rome before Roma (Queensland)
        rank = (tier, -score, 0 if node.label == MUNICIPALITY else 1,
                -(node.props.get("population") or 0), -len(node.props.get("sources", ())),
                index.names[node_id], node_id)
        if node_id not in scored or rank < scored[node_id]:
            scored[node_id] = rank

    for node_id in index.by_key.get(key, ()):
        add(node_id, 0)
    start = bisect.bisect_left(index.keys, key)
    for pos in range(start, len(index.keys)):
        candidate = index.keys[pos]
        if not candidate.startswith(key):
            break
        if candidate != key:
            for node_id in index.by_key[candidate]:
                add(node_id, 1)
    if len(scored) < limit and len(key) >= 3:
        for candidate, score, _ in process.extract(key, index.keys, scorer=fuzz.ratio,
                                                   score_cutoff=FUZZY_CUTOFF, limit=limit * 3):
            for node_id in index.by_key[candidate]:
                add(node_id, 2, score)
    ranked = sorted(scored, key=scored.__getitem__)
    return [index.nodes[node_id] for node_id in ranked[:limit]]
