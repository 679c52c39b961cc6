"""partnernet command line: load sources, look things up, export subgraphs.

Every command works on the store chosen by --store (embedded by default, kept in --data-dir).
Run ``partnernet COMMAND --help`` for the options and an example of each command; -v says what
partnernet is doing, -vv everything.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from pathlib import Path

from graph import logs
from graph.errors import PartnernetError, check_at_least
from graph.export import FORMATS, format_for_path
from graph.export.files import check_output_path, write_output
from graph.export.requests import export_to, neighbourhood_selection, region_selection
from graph.export.tabular import csv_text
from graph.export.text import (
    ProgressBar, conferences_text, insights_text, nodes_text, partners_text, path_text, region_text, stats_text,
    suggestions_text)
from graph.geo.registers import warn_missing_registers
from graph.model import NODE_LABELS, PARTNERSHIP_KINDS, REL_TYPES
from graph.queries.partners import find_one, partner_rows
from graph.queries.paths import connection_paths
from graph.queries.quality import quality
from graph.queries.regional import MATRIX_COLUMNS, MATRIX_ROWS, resolve_area
from graph.queries.search import name_index, search
from graph.queries.suggest import RANKING_HELP, Filters, population_band, suggest
from graph.queries.suggest_origin import describe, resolve_origin
from graph.safe_text import TerminalStream
from graph.store import STORE_KINDS, open_store
from graph.store.lock import writing
from loaders.sources import SOURCES, load_source
from loaders.tabular import ENCODINGS

DELIMITERS = {",": ",", ";": ";", "tab": "\t", "|": "|"}


def argtype(check):
    """An argparse type from a check of graph's: a refused value is a usage error naming it."""
    def parse(text: str):
        try:
            return check(text)
        except PartnernetError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return parse


def at_least(low: int):
    return argtype(lambda text: check_at_least("the value", int(text) if text.lstrip("-").isdigit() else text, low))


# -- commands: each a call into graph or loaders, then printing ------------------------------------


def cmd_load(args, store) -> int:
    warn_missing_registers()
    if args.source == "twin-cities" and args.path:
        print(f"reading {args.path} ...", file=sys.stderr)
    # one writer at a time: a second load waits, then adds to what the first saved
    with writing(store), ProgressBar("writing") as bar:
        reports = load_source(store, args.source, args.path, strict=args.strict, encoding=args.encoding,
                              delimiter=args.delimiter, sheet=args.sheet, replace=args.replace, draft=args.draft,
                              yes=args.yes, publisher=args.publisher, conference=args.conference,
                              progress=bar.update, announce=bar.start)
    if store.kind == "embedded":  # keep the name index with the store: the app reads it instead of building it
        name_index(store)
    for report in reports:
        print(report.summary(max_problems=args.show))
    stats = store.stats()
    print(f"store now holds {stats.node_count} nodes and {stats.edge_count} relationships")
    return 0


def cmd_stats(args, store) -> int:
    print(stats_text(store))
    return 0


def cmd_search(args, store) -> int:
    hits = search(store, args.text, labels=args.label, limit=args.limit)
    if not hits:
        print(f"nothing found for {args.text!r}", file=sys.stderr)
        return 1
    print(nodes_text(hits))
    return 0


def cmd_partners(args, store) -> int:
    node = find_one(store, args.name)
    print(partners_text(node, partner_rows(store, node.id)))
    return 0


def cmd_quality(args, store) -> int:
    report = quality(store)
    print(report.summary(max_listed=None if args.all else 20))
    if args.csv:
        rows = report.places_to_check()
        write_output(args.csv, csv_text(rows, ["what", "name", "country", "id", "spellings", "why"]))
        print(f"wrote {len(rows)} rows to {args.csv}")
    return 0


def cmd_export(args, store) -> int:
    fmt, delimiter = format_for_path(args.output, args.format), DELIMITERS[args.delimiter]
    if args.centre:
        sub, context = neighbourhood_selection(store, args.centre, args.depth, args.rel, args.kind, args.max_nodes,
                                               delimiter)
    elif args.origin and args.target:
        sub, context = region_selection(store, args.origin, args.target, args.kind, delimiter)
    else:
        raise PartnernetError("say what to export: --centre NAME (a neighbourhood) or --from AREA --to AREA")
    output, fmt, data, note = export_to(args.output, fmt, sub, context)
    if note:
        print(note)
    write_output(output, data, make_dirs=True)
    print(f"wrote {output} ({FORMATS[fmt].description}): {len(sub.nodes)} nodes, {len(sub.edges)} relationships")
    return 0


def cmd_region(args, store) -> int:
    origin, target = resolve_area(store, args.origin), resolve_area(store, args.target)
    print(region_text(store, origin, target, rows=args.rows, cols=args.cols, gaps=args.gaps))
    return 0


def cmd_suggest(args, store) -> int:
    origin, target = resolve_origin(store, args.origin), resolve_area(store, args.target)
    low, high = args.population or (None, None)
    filters = Filters(low, high, args.no_partner_in_country, args.partner_in_land, args.kind)
    result = suggest(store, origin.id, target, limit=args.limit, filters=filters)
    print(suggestions_text(describe(origin), target.name, result))
    return 0 if result.suggestions else 1


def cmd_path(args, store) -> int:
    a, b = find_one(store, args.a, labels=()), find_one(store, args.b, labels=())
    result = connection_paths(store, a.id, b.id, rel_types=args.rel, max_depth=args.max_depth, limit=args.limit)
    print(path_text(result))
    return 0 if result.found else 1


def cmd_insights(args, store) -> int:
    from graph.queries.insights import network_between  # pandas: loaded only by the commands that use it

    side_a, side_b = resolve_area(store, args.a), resolve_area(store, args.b)
    sub = network_between(store, side_a.countries, side_b.countries, within=args.within)
    print(insights_text(sub, f"{side_a.name} - {side_b.name}", args.top))
    return 0 if sub.edges else 1


def cmd_conferences(args, store) -> int:
    print(conferences_text(store, args.without, everyone=args.all))
    return 0


def cmd_dump(args, store) -> int:
    from graph.store.jsongraph import encode

    nodes = [node for label in NODE_LABELS for node in store.nodes(label)]
    edges = {edge.identity: edge.props for edge in store.edges()}
    write_output(args.output, encode(nodes, edges), make_dirs=True)
    print(f"wrote {args.output}: {len(nodes):,} nodes, {len(edges):,} relationships as JSON "
          f"(a data directory holding it as graph.json converts it on first open)")
    return 0


def cmd_clear(args, store) -> int:
    if not args.yes:
        raise PartnernetError("clear removes every node and relationship; repeat with --yes to confirm")
    with writing(store):
        store.clear()
    print("store cleared")
    return 0


# -- parser ----------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partnernet", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=STORE_KINDS, help="where the graph lives (default: $PARTNERNET_STORE "
                        "or embedded)")
    parser.add_argument("--data-dir", type=Path, help="directory of the embedded store (default: "
                        "$PARTNERNET_DATA_DIR or ./var/partnernet)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="say what is done (-vv: everything)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func, help_text: str, *examples: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, formatter_class=argparse.RawDescriptionHelpFormatter,
                           epilog="example:\n" + "\n".join(f"  partnernet {name} {e}".rstrip() for e in examples))
        p.set_defaults(func=func)
        return p

    def choices(p, option: str, allowed, what: str, **kw) -> None:
        p.add_argument(option, action="append", choices=allowed, metavar=what.split()[-1].upper(),
                       help=f"only this {what} (repeatable): {', '.join(allowed)}", **kw)

    p = command("load", cmd_load, "load a source: a twin-city table, the curated data, the demo set, a conference "
                "page or an attendee list", "twin-cities ../shared/data/twin_cities.csv", "demo",
                "twin-cities unsere_partner.csv --delimiter ';' --encoding cp1252 --strict",
                "twin-cities Partnerschaften.xlsx --sheet Liste --replace",
                "conference-page einladung.html --draft entwurf.yaml",
                "attendees teilnehmende.xlsx --conference deutsch-ukrainische-partnerschaftskonferenz-6")
    p.add_argument("source", choices=SOURCES)
    p.add_argument("path", nargs="?", help="CSV, .xlsx or .ods file (twin-cities), directory (curated; default "
                   "data/curated), conference page or its reviewed draft (conference-page), CSV/Excel list (attendees)")
    p.add_argument("--strict", action="store_true", help="abort on the first bad row with nothing written "
                   "(the curated data is always loaded this way)")
    p.add_argument("--encoding", choices=ENCODINGS, help="default: detected")
    p.add_argument("--delimiter", choices=tuple(DELIMITERS), help="default: detected")
    p.add_argument("--sheet", help="sheet of an .xlsx/.ods file, by name or number (default: the first)")
    p.add_argument("--replace", action="store_true",
                   help="replace what an earlier load of this file wrote (its relationships and the places only it named)")
    p.add_argument("--draft", metavar="FILE", help="conference-page: write the draft record to FILE for review")
    p.add_argument("--yes", action="store_true", help="conference-page: load the draft with the page as its source")
    p.add_argument("--conference", metavar="KEY", help="attendees: the conference the list belongs to")
    p.add_argument("--publisher", metavar="ORG", help="conference-page: the organisation whose page it is "
                   "(its key or any name), for pages that speak of 'our conferences'")
    p.add_argument("--show", type=at_least(0), default=20, help="how many skipped rows to list (default 20)")
    command("stats", cmd_stats, "count nodes and relationships by type", "")
    p = command("search", cmd_search, "find municipalities, organisations and conferences by any name", "Krakau")
    p.add_argument("text")
    choices(p, "--label", NODE_LABELS, "node label")
    p.add_argument("--limit", type=at_least(1), default=10)
    p = command("partners", cmd_partners, "list the partnerships of a municipality", "Leipzig")
    p.add_argument("name", help="a name in any spelling, or a node id")
    p = command("quality", cmd_quality, "how well places are resolved: countries, gazetteer and register links, unresolved "
                "names, merges", "", "--all", "--csv zu_pruefen.csv")
    p.add_argument("--all", action="store_true", help="list every unresolved name and merge, not the first 20")
    p.add_argument("--csv", type=argtype(check_output_path), metavar="FILE",
                   help="also write the unresolved names and merges to a CSV file")
    p = command("export", cmd_export, "export a neighbourhood or a region query to a file (xlsx, zip/csv, graphml, gexf, "
                "json, html, report, pdf)", "leipzig.xlsx --centre Leipzig --depth 2",
                "sachsen-ukraine.gexf --from Sachsen --to Ukraine", "bericht.pdf --centre Münster --kind twin --kind solidarity")
    p.add_argument("output", type=argtype(check_output_path), help="file to write; the suffix chooses the format")
    p.add_argument("--format", choices=tuple(FORMATS), help="default: from the suffix")
    p.add_argument("--centre", "--center", help="a municipality, organisation or conference: export its neighbourhood")
    p.add_argument("--depth", type=int, default=1, choices=(1, 2, 3))
    choices(p, "--rel", REL_TYPES, "relationship type")
    choices(p, "--kind", PARTNERSHIP_KINDS, "partnership kind")
    p.add_argument("--max-nodes", type=at_least(1), default=500)
    p.add_argument("--delimiter", default=",", choices=tuple(DELIMITERS), help="in the zip's CSV files (';' for German Excel)")
    p.add_argument("--from", dest="origin", help="a region query's origin: municipality, Bundesland or country")
    p.add_argument("--to", dest="target", help="a region query's target: country, subdivision or region")
    p = command("region", cmd_region, "partnerships from one area to another, as table and matrix", "Sachsen UA",
                "Deutschland Afrika --rows origin_subdivision --gaps")
    p.add_argument("origin", help="municipality, subdivision (Sachsen), country (DE) or region")
    p.add_argument("target", help="municipality, subdivision, country (UA) or region (Afrika, EU, Osteuropa)")
    p.add_argument("--rows", default="origin_subdivision", choices=MATRIX_ROWS)
    p.add_argument("--cols", default="partner_country", choices=MATRIX_COLUMNS)
    p.add_argument("--gaps", action="store_true", help="also the subdivisions of the origin's country, none first")
    p = command("suggest", cmd_suggest, "rank possible partners of a municipality in an area, with reasons",
                "Gießen Ghana", "Münster Osteuropa --limit 10",
                "Gießen Frankreich --population 20000-200000 --no-partner-in-country",
                "Leipzig Ukraine --kind solidarity --partner-in-land")
    p.description = RANKING_HELP
    p.add_argument("origin", help="the municipality looking for a partner (a name that fits several places is "
                   "refused with the candidates named; give one of their ids then)")
    p.add_argument("target", help="where the partner should be: country, region, subdivision")
    p.add_argument("--limit", type=at_least(1), default=10)
    p.add_argument("--population", type=argtype(population_band), metavar="MIN-MAX",
                   help="size band of the candidates, e.g. 20000-200000, 50000- or -100000 (places of unknown size "
                   "are left out)")
    p.add_argument("--no-partner-in-country", action="store_true", help="only places with no partner in your country yet")
    p.add_argument("--partner-in-land", action="store_true", help="only places with a partner in your Land")
    p.add_argument("--kind", choices=PARTNERSHIP_KINDS,
                   help="kind of partnership sought: only places that already hold one of this kind")
    p = command("path", cmd_path, "how two municipalities, organisations or conferences are connected", "Münster Kyiv",
                "Leipzig Kyiv --rel PARTNER_OF --max-depth 4")
    p.add_argument("a")
    p.add_argument("b")
    choices(p, "--rel", REL_TYPES, "relationship type")
    p.add_argument("--max-depth", type=at_least(1), default=6)
    p.add_argument("--limit", type=at_least(1), default=5)
    p = command("insights", cmd_insights, "hubs, brokers and communities of the network between two areas", "DE PL",
                "DE UA --within --top 5")
    p.add_argument("a", help="country or region, e.g. DE")
    p.add_argument("b", help="country or region, e.g. PL")
    p.add_argument("--within", action="store_true", help="also count partnerships inside each side")
    p.add_argument("--top", type=at_least(1), default=10)
    p = command("conferences", cmd_conferences, "list conferences, or their participants without a partner", "",
                "--without German-Ukrainian UA")
    p.add_argument("--without", nargs=2, metavar=("CONFERENCES", "COUNTRY"),
                   help="participants of the conferences matching the text with no partner in the country")
    p.add_argument("--all", action="store_true", help="with --without: list every participant and its partners")
    p = command("dump", cmd_dump, "write the whole graph as one readable JSON document", "graph.json")
    p.add_argument("output", type=argtype(check_output_path), help="the JSON file to write")
    p = command("clear", cmd_clear, "remove everything from the store", "--yes")
    p.add_argument("--yes", action="store_true", help="confirm")
    return parser


def main(argv: list[str] | None = None) -> int:
    # Names come from files anyone may have edited: nothing printed may carry a control character
    # (an ESC could clear the terminal or set its title), so both streams show them instead.
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalStream(sys.stdout), TerminalStream(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = saved


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logs.to_stderr(args.verbose)
    store = None
    # A command lives for seconds and makes hundreds of thousands of long-lived objects (the graph,
    # the gazetteer, a table's records) and next to no reference cycles: cyclic-GC passes over them
    # would cost a third of a load or reopen. Reference counting still frees everything.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from graph import i18n

        i18n.set_language(i18n.env_language())  # PARTNERNET_LANG=de: messages and exports in German
        store = open_store(args.store, args.data_dir)
        return args.func(args, store)
    except PartnernetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the store keeps what it had before this command", file=sys.stderr)
        return 130
    except BrokenPipeError:  # "partnernet quality | head": the reader stopped; not an error to show
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, the details with -v
        if args.verbose:
            traceback.print_exc()
        print(f"error: {type(exc).__name__}: {exc} (an unexpected failure; run with -v for details)", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            try:
                store.close()
            except PartnernetError as exc:
                print(f"error: {exc}", file=sys.stderr)
        if collecting:
            gc.enable()


if __name__ == "__main__":
    sys.exit(main())
