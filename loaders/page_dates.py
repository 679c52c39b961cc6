"""Dates as conference pages write them, German and English.

Forms found (the day, month and year of each end are read by ``dateparser``, so month names and
abbreviations of both languages, weekdays and two-digit years work; the calendar check is
``datetime.date``'s):

=========================================  ===========================
"28. - 30.06.2017", "28.06.-30.06.2017"    2017-06-28 – 2017-06-30
"vom 13. bis zum 15. November 2023"        2023-11-13 – 2023-11-15
"25. - 27. Nov. 2020", "25-27 June 2020"   2020-11-25 – 2020-11-27
"30. Juni bis 2. Juli 2017"                2017-06-30 – 2017-07-02
"Do 04 Jun 20 / Fr 05 Jun 20"              2020-06-04 – 2020-06-05
"17 January 2020", "24.10.2023"            one day
"im September 2024"                        2024-09 (a month)
"im Herbst 2017"                           2017 (a year: a season gives no month)
=========================================  ===========================

A date the calendar does not have ("31st November and 1st December 2020"), or whose weekday is not
the one written ("Fr 04 Jun 20": 4 June 2020 was a Thursday), is returned with a ``problem`` and no
value: it is reported, never moved to a neighbouring day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from graph.i18n import _, language, pgettext

_MONTHS = (r"(?:Januar|January|Jänner|Jan|Februar|February|Feb|März|Maerz|March|Mär|Mar|April|Apr|Mai|May|"
           r"Juni|June|Jun|Juli|July|Jul|August|Aug|September|Sept|Sep|Oktober|October|Okt|Oct|"
           r"November|Nov|Dezember|December|Dez|Dec)\.?")
_WEEKDAY = (r"(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Montag|Dienstag|Mittwoch|Donnerstag|"
            r"Freitag|Samstag|Sonntag|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\.?,?\s+")
_DAY = r"(\d{1,2})(?:\.|st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2}(?!\d)|\d{2}(?![\d:]|\.\d))"
_YEAR4 = r"((?:19|20)\d{2})(?!\d)"
_SEP = r"\s*(?:-|–|—|bis(?:\s+zum)?|to|until|and|und|/|&)\s*"
_SEASON = r"(?:Frühjahr|Frühling|Sommer|Herbst|Winter|spring|summer|autumn|fall|winter)"

_FORMS = [  # (kind, pattern) in the order they are tried; a later form never matches inside an earlier one
    ("cross", re.compile(rf"{_DAY}\s*({_MONTHS})\s*(?:{_YEAR4})?{_SEP}{_DAY}\s*({_MONTHS})\s*{_YEAR}", re.I)),
    ("numeric-range", re.compile(
        rf"(\d{{1,2}})\.(?:(\d{{1,2}})\.(?:(\d{{4}})\s*)?)?{_SEP}(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}|\d{{2}})(?!\d)")),
    ("range", re.compile(rf"{_DAY}{_SEP}{_DAY}\s*({_MONTHS})\s*{_YEAR}", re.I)),
    ("day", re.compile(rf"(?:({_WEEKDAY}))?{_DAY}\s*({_MONTHS})\s*,?\s*{_YEAR}", re.I)),
    ("day-en", re.compile(rf"({_MONTHS})\s+{_DAY},?\s+{_YEAR4}", re.I)),
    ("numeric", re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")),
    ("month", re.compile(rf"({_MONTHS})\s+{_YEAR4}", re.I)),
    ("season", re.compile(rf"{_SEASON}\s+{_YEAR4}", re.I)),
]
_JOIN = re.compile(r"\s*(?:/|-|–|bis|to|and|und|\n)?\s*")


@dataclass(frozen=True)
class DateHit:
    """A date or a span of dates in a text. ``start``/``end`` are ISO text (``YYYY-MM-DD``, ``YYYY-MM``
    or ``YYYY``); both are None when ``problem`` says why the written date cannot be right."""

    start: str | None
    end: str | None
    text: str
    at: int
    kind: str
    problem: str | None = None

    @property
    def is_span(self) -> bool:
        return self.end is not None and self.end != self.start


@lru_cache(maxsize=64)
def month_number(name: str) -> int | None:
    """Month of a German or English month name or abbreviation ("Nov.", "Juni", "Mär"), by dateparser."""
    import dateparser

    parsed = dateparser.parse(f"1 {name.rstrip('.')} 2000", languages=["de", "en"],
                              settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.month if parsed else None


_WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
_WEEKDAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday(text: str) -> int | None:
    """Monday = 0 for a German or English weekday name or abbreviation ("Do", "Thu", "Donnerstag")."""
    word = text.strip(" .,").lower()
    if word[:3] in _WEEKDAYS_EN and (len(word) == 3 or word.endswith("day")):
        return _WEEKDAYS_EN.index(word[:3])
    if word[:2] in _WEEKDAYS:
        return _WEEKDAYS.index(word[:2])
    return None


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _day(day: str, month: int | None, year: str, written: str) -> tuple[str | None, str | None]:
    """ISO day, or a problem naming the date that does not exist."""
    if month is None or not 1 <= month <= 12:
        return None, _("{written!r}: the month is not a month").format(written=written)
    try:
        return dt.date(_year(year), month, int(day)).isoformat(), None
    except ValueError:
        from babel.dates import get_month_names

        day_words = _("{day} {month} {year}").format(day=int(day), year=_year(year),
                                                     month=get_month_names("wide", locale=language())[month])
        return None, _("{written!r}: {day} does not exist; the date is left out").format(written=written, day=day_words)


def _hit(kind: str, m: re.Match) -> DateHit:
    g, text = m.groups(), m.group(0).strip()
    if kind == "cross":
        d1, m1, y1, d2, m2, y2 = g
        start, p1 = _day(d1, month_number(m1), y1 or y2, text)
        end, p2 = _day(d2, month_number(m2), y2, text)
    elif kind == "numeric-range":
        d1, m1, y1, d2, m2, y2 = g
        start, p1 = _day(d1, int(m1 or m2), y1 or y2, text)
        end, p2 = _day(d2, int(m2), y2, text)
    elif kind == "range":
        d1, d2, mon, year = g
        start, p1 = _day(d1, month_number(mon), year, text)
        end, p2 = _day(d2, month_number(mon), year, text)
    elif kind in ("day", "day-en", "numeric"):
        weekday = None
        if kind == "day-en":
            mon, day, year = g
        elif kind == "day":
            weekday, day, mon, year = g
        else:
            day, mon, year = g
        month = int(mon) if kind == "numeric" else month_number(mon)
        start, p1 = _day(day, month, year, text)
        end, p2 = start, None
        if start and weekday and _weekday(weekday) not in (None, dt.date.fromisoformat(start).weekday()):
            from babel.dates import format_date

            day = dt.date.fromisoformat(start)
            p1 = _("{written!r}: {day} is a {weekday}, not {given}; the date is left out").format(
                written=text, day=format_date(day, pgettext("date pattern", "dd MMMM y"), locale=language()),
                weekday=format_date(day, "EEEE", locale=language()), given=weekday.strip(" .,"))
    elif kind == "month":
        start, p1 = f"{int(g[1]):04d}-{month_number(g[0]):02d}", None
        end, p2 = start, None
    else:  # season: the year only
        start, p1, end, p2 = g[0], None, g[0], None
    problem = p1 or p2
    if problem is None and end and start and end < start:
        problem = _("{written!r}: ends ({end}) before it starts ({start}); the dates are left out").format(
            written=text, end=end, start=start)
    if problem:
        return DateHit(None, None, text, m.start(), kind, problem)
    return DateHit(start, end, text, m.start(), kind)


def find_dates(text: str) -> list[DateHit]:
    """Every date and span of dates in a text, in order of appearance.

    Parameters
    ----------
    text : a sentence, a line or a whole page

    Returns
    -------
    list of DateHit
        Spans first where a span is written; two single days written next to each other
        ("Do 04 Jun 20 / Fr 05 Jun 20") become one span.

    Example
    -------
    >>> [(h.start, h.end) for h in find_dates("vom 13. bis zum 15. November 2023 in Leipzig")]
    [('2023-11-13', '2023-11-15')]
    >>> find_dates("31st November and 1st December 2020")[0].problem
    "'31st November and 1st December 2020': 31 November 2020 does not exist; the date is left out"
    """
    taken = [False] * len(text)
    hits: list[DateHit] = []
    for kind, pattern in _FORMS:
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            hit = _hit(kind, m)
            hits.append(hit if hit.problem or kind not in ("day", "day-en", "numeric") else
                        DateHit(hit.start, hit.end, hit.text, m.start(), kind))
    hits.sort(key=lambda h: h.at)
    return _join_days(text, hits)


def _join_days(text: str, hits: list[DateHit]) -> list[DateHit]:
    """Two single days separated only by '/', 'bis', 'and' or a line break become one span."""
    out: list[DateHit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if (prev and prev.kind in ("day", "numeric") and hit.kind in ("day", "numeric") and not prev.problem
                and not hit.problem and not prev.is_span and hit.start and prev.start
                and hit.start > prev.start):
            between = text[prev.at + len(prev.text): hit.at]
            gap = (dt.date.fromisoformat(hit.start) - dt.date.fromisoformat(prev.start)).days
            if _JOIN.fullmatch(between) and gap <= 14:
                out[-1] = DateHit(prev.start, hit.start, text[prev.at: hit.at + len(hit.text)], prev.at, "joined")
                continue
        out.append(hit)
    return out
