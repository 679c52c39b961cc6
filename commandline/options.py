"""The options of every ``partnernet`` command (argparse), in the language of ``graph.i18n``.

Built after the language is set: help texts, examples' heading and argparse's own words (usage,
"invalid choice", "error") come from the gettext catalogue.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from graph.errors import PartnernetError, check_at_least
from graph.export import FORMATS
from graph.export.files import check_output_path
from graph.i18n import _, gettext, ngettext
from graph.model import NODE_LABELS, PARTNERSHIP_KINDS, REL_TYPES
from graph.queries.regional import MATRIX_COLUMNS, MATRIX_ROWS
from graph.queries.suggest import RANKING_HELP, population_band
from graph.store import STORE_KINDS
from loaders.sources import SOURCES
from loaders.tabular import ENCODINGS

DELIMITERS = {",": ",", ";": ";", "tab": "\t", "|": "|"}


def speak_argparse() -> None:
    """Let argparse say its own words (usage, errors, "invalid choice") in the current language.

    argparse looks them up through the ``gettext``/``ngettext`` it imported from the standard library
    (the documented way to translate it); pointed at partnernet's catalogue instead, they follow
    ``graph.i18n``'s language and stay English where that is English.
    """
    argparse._ = gettext
    argparse.ngettext = ngettext


def argtype(check):
    """An argparse type from a check of graph's: a refused value is a usage error naming it."""
    def parse(text: str):
        try:
            return check(text)
        except PartnernetError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return parse


def at_least(low: int):
    """An argparse type for a whole number of at least ``low``, refusing anything else in words."""
    def parse(text: str) -> int:
        value = int(text) if text.lstrip("-").isdigit() else text
        try:
            return check_at_least("value", value, low)
        except PartnernetError:
            raise argparse.ArgumentTypeError(_("the value must be a whole number of at least {low}, not {value}")
                                             .format(low=low, value=repr(value))) from None
    return parse


def description() -> str:
    """What ``partnernet --help`` says above the commands."""
    return _("partnernet command line: load sources, look things up, export subgraphs.\n\n"
             "Every command works on the store chosen by --store (embedded by default, kept in --data-dir).\n"
             "Run 'partnernet COMMAND --help' for the options and an example of each command; -v says what\n"
             "partnernet is doing, -vv everything.")


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``partnernet`` and its commands; each command's name is ``args.command``."""
    speak_argparse()
    parser = argparse.ArgumentParser(
        prog="partnernet", description=description(), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=STORE_KINDS,
                        help=_("where the graph lives (default: $PARTNERNET_STORE or embedded)"))
    parser.add_argument("--data-dir", type=Path,
                        help=_("directory of the embedded store (default: $PARTNERNET_DATA_DIR or ./var/partnernet)"))
    parser.add_argument("-v", "--verbose", action="count", default=0, help=_("say what is done (-vv: everything)"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"))

    def command(name: str, help_text: str, *examples: str) -> argparse.ArgumentParser:
        lines = "\n".join(f"  partnernet {name} {e}".rstrip() for e in examples)
        return sub.add_parser(name, help=help_text, description=help_text, epilog=_("example:") + "\n" + lines,
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    def choices(p, option: str, allowed, metavar: str, help_text: str) -> None:
        p.add_argument(option, action="append", choices=allowed, metavar=metavar,
                       help=help_text.format(choices=", ".join(allowed)))

    p = command("load", _("load a source: a twin-city table, the curated data, the demo set, a conference page or "
                          "an attendee list"), "twin-cities ../shared/data/twin_cities.csv", "demo",
                "twin-cities unsere_partner.csv --delimiter ';' --encoding cp1252 --strict",
                "twin-cities Partnerschaften.xlsx --sheet Liste --replace",
                "conference-page einladung.html --draft entwurf.yaml",
                "attendees teilnehmende.xlsx --conference deutsch-ukrainische-partnerschaftskonferenz-6")
    p.add_argument("source", choices=SOURCES)
    p.add_argument("path", nargs="?", help=_(
        "CSV, .xlsx or .ods file (twin-cities), directory (curated; default data/curated), conference page or its "
        "reviewed draft (conference-page), CSV/Excel list (attendees)"))
    p.add_argument("--strict", action="store_true", help=_("abort on the first bad row with nothing written "
                   "(the curated data is always loaded this way)"))
    p.add_argument("--encoding", choices=ENCODINGS, help=_("default: detected"))
    p.add_argument("--delimiter", choices=tuple(DELIMITERS), help=_("default: detected"))
    p.add_argument("--sheet", help=_("sheet of an .xlsx/.ods file, by name or number (default: the first)"))
    p.add_argument("--replace", action="store_true", help=_(
        "replace what an earlier load of this file wrote (its relationships and the places only it named)"))
    p.add_argument("--draft", metavar="FILE", help=_("conference-page: write the draft record to FILE for review"))
    p.add_argument("--yes", action="store_true", help=_("conference-page: load the draft with the page as its source"))
    p.add_argument("--conference", metavar="KEY", help=_("attendees: the conference the list belongs to"))
    p.add_argument("--publisher", metavar="ORG", help=_("conference-page: the organisation whose page it is "
                   "(its key or any name), for pages that speak of 'our conferences'"))
    p.add_argument("--show", type=at_least(0), default=20, help=_("how many skipped rows to list (default 20)"))
    command("stats", _("count nodes and relationships by type"), "")
    p = command("search", _("find municipalities, organisations and conferences by any name"), "Krakau")
    p.add_argument("text")
    choices(p, "--label", NODE_LABELS, "LABEL", _("only this node label (repeatable): {choices}"))
    p.add_argument("--limit", type=at_least(1), default=10)
    p = command("partners", _("list the partnerships of a municipality"), "Leipzig")
    p.add_argument("name", help=_("a name in any spelling, or a node id"))
    p = command("quality", _("how well places are resolved: countries, gazetteer and register links, unresolved "
                             "names, merges"), "", "--all", "--csv zu_pruefen.csv")
    p.add_argument("--all", action="store_true", help=_("list every unresolved name and merge, not the first 20"))
    p.add_argument("--csv", type=argtype(check_output_path), metavar="FILE",
                   help=_("also write the unresolved names and merges to a CSV file"))
    p = command("export", _("export a neighbourhood or a region query to a file (xlsx, zip/csv, graphml, gexf, "
                            "json, html, report, pdf)"), "leipzig.xlsx --centre Leipzig --depth 2",
                "sachsen-ukraine.gexf --from Sachsen --to Ukraine",
                "bericht.pdf --centre Münster --kind twin --kind solidarity")
    p.add_argument("output", type=argtype(check_output_path), help=_("file to write; the suffix chooses the format"))
    p.add_argument("--format", choices=tuple(FORMATS), help=_("default: from the suffix"))
    p.add_argument("--centre", "--center",
                   help=_("a municipality, organisation or conference: export its neighbourhood"))
    p.add_argument("--depth", type=int, default=1, choices=(1, 2, 3))
    choices(p, "--rel", REL_TYPES, "TYPE", _("only this relationship type (repeatable): {choices}"))
    choices(p, "--kind", PARTNERSHIP_KINDS, "KIND", _("only this partnership kind (repeatable): {choices}"))
    p.add_argument("--max-nodes", type=at_least(1), default=500)
    p.add_argument("--delimiter", default=",", choices=tuple(DELIMITERS),
                   help=_("in the zip's CSV files (';' for German Excel)"))
    p.add_argument("--from", dest="origin", help=_("a region query's origin: municipality, Bundesland or country"))
    p.add_argument("--to", dest="target", help=_("a region query's target: country, subdivision or region"))
    p = command("region", _("partnerships from one area to another, as table and matrix"), "Sachsen UA",
                "Deutschland Afrika --rows origin_subdivision --gaps")
    p.add_argument("origin", help=_("municipality, subdivision (Sachsen), country (DE) or region"))
    p.add_argument("target", help=_("municipality, subdivision, country (UA) or region (Afrika, EU, Osteuropa)"))
    p.add_argument("--rows", default="origin_subdivision", choices=MATRIX_ROWS)
    p.add_argument("--cols", default="partner_country", choices=MATRIX_COLUMNS)
    p.add_argument("--gaps", action="store_true", help=_("also the subdivisions of the origin's country, none first"))
    p = command("suggest", _("rank possible partners of a municipality in an area, with reasons"),
                "Gießen Ghana", "Münster Osteuropa --limit 10",
                "Gießen Frankreich --population 20000-200000 --no-partner-in-country",
                "Leipzig Ukraine --kind solidarity --partner-in-land")
    p.description = _(RANKING_HELP)  # its German text is in the catalogue under the English one
    p.add_argument("origin", help=_("the municipality looking for a partner (a name that fits several places is "
                                    "refused with the candidates named; give one of their ids then)"))
    p.add_argument("target", help=_("where the partner should be: country, region, subdivision"))
    p.add_argument("--limit", type=at_least(1), default=10)
    p.add_argument("--population", type=argtype(population_band), metavar="MIN-MAX",
                   help=_("size band of the candidates, e.g. 20000-200000, 50000- or -100000 (places of unknown "
                          "size are left out)"))
    p.add_argument("--no-partner-in-country", action="store_true",
                   help=_("only places with no partner in your country yet"))
    p.add_argument("--partner-in-land", action="store_true", help=_("only places with a partner in your Land"))
    p.add_argument("--kind", choices=PARTNERSHIP_KINDS,
                   help=_("kind of partnership sought: only places that already hold one of this kind"))
    p = command("path", _("how two municipalities, organisations or conferences are connected"), "Münster Kyiv",
                "Leipzig Kyiv --rel PARTNER_OF --max-depth 4")
    p.add_argument("a")
    p.add_argument("b")
    choices(p, "--rel", REL_TYPES, "TYPE", _("only this relationship type (repeatable): {choices}"))
    p.add_argument("--max-depth", type=at_least(1), default=6)
    p.add_argument("--limit", type=at_least(1), default=5)
    p = command("insights", _("hubs, brokers and communities of the network between two areas"), "DE PL",
                "DE UA --within --top 5")
    p.add_argument("a", help=_("country or region, e.g. DE"))
    p.add_argument("b", help=_("country or region, e.g. PL"))
    p.add_argument("--within", action="store_true", help=_("also count partnerships inside each side"))
    p.add_argument("--top", type=at_least(1), default=10)
    p = command("conferences", _("list conferences, or their participants without a partner"), "",
                "--without German-Ukrainian UA")
    p.add_argument("--without", nargs=2, metavar=("CONFERENCES", "COUNTRY"),
                   help=_("participants of the conferences matching the text with no partner in the country"))
    p.add_argument("--all", action="store_true", help=_("with --without: list every participant and its partners"))
    p = command("dump", _("write the whole graph as one readable JSON document"), "graph.json")
    p.add_argument("output", type=argtype(check_output_path), help=_("the JSON file to write"))
    p = command("clear", _("remove everything from the store"), "--yes")
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    return parser
