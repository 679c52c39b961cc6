"""Finding nodes by any of their names, in any spelling a user is likely to type.

"Köln", "koln", "Cologne", "Kyjiw", "Київ", "Krakau" and "Krakow" all find their city: names and
aliases are folded (accents, case and punctuation removed; Cyrillic kept as Cyrillic), and small
typos ("Warschaw") are forgiven by fuzzy matching with rapidfuzz. The name index is built once per
store from the folded names each node is found by (``store.name_keys``, ``graph.store.base.node_keys``:
Neo4j keeps them on every node) and rebuilt once the store's version changed, so both stores give the same
answers for the same data. Folding every name of a large graph takes a while, so the embedded store
keeps the index beside its file (``GraphStore.keep_derived``) and the next process reads it.
"""

from __future__ import annotations

import bisect
import hashlib
import sys
import threading
import unicodedata
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from rapidfuzz import fuzz, process

from graph import text

from graph.store import base as store_module
from graph.text import fold
from graph.model import CONFERENCE, COUNTRY, MUNICIPALITY, ORGANISATION, REGION, THEME, Node
from graph.store.base import GraphStore

SEARCHABLE = (MUNICIPALITY, COUNTRY, REGION, ORGANISATION, CONFERENCE, THEME)
FUZZY_CUTOFF = 80  # rapidfuzz ratio (0-100): one wrong letter in a six-letter name still passes
INDEX_NAME = "names"  # what the index is kept as beside the graph
INDEX_FORMAT = "partnernet-name-index"


@dataclass
class NameIndex:
    """Every folded name and alias of the searchable nodes, sorted, and the nodes each one names.

    Nodes are numbered by their position in ``ids``, grouped by label in the order of SEARCHABLE
    (``label_ends`` holds where each label's group ends). ``postings[i]`` holds the node numbers of
    ``keys[i]``: a single number, or a list of them when several nodes share the key."""

    ids: list[str]
    label_ends: list[int]
    keys: list[str]
    postings: list
    stamp: str  # the store's version the index was built for
    _of_labels: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, store: GraphStore, stamp: object) -> "NameIndex":
        """Build the index from the store's folded names of every searchable label.

        Parameters
        ----------
        store : GraphStore
            The store whose ``name_keys`` are read.
        stamp : object
            The store's version the index is built for.

        Returns
        -------
        NameIndex
        """
        ids: list[str] = []
        label_ends: list[int] = []
        by_key: dict[str, list[int]] = {}
        for label in SEARCHABLE:
            for node_id, *node_keys in store.name_keys(label):
                number = len(ids)
                ids.append(node_id)
                for key in node_keys:
                    if key:
                        numbers = by_key.setdefault(key, [])
                        if not numbers or numbers[-1] != number:
                            numbers.append(number)
            label_ends.append(len(ids))
        keys = sorted(by_key)
        postings = [numbers[0] if len(numbers) == 1 else numbers for numbers in map(by_key.__getitem__, keys)]
        return cls(ids, label_ends, keys, postings, stamp)

    def to_json(self) -> dict:
        """The index as JSON data to keep beside the store, with what made it (format, code, labels).

        Returns
        -------
        dict
            format, code (a hash of the folding code), labels, ids, label_ends, keys and postings.
        """
        return {"format": INDEX_FORMAT, "code": _code_version(), "labels": list(SEARCHABLE), "ids": self.ids,
                "label_ends": self.label_ends, "keys": self.keys, "postings": self.postings}

    @classmethod
    def from_json(cls, data, stamp: object) -> "NameIndex | None":
        """The index kept by an earlier process, or None if it was made differently (other code).

        Parameters
        ----------
        data : object
            What :meth:`to_json` wrote, as read back; anything malformed gives None.
        stamp : object
            The store's version the kept index was made for.

        Returns
        -------
        NameIndex or None
        """
        try:
            if data["format"] != INDEX_FORMAT or data["code"] != _code_version() or data["labels"] != list(SEARCHABLE):
                return None
            ids, label_ends, keys, postings = data["ids"], data["label_ends"], data["keys"], data["postings"]
            if not (isinstance(ids, list) and isinstance(keys, list) and isinstance(postings, list)
                    and len(keys) == len(postings) and label_ends == sorted(label_ends)
                    and len(label_ends) == len(SEARCHABLE) and label_ends[-1] == len(ids)):
                return None
        except (KeyError, TypeError, IndexError):
            return None
        return cls(ids, label_ends, keys, postings, stamp)

    def numbers(self, position: int) -> list[int] | tuple[int]:
        """Node numbers of ``keys[position]``.

        Parameters
        ----------
        position : int
            Index into ``keys``.

        Returns
        -------
        list of int or tuple of int
            Positions in ``ids``.
        """
        found = self.postings[position]
        return (found,) if isinstance(found, int) else found

    def label(self, number: int) -> str:
        """The label of node number ``number``.

        Parameters
        ----------
        number : int
            A position in ``ids``.

        Returns
        -------
        str
            One of ``SEARCHABLE``.
        """
        return SEARCHABLE[bisect.bisect_right(self.label_ends, number)]

    def keys_of(self, labels: frozenset[str]) -> tuple[list[str], list[int]]:
        """The keys naming a node of one of ``labels``, and where each is in ``keys`` (made once per set).

        Parameters
        ----------
        labels : frozenset of str
            Labels of ``SEARCHABLE``.

        Returns
        -------
        (list of str, list of int)
            The keys in their sorted order and their positions in ``keys``: a search for countries
            matches spellings among the few hundred country names, not among every name of the graph.
        """
        found = self._of_labels.get(labels)
        if found is None:
            # the nodes of a label are numbered in one run (``label_ends``): a key is kept when one of its
            # nodes falls in the run of a label asked for
            runs = [(self.label_ends[i - 1] if i else 0, end) for i, (label, end) in
                    enumerate(zip(SEARCHABLE, self.label_ends)) if label in labels]

            if len(runs) == 1:  # one label: a comparison per key, no call
                (lo, hi), = runs
                positions = [i for i, n in enumerate(self.postings)
                             if (lo <= n < hi if n.__class__ is int else any(lo <= m < hi for m in n))]
            else:
                positions = [i for i, n in enumerate(self.postings)
                             if any(lo <= m < hi for m in ((n,) if n.__class__ is int else n) for lo, hi in runs)]
            found = self._of_labels[labels] = ([self.keys[i] for i in positions], positions)
        return found


@lru_cache(maxsize=1)
def _code_version() -> str:
    """Names the code that folds names into keys: a kept index made by other code is not used."""
    digest = hashlib.sha256(f"{sys.version_info[:2]} {unicodedata.unidata_version}".encode())
    for module in (sys.modules[__name__], store_module, text):  # this module, node_keys, fold
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


_INDEXES: "weakref.WeakKeyDictionary[GraphStore, NameIndex]" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def name_index(store: GraphStore) -> NameIndex:
    """The store's name index: built (or read where the store keeps it) on first use, and again
    once ``store.version()`` has changed.

    Parameters
    ----------
    store : GraphStore

    Returns
    -------
    NameIndex
        Every folded name and alias of the searchable nodes, for the data of ``store.version()``.
    """
    version = store.version()
    with _LOCK:
        index = _INDEXES.get(store)
        if index is not None and index.stamp == version:
            return index
        kept = store.read_derived(INDEX_NAME)
        index = NameIndex.from_json(kept, version) if kept is not None else None
        if index is None:
            index = NameIndex.build(store, version)
            store.keep_derived(INDEX_NAME, index.to_json(), version)
        _INDEXES[store] = index
        return index


def search(store: GraphStore, text: str, labels: Sequence[str] | None = None, limit: int = 20) -> list[Node]:
    """Find nodes by any of their names: the one search of partnernet (app, CLI, ``find_one``).

    Parameters
    ----------
    store : GraphStore
        Either store; both give the same answer for the same data.
    text : str
        What the user typed, in any spelling ("Krakau", "krakow", "Київ"); folded with
        ``graph.text.fold`` like every name in the index.
    labels : sequence of str, optional
        Only nodes of these labels (``graph.model`` labels); all searchable labels by default.
    limit : int
        At most this many nodes; 0 or less gives an empty list.

    Returns
    -------
    list of Node
        Exact matches of a name or alias first, then names starting with the text, then close spellings
        (rapidfuzz ratio of at least ``FUZZY_CUTOFF``); within each tier municipalities before other nodes,
        then the more populous place, then the one with more sources, then by name and id.

    Examples
    --------
    >>> from graph.store.embedded import EmbeddedStore
    >>> from loaders.demo import load_demo
    >>> store = EmbeddedStore.memory(); _ = load_demo(store)
    >>> [n.name for n in search(store, "Krakau", limit=1)]
    ['Kraków']
    """
    key = fold(text)
    if not key or limit <= 0:
        return []
    index = name_index(store)
    wanted = set(labels) if labels else None
    best: dict[int, tuple[int, float]] = {}  # node number -> (tier, -score) of its best match

    def add(position: int, tier: int, score: float = 100.0) -> None:
        for number in index.numbers(position):
            if wanted and index.label(number) not in wanted:
                continue
            match = (tier, -score)
            if number not in best or match < best[number]:
                best[number] = match

    keys = index.keys
    for position in range(bisect.bisect_left(keys, key), len(keys)):
        if not keys[position].startswith(key):
            break
        add(position, 0 if keys[position] == key else 1)
    if len(best) < limit and len(key) >= 3:
        # close spellings of a country, region, organisation or conference among the names of those labels,
        # so that the graph's many town names cannot crowd them out (a search for towns reads every name)
        narrow = wanted and MUNICIPALITY not in wanted
        among, positions = index.keys_of(frozenset(wanted)) if narrow else (keys, None)
        for _, score, i in process.extract(key, among, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit * 3):
            add(positions[i] if positions is not None else i, 2, score)
    found = {index.ids[number]: match for number, match in best.items()}
    # the ranking reads a few facts of every candidate; only the nodes returned are read whole
    facts = store.search_facts(found)

    def rank(node_id: str) -> tuple:
        # among equal matches the populous place first: "Roma" is Rome before Roma (Queensland), and
        # "Venezia" the city before the province of that name
        label, population, sources, name = facts[node_id]
        return (*found[node_id], 0 if label == MUNICIPALITY else 1, -(population or 0), -sources, fold(name), node_id)

    ranked = sorted((i for i in found if i in facts), key=rank)[:limit]
    nodes = store.get_many(ranked)
    return [nodes[node_id] for node_id in ranked if node_id in nodes]
