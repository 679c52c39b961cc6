"""One error tree for partnernet. Messages name the bad value and say how to fix it.

Every error partnernet raises on purpose is a :class:`PartnernetError`; the command line prints its
message as one line and the app shows it with ``st.error``. Anything else reaching an entry point is
a bug.
"""

from __future__ import annotations

from typing import Iterable


class PartnernetError(Exception):
    """Base class of every error partnernet raises on purpose."""


class ValidationError(PartnernetError, ValueError):
    """A record or value does not fit the graph model."""


class UsageError(PartnernetError, ValueError):
    """A value given to a question (a relationship type, a kind, a depth, ...) is not one it accepts."""


class InputError(PartnernetError):
    """A source file cannot be read as asked (missing columns, undecodable bytes, bad rows in strict mode)."""


class StoreError(PartnernetError):
    """The store cannot be reached or used (file unreadable, Neo4j down, wrong password, ...)."""


class SetupError(PartnernetError):
    """A package or data file partnernet is installed with is missing or broken."""


class NotFound(PartnernetError, LookupError):
    """A node asked for by id or name is not in the graph."""


class AmbiguousName(NotFound):
    """A name matches several places; ``candidates`` holds the nodes it could mean."""

    def __init__(self, message: str, candidates=()):
        super().__init__(message)
        self.candidates = list(candidates)


def check_choices(what: str, values: Iterable[str] | None, allowed: Iterable[str]) -> list[str]:
    """The values, when each is one of ``allowed``; else a :class:`UsageError` naming the bad ones.

    Parameters
    ----------
    what : str
        What the values are, for the message, e.g. ``"relationship type"``.
    values : iterable of str or None
        What was given; None or empty means "no restriction" and gives ``[]``.
    allowed : iterable of str
        The allow-list, usually one of :mod:`graph.model`'s tuples.

    Returns
    -------
    list of str
        The values as given, in order.

    Raises
    ------
    UsageError
        When a value is not allowed; the message names it and lists the allowed ones.

    Examples
    --------
    >>> check_choices("partnership kind", ["twin"], ("twin", "friendship"))
    ['twin']
    >>> check_choices("partnership kind", ["BAR"], ("twin", "friendship"))
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: unknown partnership kind 'BAR'; use one of twin, friendship
    """
    given = list(values or ())
    allowed = tuple(allowed)
    bad = [v for v in given if v not in allowed]
    if bad:
        raise UsageError(f"unknown {what} {', '.join(repr(v) for v in bad)}; use one of {', '.join(allowed)}")
    return given


def check_at_least(what: str, value: int, low: int) -> int:
    """``value`` when it is a whole number of at least ``low``; else a :class:`UsageError`.

    Parameters
    ----------
    what : str
        How the value is named in the message (an option or parameter name).
    value : int
        The value to check; a bool or anything not an int is refused.
    low : int
        The smallest value allowed.

    Returns
    -------
    int
        ``value`` unchanged.

    Raises
    ------
    UsageError
        "<what> must be a whole number of at least <low>, not <value>".

    Examples
    --------
    >>> check_at_least("max_depth", 4, 1)
    4
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise UsageError(f"{what} must be a whole number of at least {low}, not {value!r}")
    return value
