"""Plain-text answers to the region, suggestion, network and conference questions, as ``partnernet`` prints them.

Built from the same library answers as the app's views (:mod:`graph.queries`), with the tables of
:mod:`graph.export.text`. Headings, column headers, kinds, Länder and counts are in the current language of
``graph.i18n`` (real plural forms); names are printed as stored.
"""

from __future__ import annotations

from graph.export.text import frame_table, frame_text, text_table
from graph.i18n import _, area_name, kind_label, ngettext, number, pgettext, subdivision_name
from graph.queries import selections as sel
from graph.queries.regional import Area, partnership_matrix
from graph.store.base import GraphStore, Subgraph


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

    Returns
    -------
    str
        The heading line, the criteria line (when there are suggestions), then per suggestion a numbered
        line and its reasons indented below.

    Examples
    --------
    >>> print(suggestions_text("Gießen", "Ghana", suggest(store, giessen.id, ghana, limit=3)))  # doctest: +SKIP
    partners for Gießen in Ghana: 3 of 12 candidates
    criteria that tell these candidates apart: shared partners, similar size
      1. Kumasi (GH)  fit 100/100, fits 1 of 2 criteria
           - ...
    """
    lines = [_("partners for {origin} in {target}: {message}").format(
        origin=origin, target=target_name, message=result.message)]
    if result.suggestions and result.criteria:
        lines.append(_("criteria that tell these candidates apart: {criteria}").format(
            criteria=", ".join(result.criteria)))
    for rank, s in enumerate(result.suggestions, start=1):
        lines.append(f"{rank:>3}. {s.node.name} ({s.node.get('country', '?')})  "
                     + _("fit {percentile}/100, {fit}").format(percentile=s.percentile, fit=_fits(s)))
        lines += [f"       - {reason}" for reason in s.reasons]
    return "\n".join(lines)


def _fits(suggestion) -> str:
    """"fits 3 of 5 criteria" in the current language (a suggestion's ``fit`` in words)."""
    if not suggestion.criteria_total:
        return _("no criterion tells the candidates apart")
    return ngettext("fits {n} of {m} criterion", "fits {n} of {m} criteria", suggestion.criteria_total).format(
        n=number(len(suggestion.criteria)), m=suggestion.criteria_total)


def region_text(store: GraphStore, origin: Area, target: Area, rows: str = "origin_subdivision",
                cols: str = "partner_country", gaps: bool = False) -> str:
    """The region answer: the partnerships from ``origin`` to ``target``, their matrix and, with ``gaps``,
    the subdivisions of the origin's country and their partnerships into the target (none first).

    Parameters
    ----------
    store : GraphStore
    origin, target : Area
        From ``resolve_area`` (a municipality, subdivision, country or world region).
    rows, cols : str
        The matrix's axes, columns of the partnership table (see
        :func:`graph.queries.regional.partnership_matrix`).
    gaps : bool
        Add the table of the origin country's subdivisions (ISO 3166-2) with their partnership counts.

    Returns
    -------
    str
        A count line, the partnership table (kinds and subdivisions in words), the matrix and, with
        ``gaps``, the subdivisions table; parts separated by blank lines.

    Raises
    ------
    UsageError
        ``gaps`` for an origin that does not lie in one country (checked before anything is counted),
        or an unknown ``rows``/``cols``.
    """
    country = sel.gaps_country(store, origin) if gaps else None
    table = sel.region_partnerships(store, origin, target)
    if len(table):  # kinds, Länder and other subdivisions in words of the current language
        table = table.assign(kind=table["kind"].map(kind_label), **{
            f"{side}_subdivision": [subdivision_name(v, c) for v, c in zip(table[f"{side}_subdivision"],
                                                                           table[f"{side}_country"])]
            for side in ("origin", "partner")})
    parts = [ngettext("{n} partnership from {origin} ({origin_kind}) to {target} ({target_kind})",
                      "{n} partnerships from {origin} ({origin_kind}) to {target} ({target_kind})", len(table)).format(
        n=number(len(table)), origin=area_name(origin), origin_kind=_area_kind(origin.kind), target=area_name(target),
        target_kind=_area_kind(target.kind)),
             frame_table(table, ["origin", "origin_subdivision", "partner", "partner_country", "kind", "since"])]
    if len(table):
        parts.append("\n" + frame_text(partnership_matrix(table, rows=rows, cols=cols)))
    if country is not None:
        parts.append("\n" + _("subdivisions of {country} and their partnerships with {target} (none first)").format(
            country=area_name(country), target=area_name(target)))
        frame = sel.gaps(store, country, target)
        frame["subdivision"] = [subdivision_name(v, country.countries[0]) or v for v in frame["subdivision"]]
        parts.append(frame_table(frame, ["subdivision", "municipalities", "with_partner", "partnerships"]))
    return "\n".join(p for p in parts if p)


def insights_text(sub: Subgraph, name: str, top: int = 10) -> str:
    """Hubs, brokers, communities and country pairs of a network.

    Parameters
    ----------
    sub : Subgraph
        The network, e.g. from ``graph.queries.selections.network_between``.
    name : str
        How the network is named in the heading ("Germany - Poland").
    top : int
        Rows per table (hubs, brokers, communities).

    Returns
    -------
    str
        A count line; when the network has partnerships, the tables of hubs (degree), brokers
        (betweenness centrality, networkx), the largest communities (greedy modularity) and the
        partnerships per country pair.
    """
    from graph.queries.insights import brokers, communities, country_pair_counts, hubs  # pandas, when needed

    parts = [_("{name}: {municipalities}, {partnerships}").format(
        name=name, municipalities=ngettext("{n} municipality", "{n} municipalities", len(sub.nodes)).format(
            n=number(len(sub.nodes))),
        partnerships=ngettext("{n} partnership", "{n} partnerships", len(sub.edges)).format(n=number(len(sub.edges))))]
    if not sub.edges:
        return parts[0]
    parts += ["\n" + _("hubs (most partners in this network)"),
              text_table(hubs(sub, top), ["name", "country", "degree"]),
              "\n" + _("brokers (betweenness: on the most shortest paths between others)"),
              text_table(brokers(sub, top), ["name", "country", "betweenness", "degree"]),
              "\n" + _("largest communities"),
              text_table([{**c, "leaders": ", ".join(c["leaders"]), "countries": " ".join(c["countries"])}
                          for c in communities(sub)[:top]], ["community", "size", "leaders", "countries"]),
              "\n" + _("partnerships per country pair"), frame_text(country_pair_counts(sub))]
    return "\n".join(p for p in parts if p)


def _area_kind(kind: str) -> str:
    """What kind of area ``resolve_area`` found, in words of the current language."""
    return {"municipality": pgettext("area", "municipality"), "subdivision": pgettext("area", "subdivision"),
            "country": pgettext("area", "country"), "region": pgettext("area", "region")}.get(kind, kind)


def conferences_text(store: GraphStore, without: tuple[str, str] | None = None, everyone: bool = False) -> str:
    """The conferences (newest first), or with ``without=(text, area)`` the participants of the
    conferences matching the text that have no partner in the area.

    Parameters
    ----------
    store : GraphStore
    without : (str, str), optional
        ``(text, area)``: a text matched against conference titles and series, and a country (ISO 3166-1
        code or name) or other area; ``None`` lists the conferences.
    everyone : bool
        With ``without``: list all participants, not only those without a partner in the area.

    Returns
    -------
    str
        The conference table (start, title, place, status, participants, organisers), or a heading with
        counts and the participants' table.

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
    participants = ngettext("{n} participant", "{n} participants", len(frame)).format(n=number(len(frame)))
    conferences = ngettext("{n} conference", "{n} conferences", len(ids)).format(n=number(len(ids)))
    if everyone:
        head = _("{participants} of {conferences} matching {text}").format(
            participants=participants, conferences=conferences, text=repr(text))
    else:
        head = _("{participants} of {conferences} matching {text} without a partner in {country}").format(
            participants=participants, conferences=conferences, text=repr(text), country=country)
    return "\n".join(filter(None, [head, frame_table(frame, ["municipality", "country", "subdivision",
                                                             "partners_in_target", "partners", "conferences"])]))
