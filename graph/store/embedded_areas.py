"""The partnerships between two areas, read from the embedded store's adjacency index.

The same answer as :func:`graph.store.area_reads.partnerships_between` (whose rule it follows;
tests/test_embedded_fast_areas.py compares the two), without making an ``Edge`` record of every partnership of every
municipality of the origin area: a municipality's partners of one kind are one dict of the index
(graph.store.adjacency), each partner is tested against the target area once, and only the
partnerships kept become records.
"""

from __future__ import annotations

from graph.model import PARTNER_OF, Edge, Node
from graph.store.adjacency import IN, OUT, key_type
from graph.store.area_reads import municipalities_of


class EmbeddedAreas:
    """``partnerships_between`` over the adjacency index (mixed into ``EmbeddedStore``, which gives
    ``_adj``, ``_nodes`` and ``_edge``)."""

    def partnerships_between(self, origin, target) -> list[tuple[Node, Edge, Node]]:
        """Each partnership from a municipality of ``origin`` to one of ``target``, once, by edge identity.

        Parameters
        ----------
        origin, target : Area
            Areas (graph.queries.areas.Area): municipality, subdivision, country or region.

        Returns
        -------
        list of (Node, Edge, Node)
            The municipality of ``origin``, the PARTNER_OF edge, the partner in ``target``; a
            partnership with both ends in both areas is given from its stored source (the rule of
            :func:`graph.store.area_reads.partnerships_between`).
        """
        origins = {n.id: n for n in municipalities_of(self, origin)}
        near, nodes = self._adj.near, self._nodes
        in_target: dict[str, bool] = {}

        def qualifies(node_id: str) -> bool:
            found = in_target.get(node_id)
            if found is None:
                node = nodes.get(node_id)
                found = in_target[node_id] = node is not None and target.contains(node)
            return found

        rows = []
        for here, node in origins.items():
            for key, others in near.get(here, {}).items():
                if key_type(key) != PARTNER_OF:
                    continue
                for there, how in others.items():
                    if not qualifies(there):
                        continue
                    if how & OUT:  # stored from here: the row is here's
                        rows.append(((here, there, key), node, nodes[there]))
                    if how & IN and not (there in origins and qualifies(here)):  # else it is there's own row
                        rows.append(((there, here, key), node, nodes[there]))
        rows.sort(key=lambda row: row[0])
        return [(node, self._edge(identity), partner) for identity, node, partner in rows]
