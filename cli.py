"""partnernet command line: load sources, look things up, export subgraphs.

Every command works on the store chosen by --store (embedded by default, kept in --data-dir).
Run ``partnernet COMMAND --help`` for the options and an example of each command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.errors import PartnernetError
from graph.stores import STORE_KINDS, open_store

EXAMPLES = {
    "load": "partnernet load twin-cities ../shared/data/twin_cities.csv\n"
            "  partnernet load twin-cities unsere_partner.csv --delimiter ';' --encoding cp1252 --strict\n"
            "  partnernet load demo",
    "stats": "partnernet stats",
    "search": "partnernet search Krakau",
    "partners": "partnernet partners Leipzig",
    "quality": "partnernet quality",
    "clear": "partnernet clear --yes",
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
        from loaders.twin_cities import read_twin_cities

        if not args.path:
            raise PartnernetError("load twin-cities needs the path of a CSV file, e.g. "
                                  "partnernet load twin-cities ../shared/data/twin_cities.csv")
        print(f"reading {args.path} ...", file=sys.stderr)
        nodes, edges, report = read_twin_cities(args.path, encoding=args.encoding, delimiter=args.delimiter)
        report.raise_if_strict(args.strict)
        with _progress_bar(len(nodes) + len(edges), "writing") as bar:
            result = store.upsert(nodes, edges, progress=bar.update)
        store.flush()
        report.nodes_written, report.edges_written = result.nodes, result.edges
        reports.append(report)
    elif args.source in ("curated", "demo"):
        from loaders.demo import load_demo

        reports.extend(load_demo(store, curated_dir=args.path, strict=args.strict, with_regions=args.source == "demo"))
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
    from graph.search import search

    hits = search(store, args.text, labels=args.label or None, limit=args.limit)
    if not hits:
        print(f"nothing found for {args.text!r}", file=sys.stderr)
        return 1
    _print_table([{"name": n.name, "label": n.label, "country": n.get("country", ""),
                   "subdivision": n.get("subdivision", ""), "id": n.id} for n in hits],
                 ["name", "label", "country", "subdivision", "id"])
    return 0


def cmd_partners(args, store) -> int:
    from graph.partners import find_one, partner_rows

    node = find_one(store, args.name)
    rows = partner_rows(store, node.id)
    print(f"{node.name} ({node.get('country', '?')}): {len(rows)} partnership(s)")
    _print_table(rows, ["partner", "country", "kind", "since", "sources"])
    return 0


def cmd_quality(args, store) -> int:
    from graph.quality import quality

    report = quality(store)
    print(report.summary() if hasattr(report, "summary") else report)
    return 0


def cmd_export(args, store) -> int:
    from graph.export import FORMATS, ExportContext, export
    from graph.partners import find_one

    fmt = (args.format or args.output.suffix.lstrip(".")).lower()
    fmt = {"zip": "csv", "htm": "html"}.get(fmt, fmt)
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
        from graph.regional import existing_partnerships, resolve_area

        origin, target = resolve_area(store, args.origin), resolve_area(store, args.target)
        table = existing_partnerships(store, origin, target)
        sub = store.subgraph(set(table["origin_id"]) | set(table["partner_id"]))
        sub.edges = [e for e in sub.edges if e.type == PARTNER_OF and (not args.kind or e.props.get("kind") in args.kind)]
        context = ExportContext(title=f"{origin.name} - {target.name}",
                                selection=f"partnerships from {origin.name} to {target.name}: {len(table)}",
                                tables={"partnerships": table}, csv_delimiter=args.delimiter)
    else:
        raise PartnernetError("say what to export: --centre NAME (a neighbourhood) or --from AREA --to AREA")
    data = export(sub, fmt, context=context)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({FORMATS[fmt].description}): {len(sub.nodes)} nodes, {len(sub.edges)} relationships")
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
    p.add_argument("source", choices=("twin-cities", "curated", "demo"))
    p.add_argument("path", nargs="?", help="CSV file (twin-cities) or directory (curated; default data/curated)")
    p.add_argument("--strict", action="store_true", help="abort on the first bad row with nothing written")
    p.add_argument("--encoding", help="utf-8, utf-8-sig, cp1252 or latin-1 (default: detected)")
    p.add_argument("--delimiter", help="',', ';', 'tab' or '|' (default: detected)")
    p.add_argument("--show", type=int, default=20, help="how many skipped rows to list (default 20)")

    command("stats", cmd_stats, "count nodes and relationships by type")

    p = command("search", cmd_search, "find municipalities, organisations and conferences by any name")
    p.add_argument("text")
    p.add_argument("--label", action="append", help="only this node label (repeatable), e.g. Municipality")
    p.add_argument("--limit", type=int, default=10)

    p = command("partners", cmd_partners, "list the partnerships of a municipality")
    p.add_argument("name", help="a name in any spelling, or a node id")

    command("quality", cmd_quality, "how well places are resolved: countries, gazetteer links, unresolved names")

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

    p = command("clear", cmd_clear, "remove everything from the store")
    p.add_argument("--yes", action="store_true", help="confirm")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    store = None
    try:
        store = open_store(args.store, args.data_dir)
        return args.func(args, store)
    except PartnernetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the store keeps what it had before this command", file=sys.stderr)
        return 130
    finally:
        if store is not None:
            try:
                store.close()
            except PartnernetError as exc:
                print(f"error: {exc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
