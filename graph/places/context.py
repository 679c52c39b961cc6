"""What one resolver keeps while it places names: the gazetteer, records made once, each spelling's rule."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.geo.gazetteer import Gazetteer, gazetteer
from graph.model import Edge, Node
from graph.places.spellings import Link, Rule


@dataclass
class Placed:
    """What a rule made of a name: the municipality node, its parent city, and records the parent needs."""

    node: Node
    parent: Node | None = None
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


class Context:
    """The state the place rules share within one resolver.

    Parameters
    ----------
    use_gazetteer : bool
        False places every name by the rules that need no gazetteer (kept as written or flagged).
    """

    def __init__(self, *, use_gazetteer: bool = True) -> None:
        self._gazetteer: Gazetteer | None = None
        self._use_gazetteer = use_gazetteer
        self.nodes: dict[tuple, Node] = {}  # records made once and shared by every place they serve
        self.countries: dict[tuple[str, str], Node] = {}
        self.links: dict[tuple[str, str | None], Link] = {}  # (spelling, country) -> first placement
        # (spelling, country, node id) -> (rule, detail): how a spelling became that node
        self.placed: dict[tuple[str, str | None, str], tuple[Rule, str | None]] = {}
        # plain id -> (lat, lon, id) of each place kept as written under it, to keep namesakes apart
        self.sites: dict[str, list[tuple[float, float, str]]] = {}
        self.refused_areas = 0  # city spellings not linked to a county or region of the same name

    @property
    def gazetteer(self) -> Gazetteer | None:
        """The GeoNames gazetteer (``graph.geo.gazetteer``), read on first use; None without one."""
        if self._gazetteer is None and self._use_gazetteer:
            self._gazetteer = gazetteer()
        return self._gazetteer

    def record(self, spelling: str, country: str | None, node_id: str, rule: Rule,
               detail: str | None = None) -> None:
        """Remember that ``spelling`` (in ``country``) became ``node_id`` by ``rule``."""
        self.links.setdefault((spelling, country), Link(spelling, country, node_id, rule, detail))
        self.placed[(spelling, country, node_id)] = (rule, detail)
