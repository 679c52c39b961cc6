"""Logging for partnernet's entry points: quiet by default, warnings always, more on request.

Library modules log through ``logging.getLogger(__name__)`` and never configure handlers; the
command line calls :func:`to_stderr` once per run (``-v`` → INFO, ``-vv`` → DEBUG).
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

LOGGERS = ("graph", "loaders", "partnernet")


def to_stderr(verbose: int = 0, stream: TextIO | None = None) -> logging.Handler:
    """Send partnernet's log records to ``stream`` (default ``sys.stderr``) as ``warning: ...`` lines.

    Parameters
    ----------
    verbose : int
        0: warnings and errors only (a missing register, a cache that cannot be kept); 1: also what is
        being done (INFO); 2 or more: everything (DEBUG), with the logger's name.
    stream : text stream, optional

    Returns
    -------
    logging.Handler
        The handler now attached to the ``graph``, ``loaders`` and ``partnernet`` loggers (replacing
        one attached before, so calling this twice does not print twice).

    Examples
    --------
    >>> to_stderr(1)  # doctest: +ELLIPSIS
    <StreamHandler ...>
    """
    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s" if verbose < 2
                                           else "%(levelname)s %(name)s: %(message)s"))
    for level_no, word in ((logging.WARNING, "warning"), (logging.INFO, "info"), (logging.DEBUG, "debug")):
        logging.addLevelName(level_no, word)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(level)
    return handler
