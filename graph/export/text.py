"""Plain-text output of answers: aligned tables and the lines the command line prints.

Kept beside the file exports so that what ``partnernet`` prints is built from the same answers as
what the app shows; the command line only prints these strings.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from graph.queries import selections as sel
from graph.queries.paths import describe
from graph.queries.regional import Area, partnership_matrix
from graph.store.base import GraphStore, Subgraph

if TYPE_CHECKING:
    import pandas as pd


def _cell(value: Any) -> str:
    try:
        if value is None or value != value:  # None and NaN print as nothing
            return ""
    except TypeError:  # pandas' NA has no truth value
        return ""
    return str(value)


def text_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Rows as left-aligned columns under a header line; ``""`` when there are no rows.

    Parameters
    ----------
    rows : iterable of mappings
        Each maps column name to value; a missing, None or NaN value prints as an empty cell.
    columns : sequence of str
        The columns to print, in order (the header line).

    Returns
    -------
    str
        Lines joined by ``"\\n"``, columns separated by two spaces, no trailing newline.

    Examples
    --------
    >>> print(text_table([{"name": "Leipzig", "country": "DE"}], ["name", "country"]))
    name     country
    Leipzig  DE
    """
    rows = [{c: _cell(r.get(c)) for c in columns} for r in rows]
    if not rows:
        return ""
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def frame_table(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    """:func:`text_table` of a DataFrame's rows."""
    return text_table(frame.to_dict("records"), columns)


def suggestions_text(origin: str, target_name: str, result) -> str:
    """Ranked suggestions (``graph.queries.suggest.suggest``'s result) with their reasons, one block each.

    Parameters
    ----------
    origin : str
        How the origin is named in the heading ("Gießen (Hessen, Germany, 89,000 people; id …)").
    target_name : str
        The area the partners are sought in.
    result : graph.queries.suggest.SuggestionResult
        ``message`` says how many were found or why none; ``criteria`` names what tells the candidates
        apart; each suggestion has ``percentile`` (share of the other candidates ranked lower, 0-100),
        ``fit`` ("fits N of M criteria") and ``reasons``.

    Examples
    --------
    >>> print(suggestions_text("Gießen", "Ghana", suggest(store, giessen.id, ghana, limit=3)))  # doctest: +SKIP
    partners for Gießen in Ghana: 3 of 12 candidates
    criteria that tell these candidates apart: shared partners, similar size
      1. Kumasi (GH)  fit 100/100, fits 1 of 2 criteria
           - ...
    """
    lines = [f"partners for {origin} in {target_name}: {result.message}"]
    if result.suggestions and result.criteria:
        lines.append(f"criteria that tell these candidates apart: {', '.join(result.criteria)}")
    for rank, s in enumerate(result.suggestions, start=1):
        lines.append(f"{rank:>3}. {s.node.name} ({s.node.get('country', '?')})  fit {s.percentile}/100, {s.fit}")
        lines += [f"       - {reason}" for reason in s.reasons]
    return "\n".join(lines)


def stats_text(store: GraphStore) -> str:
    """Nodes and relationships of the store, counted by label and type."""
    stats = store.stats()
    counts = [{"type": k, "count": v} for k, v in {**stats.nodes, **stats.edges}.items()]
    return "\n".join(filter(None, [f"{store.kind} store: {stats.node_count} nodes, {stats.edge_count} relationships",
                                   text_table(counts, ["type", "count"])]))


def region_text(store: GraphStore, origin: Area, target: Area, rows: str = "origin_subdivision",
                cols: str = "partner_country", gaps: bool = False) -> str:
    """The region answer: the partnerships from ``origin`` to ``target``, their matrix (``rows`` ×
    ``cols``, see :func:`graph.queries.regional.partnership_matrix`) and, with ``gaps``, the subdivisions
    of the origin's country and their partnerships into the target (none first).

    Raises
    ------
    UsageError
        ``gaps`` for an origin that does not lie in one country (checked before anything is counted),
        or an unknown ``rows``/``cols``.
    """
    country = sel.gaps_country(store, origin) if gaps else None
    table = sel.region_partnerships(store, origin, target)
    parts = [f"{len(table)} partnership(s) from {origin.name} ({origin.kind}) to {target.name} ({target.kind})",
             frame_table(table, ["origin", "origin_subdivision", "partner", "partner_country", "kind", "since"])]
    if len(table):
        parts.append("\n" + partnership_matrix(table, rows=rows, cols=cols).to_string())
    if country is not None:
        parts.append(f"\nsubdivisions of {country.name} and their partnerships with {target.name} (none first)")
        parts.append(frame_table(sel.gaps(store, country, target),
                                 ["subdivision", "municipalities", "with_partner", "partnerships"]))
    return "\n".join(p for p in parts if p)


def insights_text(sub: Subgraph, name: str, top: int = 10) -> str:
    """Hubs, brokers, communities and country pairs of a network (from ``network_between``)."""
    from graph.queries.insights import brokers, communities, country_pair_counts, hubs  # pandas, when needed

    parts = [f"{name}: {len(sub.nodes)} municipalities, {len(sub.edges)} partnerships"]
    if not sub.edges:
        return parts[0]
    parts += ["\nhubs (most partners in this network)", text_table(hubs(sub, top), ["name", "country", "degree"]),
              "\nbrokers (betweenness: on the most shortest paths between others)",
              text_table(brokers(sub, top), ["name", "country", "betweenness", "degree"]),
              "\nlargest communities",
              text_table([{**c, "leaders": ", ".join(c["leaders"]), "countries": " ".join(c["countries"])}
                          for c in communities(sub)[:top]], ["community", "size", "leaders", "countries"]),
              "\npartnerships per country pair", country_pair_counts(sub).to_string()]
    return "\n".join(p for p in parts if p)


def path_text(result) -> str:
    """A :class:`graph.queries.paths.PathResult` in words: its summary, then one line per path."""
    return "\n".join([result.summary(), *(f"  {describe(p)}" for p in result.paths)])


class ProgressBar:
    """A progress bar on stderr for a load, sized once the number of records to write is known:
    pass ``start`` as a loader's ``announce`` and ``update`` as its ``progress``."""

    def __init__(self, desc: str) -> None:
        self.desc, self.bar = desc, None

    def start(self, total: int) -> None:
        """Show the bar (tqdm, on stderr; hidden when that is not a terminal) for ``total`` records."""
        from tqdm import tqdm

        self.bar = tqdm(total=total, desc=self.desc, unit="rec", disable=None, file=sys.stderr)

    def update(self, count: int) -> None:
        """Advance the bar by ``count`` records written (nothing before ``start``)."""
        if self.bar is not None:
            self.bar.update(count)

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


def conferences_text(store: GraphStore, without: tuple[str, str] | None = None, everyone: bool = False) -> str:
    """The conferences (newest first), or with ``without=(text, area)`` the participants of the
    conferences matching the text that have no partner in the area (``everyone``: all participants).

    Raises
    ------
    NotFound
        No conference matches the text, or the area is unknown.
    """
    from graph.queries.conferences import attendees_without_partner_in, conference_table, find_conferences  # pandas

    if not without:
        return frame_table(conference_table(store), ["start", "title", "place", "status", "participants", "organisers"])
    text, country = without
    ids = find_conferences(store, text)
    frame = attendees_without_partner_in(store, ids, country, only_without=not everyone)
    head = (f"{len(frame)} participant(s) of {len(ids)} conference(s) matching {text!r}"
            f"{'' if everyone else f' without a partner in {country}'}")
    return "\n".join(filter(None, [head, frame_table(frame, ["municipality", "country", "subdivision",
                                                             "partners_in_target", "partners", "conferences"])]))


def nodes_text(nodes: Sequence) -> str:
    """Search hits (or any nodes) as a table: name, label, country, subdivision, id."""
    return text_table([{"name": n.name, "label": n.label, "country": n.get("country"),
                        "subdivision": n.get("subdivision"), "id": n.id} for n in nodes],
                      ["name", "label", "country", "subdivision", "id"])


def partners_text(node, rows: Sequence[Mapping[str, Any]]) -> str:
    """A municipality's partnerships (``graph.queries.partners.partner_rows``) under a count line."""
    head = f"{node.name} ({node.get('country', '?')}): {len(rows)} partnership(s)"
    return "\n".join(filter(None, [head, text_table(rows, ["partner", "country", "kind", "since", "status", "sources"])]))
