"""partnernet command line: load sources, look things up, export subgraphs.

Every command works on the store chosen by --store (embedded by default, kept in --data-dir).
Run ``partnernet COMMAND --help`` for the options and an example of each command.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from graph.errors import PartnernetError
from graph.store import STORE_KINDS, open_store

EXAMPLES = {
    "load": "partnernet load twin-cities ../shared/data/twin_cities.csv\n"
            "  partnernet load twin-cities unsere_partner.csv --delimiter ';' --encoding cp1252 --strict\n"
            "  partnernet load twin-cities Partnerschaften.xlsx --sheet Liste --replace\n"
            "  partnernet load demo",
    "stats": "partnernet stats",
    "search": "partnernet search Krakau",
    "partners": "partnernet partners Leipzig",
    "quality": "partnernet quality\n  partnernet quality --all\n  partnernet quality --csv zu_pruefen.csv",
    "clear": "partnernet clear --yes",
    "region": "partnernet region Sachsen UA\n  partnernet region Deutschland Afrika --rows origin_subdivision --gaps",
    "suggest": "partnernet suggest Gießen Ghana\n  partnernet suggest Münster Osteuropa --limit 10",
    "path": "partnernet path Münster Kyiv\n  partnernet path Leipzig Kyiv --rel PARTNER_OF --max-depth 4",
    "insights": "partnernet insights DE PL\n  partnernet insights DE UA --within --top 5",
    "conferences": "partnernet conferences\n  partnernet conferences --without German-Ukrainian UA",
    "export": "partnernet export leipzig.xlsx --centre Leipzig --depth 2\n"
              "  partnernet export sachsen-ukraine.gexf --from Sachsen --to Ukraine\n"
              "  partnernet export bericht.pdf --centre Münster --kind twin --kind solidarity",
}


def _progress_bar(total: int, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="rec", disable=None, file=sys.stderr)


def _print_table(rows: list[dict], columns: list[str]) -> None:
    if not rows:
        return
    widths = {c: max(len(c), *(len(str(r.get(c) if r.get(c) is not None else "")) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row.get(c) if row.get(c) is not None else "").ljust(widths[c]) for c in columns))


# -- commands ------------------------------------------------------------------------------------


def cmd_load(args, store) -> int:
    from loaders.report import LoadReport

    reports: list[LoadReport] = []
    if args.source == "twin-cities":
        from graph.gcpause import collection_paused
        from loaders.twin_cities import read_twin_cities

        if not args.path:
            raise PartnernetError("load twin-cities needs the path of a CSV file, e.g. "
                                  "partnernet load twin-cities ../shared/data/twin_cities.csv")
        print(f"reading {args.path} ...", file=sys.stderr)
        from loaders.totals import write_load

        with collection_paused():  # a load makes millions of small objects
            nodes, edges, report = read_twin_cities(args.path, encoding=args.encoding, delimiter=args.delimiter,
                                                    sheet=args.sheet)
            report.raise_if_strict(args.strict)
            with _progress_bar(len(nodes) + len(edges), "writing") as bar:
                write_load(store, nodes, edges, report, source=report.source, replace=args.replace,
                           progress=bar.update)
        reports.append(report)
    elif args.source in ("conference-page", "attendees"):
        from loaders import page_commands

        if not args.path:
            raise PartnernetError(f"load {args.source} needs a file, e.g. partnernet load {args.source} page.html")
        if args.source == "conference-page":
            reports.extend(page_commands.load_conference_page(store, args.path, draft_file=args.draft, yes=args.yes,
                                                              publisher=args.publisher))
        else:
            reports.extend(page_commands.load_attendee_list(store, args.path, args.conference))
    elif args.source in ("curated", "demo"):
        from loaders.demo import load_demo

        reports.extend(load_demo(store, curated_dir=args.path, strict=args.strict, with_regions=args.source == "demo"))
    if store.kind == "embedded":
        # keep the name index with the store: the next process (the app) reads it instead of building it
        from graph.queries.search import name_index

        name_index(store)
    for report in reports:
        print(report.summary(max_problems=args.show))
    stats = store.stats()
    print(f"store now holds {stats.node_count} nodes and {stats.edge_count} relationships")
    return 0


def cmd_stats(args, store) -> int:
    stats = store.stats()
    print(f"{store.kind} store: {stats.node_count} nodes, {stats.edge_count} relationships")
    for label, count in stats.nodes.items():
        print(f"  {label:<14} {count:>8}")
    for rel, count in stats.edges.items():
        print(f"  {rel:<14} {count:>8}")
    return 0


def cmd_search(args, store) -> int:
    from graph.queries.search import search

    hits = search(store, args.text, labels=args.label or None, limit=args.limit)
    if not hits:
        print(f"nothing found for {args.text!r}", file=sys.stderr)
        return 1
    _print_table([{"name": n.name, "label": n.label, "country": n.get("country", ""),
                   "subdivision": n.get("subdivision", ""), "id": n.id} for n in hits],
                 ["name", "label", "country", "subdivision", "id"])
    return 0


def cmd_partners(args, store) -> int:
    from graph.queries.partners import find_one, partner_rows

    node = find_one(store, args.name)
    rows = partner_rows(store, node.id)
    print(f"{node.name} ({node.get('country', '?')}): {len(rows)} partnership(s)")
    _print_table(rows, ["partner", "country", "kind", "since", "status", "sources"])
    return 0


def cmd_quality(args, store) -> int:
    from graph.queries.quality import quality

    report = quality(store)
    print(report.summary(max_listed=None if args.all else 20))
    if args.csv:
        written = write_quality_csv(report, args.csv)
        print(f"wrote {written} rows to {args.csv}")
    return 0


def write_quality_csv(report, path: Path) -> int:
    """The unresolved names and merges of a quality report as a spreadsheet-ready CSV file."""
    from graph.export.tabular import csv_text

    rows = report.places_to_check()
    try:
        path.write_text(csv_text(rows, ["what", "name", "country", "id", "spellings", "why"]), encoding="utf-8",
                        newline="")
    except OSError as exc:
        raise PartnernetError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return len(rows)


def cmd_export(args, store) -> int:
    from graph.export import FORMATS, ExportContext, export
    from graph.queries.partners import find_one

    fmt = (args.format or args.output.suffix.lstrip(".")).lower()
    fmt = {"zip": "csv", "htm": "html"}.get(fmt, fmt)
    one_csv = fmt == "csv" and args.output.suffix.lower() == ".csv"  # the file named is a CSV, not a zip
    if fmt not in FORMATS:
        raise PartnernetError(f"cannot tell the format of {args.output.name!r}; use a suffix or --format "
                              f"with one of {', '.join(FORMATS)}")
    if args.centre:
        node = find_one(store, args.centre, labels=())
        sub = store.neighbourhood(node.id, depth=args.depth, rel_types=args.rel or None,
                                  partner_kinds=args.kind or None, max_nodes=args.max_nodes)
        context = ExportContext(title=f"{node.name} network",
                                selection=f"{node.name}: {sub.rule}", highlight=[node.id],
                                csv_delimiter=args.delimiter)
    elif args.origin and args.target:
        from graph.model import PARTNER_OF
        from graph.queries.regional import existing_partnerships, resolve_area

        origin, target = resolve_area(store, args.origin), resolve_area(store, args.target)
        table = existing_partnerships(store, origin, target)
        sub = store.subgraph(set(table["origin_id"]) | set(table["partner_id"]))
        sub.edges = [e for e in sub.edges if e.type == PARTNER_OF and (not args.kind or e.props.get("kind") in args.kind)]
        context = ExportContext(title=f"{origin.name} - {target.name}",
                                selection=f"partnerships from {origin.name} to {target.name}: {len(table)}",
                                tables={"partnerships": table}, csv_delimiter=args.delimiter)
    else:
        raise PartnernetError("say what to export: --centre NAME (a neighbourhood) or --from AREA --to AREA")
    from graph.export import main_table, table_names, with_sources

    context = with_sources(store, sub, context)
    output = args.output
    if one_csv:
        if main_table(sub, context) is not None:
            fmt = "csv-table"
        else:
            output = output.with_suffix(".zip")
            print(f"{args.output.name}: this view is several tables ({', '.join(table_names(sub, context))}); "
                  f"a CSV file holds one, so they are written as one CSV each to {output.name}")
    data = export(sub, fmt, context=context)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    print(f"wrote {output} ({FORMATS[fmt].description}): {len(sub.nodes)} nodes, {len(sub.edges)} relationships")
    return 0


def _frame_rows(frame) -> list[dict]:
    return [{k: ("" if v is None or v != v else v) for k, v in row.items()} for row in frame.to_dict("records")]


def cmd_region(args, store) -> int:
    from graph.queries.regional import coverage_gaps, existing_partnerships, partnership_matrix, resolve_area

    origin, target = resolve_area(store, args.origin), resolve_area(store, args.target)
    table = existing_partnerships(store, origin, target)
    print(f"{len(table)} partnership(s) from {origin.name} ({origin.kind}) to {target.name} ({target.kind})")
    _print_table(_frame_rows(table), ["origin", "origin_subdivision", "partner", "partner_country", "kind", "since"])
    if len(table):
        print()
        print(partnership_matrix(table, rows=args.rows, cols=args.cols).to_string())
    if args.gaps:
        if origin.kind != "country":
            raise PartnernetError("--gaps counts the subdivisions of a country; give a country as origin")
        print()
        _print_table(_frame_rows(coverage_gaps(store, origin, target)),
                     ["subdivision", "municipalities", "with_partner", "partnerships"])
    return 0


def cmd_suggest(args, store) -> int:
    from graph.queries.partners import find_one
    from graph.queries.regional import resolve_area
    from graph.queries.suggest import suggest_partners

    origin, target = find_one(store, args.origin), resolve_area(store, args.target)
    found = suggest_partners(store, origin.id, target, limit=args.limit)
    if not found:
        print(f"no candidates in {target.name}: no municipality there, or all are partners of {origin.name} already")
        return 1
    print(f"partners for {origin.name} in {target.name}, best first (score = weighted evidence, see graph/suggest.py)")
    for rank, s in enumerate(found, start=1):
        print(f"{rank:>3}. {s.node.name} ({s.node.get('country', '?')})  score {s.score:.2f}")
        for reason in s.reasons:
            print(f"       - {reason}")
    return 0


def cmd_path(args, store) -> int:
    from graph.queries.partners import find_one
    from graph.queries.paths import connection_paths, describe

    a, b = find_one(store, args.a, labels=()), find_one(store, args.b, labels=())
    result = connection_paths(store, a.id, b.id, rel_types=args.rel or None, max_depth=args.max_depth, limit=args.limit)
    print(result.summary())
    for path in result.paths:
        print(f"  {describe(path)}")
    return 0 if result.found else 1


def cmd_insights(args, store) -> int:
    from graph.queries.insights import brokers, communities, country_pair_counts, hubs, network_between
    from graph.queries.regional import resolve_area

    side_a, side_b = resolve_area(store, args.a), resolve_area(store, args.b)
    sub = network_between(store, side_a.countries, side_b.countries, within=args.within)
    print(f"{side_a.name} - {side_b.name}: {len(sub.nodes)} municipalities, {len(sub.edges)} partnerships")
    if not sub.edges:
        return 1
    print("\nhubs (most partners in this network)")
    _print_table(hubs(sub, args.top), ["name", "country", "degree"])
    print("\nbrokers (betweenness: on the most shortest paths between others)")
    _print_table(brokers(sub, args.top), ["name", "country", "betweenness", "degree"])
    print("\nlargest communities")
    _print_table([{**c, "leaders": ", ".join(c["leaders"]), "countries": " ".join(c["countries"])}
                  for c in communities(sub)[:args.top]], ["community", "size", "leaders", "countries"])
    print("\npartnerships per country pair")
    print(country_pair_counts(sub).to_string())
    return 0


def cmd_conferences(args, store) -> int:
    from graph.queries.conferences import attendees_without_partner_in, conference_table, find_conferences

    if args.without:
        text, country = args.without
        ids = find_conferences(store, text)
        frame = attendees_without_partner_in(store, ids, country, only_without=not args.all)
        print(f"{len(frame)} participant(s) of {len(ids)} conference(s) matching {text!r}"
              f"{'' if args.all else f' without a partner in {country}'}")
        _print_table(_frame_rows(frame), ["municipality", "country", "subdivision", "partners_in_target",
                                          "partners", "conferences"])
        return 0
    frame = conference_table(store)
    _print_table(_frame_rows(frame), ["start", "title", "place", "status", "participants", "organisers"])
    return 0


def cmd_clear(args, store) -> int:
    if not args.yes:
        raise PartnernetError("clear removes every node and relationship; repeat with --yes to confirm")
    store.clear()
    store.flush()
    print("store cleared")
    return 0


# -- parser ----------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partnernet", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=STORE_KINDS, default=None,
                        help="where the graph lives (default: $PARTNERNET_STORE or embedded)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="directory of the embedded store (default: $PARTNERNET_DATA_DIR or ./var/partnernet)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text,
                           epilog=f"example:\n  {EXAMPLES[name]}", formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    p = command("load", cmd_load, "load a source into the store (twin-city CSV, the curated data, or the demo set)")
    p.add_argument("source", choices=("twin-cities", "curated", "demo", "conference-page", "attendees"))
    p.add_argument("path", nargs="?", help="CSV, .xlsx or .ods file (twin-cities), directory (curated; default "
                   "data/curated), conference page or its reviewed draft (conference-page), CSV/Excel list (attendees)")
    p.add_argument("--draft", metavar="FILE", help="conference-page: write the draft record to FILE for review")
    p.add_argument("--yes", action="store_true", help="conference-page: load the draft with the page as its source")
    p.add_argument("--conference", metavar="KEY", help="attendees: the conference the list belongs to")
    p.add_argument("--publisher", metavar="ORG", help="conference-page: the organisation whose page it is "
                   "(its key or any name), for pages that speak of 'our conferences'")
    p.add_argument("--strict", action="store_true", help="abort on the first bad row with nothing written")
    p.add_argument("--encoding", help="utf-8, utf-8-sig, cp1252, latin-1, cp850, iso-8859-2 or mac_roman "
                                      "(default: detected)")
    p.add_argument("--delimiter", help="',', ';', 'tab' or '|' (default: detected)")
    p.add_argument("--sheet", help="sheet of an .xlsx/.ods file, by name or number (default: the first)")
    p.add_argument("--replace", action="store_true",
                   help="replace what an earlier load of this file wrote (its relationships and the places only it named)")
    p.add_argument("--show", type=int, default=20, help="how many skipped rows to list (default 20)")

    command("stats", cmd_stats, "count nodes and relationships by type")

    p = command("search", cmd_search, "find municipalities, organisations and conferences by any name")
    p.add_argument("text")
    p.add_argument("--label", action="append", help="only this node label (repeatable), e.g. Municipality")
    p.add_argument("--limit", type=int, default=10)

    p = command("partners", cmd_partners, "list the partnerships of a municipality")
    p.add_argument("name", help="a name in any spelling, or a node id")

    p = command("quality", cmd_quality, "how well places are resolved: countries, gazetteer and register links, "
                "unresolved names, merges")
    p.add_argument("--all", action="store_true", help="list every unresolved name and merge, not the first 20")
    p.add_argument("--csv", type=Path, metavar="FILE", help="also write the unresolved names and merges to a CSV file")

    p = command("export", cmd_export, "export a neighbourhood or a region query to a file "
                "(xlsx, zip/csv, graphml, gexf, json, html, report, pdf)")
    p.add_argument("output", type=Path, help="file to write; the suffix chooses the format")
    p.add_argument("--format", help="csv, xlsx, graphml, gexf, json, html, report or pdf (default: from the suffix)")
    p.add_argument("--centre", "--center", help="a municipality, organisation or conference: export its neighbourhood")
    p.add_argument("--depth", type=int, default=1, choices=(1, 2, 3))
    p.add_argument("--rel", action="append", help="only this relationship type (repeatable), e.g. PARTNER_OF")
    p.add_argument("--kind", action="append", help="only this partnership kind (repeatable), e.g. twin")
    p.add_argument("--max-nodes", type=int, default=500)
    p.add_argument("--delimiter", default=",", help="CSV delimiter inside the zip (';' for German Excel)")
    p.add_argument("--from", dest="origin", help="a region query's origin: municipality, Bundesland or country")
    p.add_argument("--to", dest="target", help="a region query's target: country, subdivision or region")

    p = command("region", cmd_region, "partnerships from one area to another, as table and matrix")
    p.add_argument("origin", help="municipality, subdivision (Sachsen), country (DE) or region")
    p.add_argument("target", help="municipality, subdivision, country (UA) or region (Afrika, EU, Osteuropa)")
    p.add_argument("--rows", default="origin_subdivision", choices=("origin_subdivision", "origin_country", "origin"))
    p.add_argument("--cols", default="partner_country", choices=("partner_country", "partner_subdivision", "partner"))
    p.add_argument("--gaps", action="store_true", help="also list the origin country's subdivisions with none")

    p = command("suggest", cmd_suggest, "rank possible partners of a municipality in an area, with reasons")
    p.add_argument("origin", help="the municipality looking for a partner")
    p.add_argument("target", help="where the partner should be: country, region, subdivision")
    p.add_argument("--limit", type=int, default=10)

    p = command("path", cmd_path, "how two municipalities, organisations or conferences are connected")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--rel", action="append", help="only this relationship type (repeatable), e.g. PARTNER_OF")
    p.add_argument("--max-depth", type=int, default=6)
    p.add_argument("--limit", type=int, default=5)

    p = command("insights", cmd_insights, "hubs, brokers and communities of the network between two areas")
    p.add_argument("a", help="country or region, e.g. DE")
    p.add_argument("b", help="country or region, e.g. PL")
    p.add_argument("--within", action="store_true", help="also count partnerships inside each side")
    p.add_argument("--top", type=int, default=10)

    p = command("conferences", cmd_conferences, "list conferences, or their participants without a partner")
    p.add_argument("--without", nargs=2, metavar=("CONFERENCES", "COUNTRY"),
                   help="participants of the conferences matching the text with no partner in the country")
    p.add_argument("--all", action="store_true", help="with --without: list every participant and its partners")

    p = command("clear", cmd_clear, "remove everything from the store")
    p.add_argument("--yes", action="store_true", help="confirm")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    store = None
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
    finally:
        if store is not None:
            try:
                store.close()
            except PartnernetError as exc:
                print(f"error: {exc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
