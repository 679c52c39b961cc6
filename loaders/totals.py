"""Writing what a load read, and totals that add up.

Each record is written once (a place named in many rows is one node), and the totals say, per node
label and relationship type, how many were written, how many of those were new and how many the
store already had. With ``replace`` the earlier load of the same file is taken back first
(``GraphStore.drop_sources``) and the totals say how much it removed, so that
``store before - removed + new = store after`` holds for every type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from graph.i18n import _, number, pgettext
from graph.model import SOURCE, Edge, Node
from graph.upsert import merge_props


@dataclass
class Totals:
    """Per type: ``written`` (distinct records), ``present`` (of those, already in the store),
    ``removed`` (by the replaced earlier load), and the store's counts before and after."""

    written: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    node_types: tuple[str, ...] = ()

    def new(self, kind: str) -> int:
        return self.written.get(kind, 0) - self.present.get(kind, 0)

    def _sum(self, counts: dict[str, int], nodes: bool) -> int:
        return sum(v for k, v in counts.items() if (k in self.node_types) == nodes)

    def lines(self) -> list[str]:
        """The totals in words, as the command line and the app show them."""
        out = []
        for nodes in (True, False):
            written = self._sum(self.written, nodes)
            present = self._sum(self.present, nodes)
            line = (_("nodes: {written} written ({new} new, {present} already present)") if nodes else
                    _("relationships: {written} written ({new} new, {present} already present)")).format(
                written=number(written), new=number(written - present), present=number(present))
            if self.removed:
                line += _("; {n} removed with the earlier load of this file").format(n=number(self._sum(self.removed, nodes)))
            out.append(line + _("; store {before} -> {after}").format(before=number(self._sum(self.before, nodes)),
                                                                     after=number(self._sum(self.after, nodes))))
            kinds = sorted(k for k in set(self.written) | set(self.removed) if (k in self.node_types) == nodes)
            parts = [(_("{type} {written} ({new} new, {removed} removed)") if self.removed.get(k) else
                      _("{type} {written} ({new} new)")).format(type=pgettext("record type", k),
                                                               written=number(self.written.get(k, 0)), new=number(self.new(k)),
                                                               removed=number(self.removed.get(k, 0))) for k in kinds]
            if parts:
                out.append("  " + ", ".join(parts))
        return out


def distinct(nodes: list[Node], edges: list[Edge]) -> tuple[list[Node], list[Edge]]:
    """Each node and edge once, properties merged as the stores merge them."""
    by_id: dict[str, Node] = {}
    for node in nodes:
        old = by_id.get(node.id)
        by_id[node.id] = node if old is None or old.props == node.props else \
            Node(old.label, old.id, merge_props(old.props, node.props))
    by_identity: dict[tuple, Edge] = {}
    for edge in edges:
        identity = edge.identity
        old = by_identity.get(identity)
        if old is None:
            by_identity[identity] = edge
        elif old is not edge and old.props != edge.props:
            by_identity[identity] = Edge(old.type, old.source, old.target, merge_props(old.props, edge.props))
    return list(by_id.values()), list(by_identity.values())


def write_load(store, nodes: list[Node], edges: list[Edge], report, *, source: str | None = None,
               replace: bool = False, progress: Callable[[int], None] | None = None) -> Totals:
    """Write a load's records and fill ``report`` (``nodes_written``, ``edges_written``, ``totals``).

    Parameters
    ----------
    store : GraphStore
    nodes, edges : list
        What the loader read (duplicates allowed).
    report : loaders.report.LoadReport
    source : str, optional
        Id of the file's Source node: with ``replace``, what it and the sources only it named said
        before is taken back first.
    replace : bool
        Replace the earlier load of the same file instead of adding to it. Nothing is taken back
        when no row loaded (the report says so).
    progress : callable, optional
        Called with the number of records written after each batch.

    Returns
    -------
    Totals
    """
    nodes, edges = distinct(nodes, edges)
    before = store.stats()
    if replace and source:
        if report.rows_loaded:
            owned = [source] + [s.id for s in store.nodes(SOURCE) if s.get("sources") == [source]]
            store.drop_sources(owned)
        else:
            report.notes.append(_("no row loaded, so the earlier load of this file was kept as it was"))
    middle = store.stats()
    present_nodes = store.get_many([n.id for n in nodes])
    stored_edges = {e.identity for e in store.edges(node_ids=[n.id for n in nodes])} if edges else set()
    totals = Totals(node_types=tuple(sorted({n.label for n in nodes} | set(before.nodes) | set(middle.nodes))))
    for node in nodes:
        totals.written[node.label] = totals.written.get(node.label, 0) + 1
        if node.id in present_nodes:
            totals.present[node.label] = totals.present.get(node.label, 0) + 1
    for edge in edges:
        totals.written[edge.type] = totals.written.get(edge.type, 0) + 1
        if edge.identity in stored_edges:
            totals.present[edge.type] = totals.present.get(edge.type, 0) + 1
    for kind in set(before.nodes) | set(before.edges):
        removed = before.nodes.get(kind, before.edges.get(kind, 0)) - middle.nodes.get(kind, middle.edges.get(kind, 0))
        if removed:
            totals.removed[kind] = removed
    result = store.upsert(nodes, edges, progress=progress)
    report.notes.extend(write_notes(result, len(nodes) + len(edges)))
    store.flush()
    after = store.stats()
    totals.before = {**before.nodes, **before.edges}
    totals.after = {**after.nodes, **after.edges}
    report.nodes_written, report.edges_written = result.nodes, result.edges
    report.totals = totals
    return totals


def write_notes(result, records: int) -> list[str]:
    """What the store said about how it wrote, in words: a bulk first load, an interrupted one merged into.

    Parameters
    ----------
    result : WriteResult
        What ``GraphStore.upsert`` returned.
    records : int
        The records given to it.

    Returns
    -------
    list of str
        Zero, one or two sentences in the current language.
    """
    notes = []
    if result.bulk_seconds is not None:
        notes.append(_("bulk first load: {records} records in {seconds} s (the database was empty)").format(
            records=number(records), seconds=number(result.bulk_seconds, 1)))
    if result.interrupted_bulk:
        notes.append(_("an earlier bulk first load (started {started}) was interrupted; this load completed what "
                       "it had written where it loads the same records").format(started=result.interrupted_bulk))
    return notes
