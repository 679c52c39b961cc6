"""What became of each source spelling: the rule that placed it, and the entries municipalities keep.

Every spelling a source gives is placed by one :class:`Rule` (with a detail where the rule has
particulars: the parent city of a district, the country the source's coordinates lie in, the kind of
an area). A municipality keeps one entry per spelling in its ``spellings`` property,
"Cologne · alias" or "Berlin – Mitte · district of a city or municipality · Berlin", which
``graph.queries.quality`` reads back with :func:`parse_spelling`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from graph.text import fold

SPELLING_SEPARATOR = " · "


class Rule(Enum):
    """How a spelling was placed; the value is the words kept in ``spellings`` and counted by quality."""

    NAME = "name"  # a gazetteer place of that name near the source's coordinates
    ALIAS = "alias"  # ... by one of its other names
    QUALIFIER = "qualifier"  # "Frankfurt (Oder)": the name before the brackets
    FUZZY = "fuzzy"  # a close variant of the name nearby
    FAR_NAMESAKE = "name, source coordinates far off"  # the one sizeable town of that name in the country
    COORDINATES_ABROAD = "name, source coordinates abroad ignored"  # detail: the country they lie in
    COORDINATES_SLIP = "name, source coordinates unreliable"  # the one municipality of that name, 150 km away at most
    SUBDIVISION = "name and subdivision"  # "Mansfield, Ohio"
    NAME_PART = "name part"  # "Ebensee am Traunsee" -> Ebensee
    AREA = "area"  # a GeoNames division; detail: its kind
    INSEE = "INSEE commune"  # France's register
    POSTAL = "postal locality"  # a postal register
    DISTRICT = "district of a city or municipality"  # detail: the parent's name
    FLAGGED = "flagged"  # kept as written, named as an area; detail: its kind
    UNLINKED = "unlinked"  # kept as written
    PARENT = "parent"  # named as the city a district belongs to

    def describe(self, detail: str | None = None) -> str:
        """The rule with its particulars in words ("district of Berlin", "area (county)").

        Examples
        --------
        >>> Rule.COORDINATES_ABROAD.describe("GB")
        'name, source coordinates in GB ignored'
        """
        from graph.i18n import _, pgettext, term

        words = pgettext("rule", self.value)
        if detail is None:
            return words
        if self is Rule.DISTRICT:
            return _("district of {name}").format(name=detail)
        if self is Rule.COORDINATES_ABROAD:
            return _("name, source coordinates in {country} ignored").format(country=detail)
        if self is Rule.AREA:
            return _("area ({kind})").format(kind=term("place", detail))
        if self is Rule.FLAGGED:
            return _("flagged {kind}").format(kind=term("place", detail))
        return f"{words} ({detail})"


_RULES = {rule.value: rule for rule in Rule}


def rule_words(value: str) -> str:
    """A rule as the quality report counts it ("alias", "not recorded"), in the current language.

    Parameters
    ----------
    value : str
        A :class:`Rule` value, or "not recorded" for spellings kept before rules were recorded.

    Returns
    -------
    str
        The rule's words (:meth:`Rule.describe`); any other value through the catalogue.
    """
    from graph.i18n import _

    return _RULES[value].describe() if value in _RULES else _(value)


@dataclass(frozen=True)
class Link:
    """How one spelling was placed: the node it became, the rule and its particulars."""

    spelling: str
    country: str | None
    node_id: str
    rule: Rule
    detail: str | None = None

    @property
    def how(self) -> str:
        """The rule in words, with its particulars ("name, source coordinates in GB ignored")."""
        return self.rule.describe(self.detail)


@dataclass(frozen=True)
class Merge:
    """Several spellings that became one node."""

    node_id: str
    name: str
    spellings: tuple[str, ...]
    reason: str

    def __str__(self) -> str:
        return f"{' / '.join(repr(s) for s in self.spellings)} -> {self.name} ({self.node_id}): {self.reason}"


def spelling_entry(spelling: str, rule: Rule, detail: str | None = None) -> str:
    """How one source spelling was placed, as kept in a municipality's ``spellings``.

    Parameters
    ----------
    spelling : str
        The name as the source wrote it.
    rule : Rule
        The rule that placed it.
    detail : str, optional
        What the rule adds: the city of a district, the kind of an area.

    Returns
    -------
    str
        The parts joined by " · ".

    Examples
    --------
    >>> spelling_entry("Cologne", Rule.ALIAS), spelling_entry("Mitte", Rule.DISTRICT, "Berlin")
    ('Cologne · alias', 'Mitte · district of a city or municipality · Berlin')
    """
    parts = (spelling, rule.value) if detail is None else (spelling, rule.value, detail)
    return SPELLING_SEPARATOR.join(parts)


def entry_words(entry: str) -> str:
    """A ``spellings`` entry as a reader sees it, the rule in the current language.

    Parameters
    ----------
    entry : str
        An entry :func:`spelling_entry` wrote ("spelling · rule · detail"), or an older one without a rule.

    Returns
    -------
    str
        The spelling and the rule with its particulars in words (:meth:`Rule.describe`), joined by
        " · "; an entry without a known rule unchanged.

    Examples
    --------
    >>> entry_words("Mitte · district of a city or municipality · Berlin")
    'Mitte · district of Berlin'
    """
    spelling, rule, detail = parse_spelling(entry)
    return SPELLING_SEPARATOR.join((spelling, rule.describe(detail))) if rule else entry


def parse_spelling(entry: str) -> tuple[str, Rule | None, str | None]:
    """The spelling, rule and detail of a ``spellings`` entry.

    Parameters
    ----------
    entry : str
        An entry :func:`spelling_entry` wrote (or an older one without a rule).

    Returns
    -------
    (str, Rule or None, str or None)
        The spelling, the rule (None for an entry no rule wrote) and the detail (None when absent).

    Examples
    --------
    >>> parse_spelling("Mitte · district of a city or municipality · Berlin")
    ('Mitte', <Rule.DISTRICT: 'district of a city or municipality'>, 'Berlin')
    """
    parts = entry.split(SPELLING_SEPARATOR)
    if len(parts) >= 3 and parts[-2] in _RULES:
        return SPELLING_SEPARATOR.join(parts[:-2]), _RULES[parts[-2]], parts[-1]
    if len(parts) >= 2 and parts[-1] in _RULES:
        return SPELLING_SEPARATOR.join(parts[:-1]), _RULES[parts[-1]], None
    return entry, None, None


def aliases(names: tuple[str, ...], spelling: str, limit: int = 60, *, keys: tuple[str, ...] | None = None
            ) -> list[str]:
    """The spelling seen plus the gazetteer's names, one per folded form and capped.

    A capital has hundreds of names, most of them inflected or transliterated variants.

    Parameters
    ----------
    names : tuple of str
        The gazetteer's names of the place, its main name first.
    spelling : str
        The name as the source wrote it; kept first.
    limit : int
        At most this many aliases.
    keys : tuple of str, optional
        The names' ``graph.text.fold`` when the caller has them already.

    Returns
    -------
    list of str
        The first name of each folded form, in the order given.
    """
    if keys is None:
        keys = tuple(fold(name) for name in names)
    keep: dict[str, str] = {}
    for name, key in zip((spelling, *names), (fold(spelling), *keys)):
        keep.setdefault(key, name)
        if len(keep) >= limit:
            break
    return list(keep.values())
