"""partnernet command line: load sources, look things up, export subgraphs.

Every command works on the store chosen by --store (embedded by default, kept in --data-dir).
Run ``partnernet COMMAND --help`` for the options and an example of each command; -v says what
partnernet is doing, -vv everything. ``PARTNERNET_LANG=de`` makes it speak German.

This module runs one command and turns every failure into one line; the options live in
``commandline.options``, the body of each command in ``commandline.commands``.
"""

from __future__ import annotations

import os
import sys
import traceback

from commandline import commands
from commandline.options import build_parser  # noqa: F401  (the parser, for tests and documentation)
from graph import i18n, logs
from graph.errors import PartnernetError
from graph.i18n import _
from graph.safe_text import TerminalStream
from graph.store import open_store
from graph.store.shared import cyclic_gc_paused


def main(argv: list[str] | None = None) -> int:
    """Run ``partnernet`` with ``argv`` (default: the command line) and return its exit code."""
    # Names come from files anyone may have edited: nothing printed may carry a control character
    # (an ESC could clear the terminal or set its title), so both streams show them instead.
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalStream(sys.stdout), TerminalStream(sys.stderr)
    try:
        try:
            lang = i18n.env_language()  # PARTNERNET_LANG=de: messages and exports in German
        except PartnernetError as exc:
            print(_("error: {message}").format(message=exc), file=sys.stderr)
            return 1
        with i18n.using(lang):
            return _main(argv)
    finally:
        sys.stdout, sys.stderr = saved


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    logs.to_stderr(args.verbose)
    # A command lives for seconds and makes hundreds of thousands of long-lived objects (the graph,
    # the gazetteer, a table's records) and next to no reference cycles: cyclic-GC passes over them
    # would cost a third of a load or reopen. Reference counting still frees everything.
    with cyclic_gc_paused():
        return _command(args)


def _command(args) -> int:
    store = None
    try:
        store = open_store(args.store, args.data_dir)
        return getattr(commands, f"cmd_{args.command}")(args, store)
    except PartnernetError as exc:
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("interrupted: the store keeps what it had before this command"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # "partnernet quality | head": the reader stopped; not an error to show
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, the details with -v
        if args.verbose:
            traceback.print_exc()
        print(_("error: {kind}: {message} (an unexpected failure; run with -v for details)").format(
            kind=type(exc).__name__, message=exc), file=sys.stderr)
        return 1
    finally:
        if store is not None:
            try:
                store.close()
            except PartnernetError as exc:
                print(_("error: {message}").format(message=exc), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
