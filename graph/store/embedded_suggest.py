"""What links a suggestion's candidates to the origin, read from the embedded store's adjacency index.

The same answer as :func:`graph.store.suggest_reads.candidate_links` (whose rules it follows;
tests/test_suggest_fast_paths.py compares the two), without making an ``Edge`` record of every relationship of every
candidate: a candidate's partners of one kind are one dict of the index (graph.store.adjacency), so
a country's ten thousand candidates are read in a few set operations each.
"""

from __future__ import annotations

from typing import Iterable

from graph.model import ADDRESSES, ATTENDS, HELD_IN, MEMBER_OF, PARTNER_OF
from graph.store.adjacency import IN, OUT, key_type
from graph.store.suggest_reads import DEFAULT_KIND, PROGRAMME_KINDS, CandidateLinks


class EmbeddedSuggest:
    """``candidate_links`` over the adjacency index (mixed into ``EmbeddedStore``, which gives ``_adj``
    and ``_nodes``)."""

    def _ends(self, node_id: str, rel_type: str, bit: int) -> set[str]:
        """The other ends of ``node_id``'s relationships of a type: outgoing (``OUT``), incoming (``IN``) or both."""
        found: set[str] = set()
        for key, others in self._adj.near.get(node_id, {}).items():
            if key_type(key) == rel_type:
                found.update(other for other, how in others.items() if how & bit)
        return found

    def candidate_links(self, origin_id: str, candidate_ids: Iterable[str], country: str | None) -> dict:
        """Candidate id -> what links it to the origin (see ``GraphStore.candidate_links``).

        Parameters
        ----------
        origin_id : str
            The municipality looking for a partner.
        candidate_ids : iterable of str
            The candidates (none of them the origin or its partner).
        country : str or None
            The origin's country, whose partners of a candidate are collected; None or "" for none.

        Returns
        -------
        dict of str to CandidateLinks
            Only candidates with a partner, a shared conference, organisation or theme; rules in
            :mod:`graph.store.suggest_reads`.
        """
        near, nodes = self._adj.near, self._nodes
        origin_partners = self._ends(origin_id, PARTNER_OF, OUT | IN)
        origin_events = self._ends(origin_id, ATTENDS, OUT) | self._ends(origin_id, HELD_IN, IN)
        origin_orgs = self._ends(origin_id, MEMBER_OF, OUT)
        origin_themes = set().union(*(self._ends(e, ADDRESSES, OUT) for e in origin_events))
        themes_of: dict[str, set[str]] = {}  # conference -> the origin's themes it addresses
        country_of: dict[str, str | None] = {}
        links: dict[str, CandidateLinks] = {}
        for cid in set(candidate_ids):
            partners: set[str] = set()
            events: set[str] = set()
            for key, others in near.get(cid, {}).items():
                rel = key_type(key)
                if rel == PARTNER_OF:
                    kind = key.partition(":")[2] or DEFAULT_KIND
                    found = links.get(cid) or links.setdefault(cid, CandidateLinks())
                    partners.update(others)
                    found.kinds.add(kind)
                    if kind in PROGRAMME_KINDS:
                        found.programme_partners.setdefault(kind, set()).update(others)
                elif rel == MEMBER_OF and origin_orgs:
                    orgs = {o for o, how in others.items() if how & OUT and o in origin_orgs}
                    if orgs:
                        (links.get(cid) or links.setdefault(cid, CandidateLinks())).orgs |= orgs
                elif rel == ATTENDS or rel == HELD_IN:
                    bit = OUT if rel == ATTENDS else IN
                    events.update(o for o, how in others.items() if how & bit)
            if events & origin_events:
                (links.get(cid) or links.setdefault(cid, CandidateLinks())).met = events & origin_events
            if origin_themes and events:
                shared_themes: set[str] = set()
                for event in events:
                    if event not in themes_of:
                        themes_of[event] = self._ends(event, ADDRESSES, OUT) & origin_themes
                    shared_themes |= themes_of[event]
                if shared_themes:
                    (links.get(cid) or links.setdefault(cid, CandidateLinks())).themes = shared_themes
            if partners:
                found = links[cid]
                found.partners = len(partners)
                found.shared = partners & origin_partners
                if country:
                    for p in partners:
                        if p not in country_of:  # (a set minus the dict's keys would walk every key)
                            node = nodes.get(p)
                            country_of[p] = node.props.get("country") if node is not None else None
                    found.country_partners = {p for p in partners if country_of[p] == country}
        return links
