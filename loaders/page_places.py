"""Places and venues on conference pages: "in Leipzig", "in der Kongresshalle am Zoo in Leipzig",
the site listed under the date ("Leipziger KUBUS").

A name is a place when the curated municipalities know it by any alias, or the gazetteer (GeoNames)
lists a town of that name: in Germany with 1,000 inhabitants or more, elsewhere with 10,000 or more
(the most populous namesake). Country names ("in Deutschland") are not places.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.i18n import _
from graph.text import fold

from .page_dates import find_dates
from .page_fields import CONFERENCE_WORD
from .page_text import Line, quote as _quote

if TYPE_CHECKING:
    from .conference_page import Vocabulary


_IN_PLACE = re.compile(r"\bin\s+([A-ZÄÖÜ][\w'’.-]+(?:\s+(?:am|an der|an|im|ob der|bei|upon|on|de|del|di|sur)\s+"
                       r"[A-ZÄÖÜ][\w-]+)?)")
_VENUE = re.compile(r"\b(?:in der|im|in dem|at the|in the|auf dem|auf der)\s+([A-ZÄÖÜ][\w-]*(?:\s+(?:am|an der|im|"
                    r"der|des|für|of|the|on|de)?\s*[A-ZÄÖÜ][\w-]*){0,4})\s+in\s+([A-ZÄÖÜ][\w-]+)")


def find_place(name: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """(name, country) of a municipality: the curated municipalities by any alias, then the gazetteer
    (GeoNames towns of 1,000+ inhabitants; Germany first, then the most populous namesake elsewhere,
    10,000+). Country names ("in Deutschland") are not places.

    Parameters
    ----------
    name : the name as written ("Leipzig", "Esslingen am Neckar", "Kiew")
    vocab : the curated vocabulary (its municipalities come first)

    Returns
    -------
    tuple of (name, ISO country code), or None when the name is no known place

    Example
    -------
    >>> find_place("Krasnodar", Vocabulary.curated())  # doctest: +SKIP
    ('Krasnodar', 'RU')
    """
    from graph.geo.countries import resolve_country

    name = name.strip(" .,;:")
    if not name or resolve_country(name) is not None:
        return None
    hit = vocab.places.get(fold(name))
    if hit:
        return hit
    from graph.geo.gazetteer import gazetteer

    g = gazetteer()
    found = [p for p in g.lookup(name, ("DE",)) if p.population >= 1000]
    if not found:
        found = [p for p in g.lookup(name, _all_countries()) if p.population >= 10000]
    if not found:
        return None
    best = max(found, key=lambda p: p.population)
    return best.name, best.country


@lru_cache(maxsize=1)
def _all_countries() -> tuple[str, ...]:
    from graph.geo.gazetteer import gazetteer

    return tuple(sorted(set(gazetteer().countries)))


def _places_in(sentence: str, vocab: Vocabulary) -> list[tuple[str, str, str]]:
    """(name, country, as written) for every "in <Place>" of a sentence that is a known municipality."""
    out = []
    for m in _IN_PLACE.finditer(sentence):
        written = m.group(1)
        hit = find_place(written, vocab) or (find_place(written.split()[0], vocab) if " " in written else None)
        if hit:
            out.append((*hit, written))
    return out


def _demonym_place(text: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """"Leipziger KUBUS" -> Leipzig: a word ending in -er whose stem is a municipality."""
    for word in re.findall(r"\b([A-ZÄÖÜ][a-zäöüß]+)er\b", text):
        hit = vocab.places.get(fold(word))
        if hit:
            return hit
    return None


def _venue_lines(lines: list[Line], date_line: Line | None) -> list[Line]:
    """The short lines right under a date that stands on a line of its own: the site, as event pages
    list it (at most two lines, up to the next title or sentence)."""
    if date_line is None or not date_line.is_heading or len(date_line.text.split()) > 8:
        return []
    after = [ln for ln in lines if ln.number > date_line.number][:2]
    out = []
    for ln in after:
        if not ln.is_heading or CONFERENCE_WORD.search(ln.text) or find_dates(ln.text) or len(ln.text.split()) > 8:
            break
        out.append(ln)
    return out


def _place_and_venue(lines: list[Line], vocab: Vocabulary, rec: dict, ev: dict, date_line: Line | None,
                     venue_lines: list[Line]) -> None:
    for line in lines:
        for sentence in line.sentences:
            m = _VENUE.search(sentence)
            if m and CONFERENCE_WORD.search(sentence) and find_place(m.group(2), vocab):
                rec["venue"], ev["venue"] = m.group(1), _quote(sentence, line)
                name, country = find_place(m.group(2), vocab)
                rec["place"], ev["place"] = {"name": name, "country": country}, _quote(sentence, line)
                return
    if venue_lines:
        rec["venue"] = ", ".join(ln.text for ln in venue_lines)
        ev["venue"] = _("{lines} (the lines under the date)").format(
            lines="; ".join(_quote(ln.text, ln) for ln in venue_lines))
    candidates: list[tuple[str, Line]] = []
    if date_line is not None:
        candidates += [(s, date_line) for s in date_line.sentences]
    candidates += [(ln.text, ln) for ln in venue_lines]
    candidates += [(s, ln) for ln in lines for s in ln.sentences if CONFERENCE_WORD.search(s)]
    for sentence, line in candidates:
        found = _places_in(sentence, vocab) or (
            [(*_demonym_place(sentence, vocab), sentence)] if line in venue_lines and _demonym_place(sentence, vocab)
            else [])
        if found:
            name, country, _written = found[0]
            rec["place"], ev["place"] = {"name": name, "country": country}, _quote(sentence, line)
            return
