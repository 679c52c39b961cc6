"""The body of each ``partnernet`` command: a call into graph or loaders, then printing.

``cmd_<name>(args, store)`` runs the command ``name`` with its parsed options on an open store and
returns the exit code; every word printed comes from the gettext catalogue of ``graph.i18n``.
"""

from __future__ import annotations

import sys

from graph.errors import PartnernetError
from graph.export import FORMATS, format_for_path
from graph.export.files import write_output
from graph.export.requests import export_to, neighbourhood_selection, region_selection
from graph.export.tabular import csv_text
from graph.export.answer_text import conferences_text, insights_text, region_text, suggestions_text
from graph.export.text import ProgressBar, nodes_text, partners_text, path_text, stats_text
from graph.geo.registers import warn_missing_registers
from graph.i18n import _, area_name, ngettext, number
from graph.queries.partners import find_one, partner_rows
from graph.queries.paths import connection_paths
from graph.queries.quality import quality
from graph.queries.regional import resolve_area
from graph.queries.search import name_index, search
from graph.queries.suggest import Filters, suggest
from graph.queries.suggest_origin import describe, resolve_origin
from graph.store.lock import writing
from loaders.sources import load_source

from commandline.options import DELIMITERS


def cmd_load(args, store) -> int:
    """Load a source into the store, one writer at a time, and say what was loaded."""
    warn_missing_registers()
    if args.source == "twin-cities" and args.path:
        print(_("reading {path} ...").format(path=args.path), file=sys.stderr)
    # one writer at a time: a second load waits, then adds to what the first saved
    with writing(store), ProgressBar(_("writing")) as bar:
        reports = load_source(store, args.source, args.path, strict=args.strict, encoding=args.encoding,
                              delimiter=args.delimiter, sheet=args.sheet, replace=args.replace, draft=args.draft,
                              yes=args.yes, publisher=args.publisher, conference=args.conference,
                              progress=bar.update, announce=bar.start)
    if store.kind == "embedded":  # keep the name index with the store: the app reads it instead of building it
        name_index(store)
    for report in reports:
        print(report.summary(max_problems=args.show))
    stats = store.stats()
    nodes = ngettext("{n} node", "{n} nodes", stats.node_count).format(n=number(stats.node_count))
    edges = ngettext("{n} relationship", "{n} relationships", stats.edge_count).format(n=number(stats.edge_count))
    print(_("store now holds {nodes} and {relationships}").format(nodes=nodes, relationships=edges))
    return 0


def cmd_stats(args, store) -> int:
    """Print the store's counts by label and type."""
    print(stats_text(store))
    return 0


def cmd_search(args, store) -> int:
    """Print the nodes a text names; exit code 1 when none."""
    hits = search(store, args.text, labels=args.label, limit=args.limit)
    if not hits:
        print(_("nothing found for {text}").format(text=repr(args.text)), file=sys.stderr)
        return 1
    print(nodes_text(hits))
    return 0


def cmd_partners(args, store) -> int:
    """Print the partnerships of one municipality."""
    node = find_one(store, args.name)
    print(partners_text(node, partner_rows(store, node.id)))
    return 0


def cmd_quality(args, store) -> int:
    """Print how well places are resolved; with --csv also write what to check."""
    report = quality(store)
    print(report.summary(max_listed=None if args.all else 20))
    if args.csv:
        rows = report.places_to_check()
        write_output(args.csv, csv_text(rows, ["what", "name", "country", "id", "spellings", "why"]))
        print(ngettext("wrote {n} row to {file}", "wrote {n} rows to {file}", len(rows)).format(
            n=number(len(rows)), file=args.csv))
    return 0


def cmd_export(args, store) -> int:
    """Write a neighbourhood or a region query to a file in the format its suffix names."""
    fmt, delimiter = format_for_path(args.output, args.format), DELIMITERS[args.delimiter]
    if args.centre:
        sub, context = neighbourhood_selection(store, args.centre, args.depth, args.rel, args.kind, args.max_nodes,
                                               delimiter)
    elif args.origin and args.target:
        sub, context = region_selection(store, args.origin, args.target, args.kind, delimiter)
    else:
        raise PartnernetError(_("say what to export: --centre NAME (a neighbourhood) or --from AREA --to AREA"))
    output, fmt, data, note = export_to(args.output, fmt, sub, context)
    if note:
        print(note)
    write_output(output, data, make_dirs=True)
    nodes = ngettext("{n} node", "{n} nodes", len(sub.nodes)).format(n=number(len(sub.nodes)))
    edges = ngettext("{n} relationship", "{n} relationships", len(sub.edges)).format(n=number(len(sub.edges)))
    print(_("wrote {file} ({format}): {nodes}, {relationships}").format(
        file=output, format=FORMATS[fmt].description, nodes=nodes, relationships=edges))
    return 0


def cmd_region(args, store) -> int:
    """Print the partnerships from one area to another, their matrix and, with --gaps, the gaps."""
    origin, target = resolve_area(store, args.origin), resolve_area(store, args.target)
    print(region_text(store, origin, target, rows=args.rows, cols=args.cols, gaps=args.gaps))
    return 0


def cmd_suggest(args, store) -> int:
    """Print ranked partner suggestions; exit code 1 when there are none."""
    origin, target = resolve_origin(store, args.origin), resolve_area(store, args.target)
    low, high = args.population or (None, None)
    filters = Filters(low, high, args.no_partner_in_country, args.partner_in_land, args.kind)
    result = suggest(store, origin.id, target, limit=args.limit, filters=filters)
    print(suggestions_text(describe(origin), area_name(target), result))
    return 0 if result.suggestions else 1


def cmd_path(args, store) -> int:
    """Print the shortest connections of two nodes; exit code 1 when there is none."""
    a, b = find_one(store, args.a, labels=()), find_one(store, args.b, labels=())
    result = connection_paths(store, a.id, b.id, rel_types=args.rel, max_depth=args.max_depth, limit=args.limit)
    print(path_text(result))
    return 0 if result.found else 1


def cmd_insights(args, store) -> int:
    """Print hubs, brokers and communities between two areas; exit code 1 for an empty network."""
    from graph.queries.insights import network_between  # pandas: loaded only by the commands that use it

    side_a, side_b = resolve_area(store, args.a), resolve_area(store, args.b)
    sub = network_between(store, side_a.countries, side_b.countries, within=args.within)
    print(insights_text(sub, f"{area_name(side_a)} - {area_name(side_b)}", args.top))
    return 0 if sub.edges else 1


def cmd_conferences(args, store) -> int:
    """Print the conferences, or their participants without a partner in a country."""
    print(conferences_text(store, args.without, everyone=args.all))
    return 0


def cmd_dump(args, store) -> int:
    from graph.model import NODE_LABELS
    from graph.store.jsongraph import encode

    nodes = [node for label in NODE_LABELS for node in store.nodes(label)]
    edges = {edge.identity: edge.props for edge in store.edges()}
    write_output(args.output, encode(nodes, edges), make_dirs=True)
    print(_("wrote {file}: {nodes} and {relationships} as JSON (a data directory holding it as graph.json "
            "converts it on first open)").format(
        file=args.output, nodes=ngettext("{n} node", "{n} nodes", len(nodes)).format(n=number(len(nodes))),
        relationships=ngettext("{n} relationship", "{n} relationships", len(edges)).format(n=number(len(edges)))))
    return 0


def cmd_clear(args, store) -> int:
    """Empty the store, only with --yes."""
    if not args.yes:
        raise PartnernetError(_("clear removes every node and relationship; repeat with --yes to confirm"))
    with writing(store):
        store.clear()
    print(_("store cleared"))
    return 0
