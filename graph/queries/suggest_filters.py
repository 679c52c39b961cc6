"""What a coordinator may ask of partner candidates, and what the ranking means in words.

``Filters`` (size band, no partner in the origin's country yet, a partner in the origin's Land, the
kind of partnership sought) narrows the candidates of ``graph.queries.suggest.suggest``;
``population_band`` reads a size band as typed; ``RANKING_HELP`` explains the score for the CLI's
help and the app's caption.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import UsageError, ValidationError
from graph.i18n import _, number

KINDS = ("twin", "friendship", "contact", "project", "solidarity", "climate")


# What the ranking means, in words: the CLI's help and the app's caption.
RANKING_HELP = """Rank possible partners of a municipality in an area, with reasons.

Candidates are ranked by weighted evidence: partners you share (a far hub counts little, a partner
in your or their country double), conferences and organisations you share, their partners in your
Land and near you, nearness and size (weights and formulas: graph/queries/suggest.py).
  fit                   share of the other candidates ranked lower (100 = the best of all)
  fits N of M criteria  criteria met among those that tell these candidates apart; a criterion
                        every candidate meets is no reason and is not shown
The back-test on real partnerships (make bench-suggest, BENCHMARKS.md) measures the ranking
against the classic link-prediction rules."""


def population_band(text: str) -> tuple[int | None, int | None]:
    """A size band as typed: "20000-200000", "50000-" or "-100000" as (low, high), in inhabitants.

    Parameters
    ----------
    text : str
        MIN-MAX, MIN- or -MAX in inhabitants; spaces and ``_`` between digits are ignored.

    Returns
    -------
    (int or None, int or None)
        Lowest and highest population, both included; None for an open end.

    Raises
    ------
    UsageError
        Not a band ("abc", "1-2-3"), or an empty one ("200000-20000"); the message names the text.

    Examples
    --------
    >>> population_band("20000-200000"), population_band("50000-"), population_band("-100000")
    ((20000, 200000), (50000, None), (None, 100000))
    """
    parts = text.replace("_", "").replace(" ", "").split("-")
    try:
        if len(parts) != 2 or not any(parts):
            raise ValueError
        low, high = (int(p) if p else None for p in parts)
    except ValueError:
        raise UsageError(_("{text!r} is not a size band; write MIN-MAX, MIN- or -MAX, e.g. 20000-200000").format(
            text=text)) from None
    if low is not None and high is not None and low > high:
        raise UsageError(_("size band {text!r} is empty: {low} is above {high}").format(
            text=text, low=number(low), high=number(high)))
    return low, high


@dataclass(frozen=True)
class Filters:
    """What a coordinator may ask the candidates to be.

    Attributes
    ----------
    min_population, max_population : int, optional
        Size band; a candidate of unknown population is left out when either bound is set.
    without_partner_in_origin_country : bool
        Only places with no partner in the origin's country yet.
    with_partner_in_origin_land : bool
        Only places with a partner in the origin's Land (first-level subdivision).
    kind : str, optional
        Kind of partnership sought (twin, climate, solidarity, project, ...): only places that
        already hold a partnership of that kind with someone, so they know the programme.
    """

    min_population: int | None = None
    max_population: int | None = None
    without_partner_in_origin_country: bool = False
    with_partner_in_origin_land: bool = False
    kind: str | None = None

    def check(self) -> None:
        """Check the filter values; called by :func:`graph.queries.suggest.suggest` before any work.

        Raises
        ------
        ValidationError
            A negative population bound, a lower bound above the upper one, or a kind outside ``KINDS``;
            the message names the value.
        """
        for name in ("min_population", "max_population"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValidationError((_("min population must be 0 or more, not {value}") if name == "min_population"
                                       else _("max population must be 0 or more, not {value}")).format(value=value))
        if None not in (self.min_population, self.max_population) and self.min_population > self.max_population:
            raise ValidationError(_("size band {low}–{high} is empty: the lower bound is above the upper one").format(
                low=number(self.min_population), high=number(self.max_population)))
        if self.kind is not None and self.kind not in KINDS:
            raise ValidationError(_("unknown partnership kind {kind!r}; use one of {kinds}").format(
                kind=self.kind, kinds=", ".join(KINDS)))
