"""Conference records drafted from the page that announces or reports a conference.

``read_conference_page(file)`` reads a text, HTML or saved web page (German or English) and returns
one :class:`Draft` per conference the page describes — usually one; an overview page that lists
several numbered conferences ("Die sechste Konferenz findet vom 8. bis 11. September 2025 in Gießen
statt") gives one per sentence. A draft holds a record in the format of ``data/curated/
conferences.yaml``, the sentence every value came from, and the problems found (an impossible date,
a place the gazetteer does not know). Nothing is guessed: a field the page does not give stays empty.
The rules for each field are in :mod:`loaders.page_fields` and :mod:`loaders.page_dates`;
:mod:`loaders.conference_draft` writes drafts as YAML and loads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.i18n import _, term
from graph.text import fold, slug

from .page_dates import DateHit, find_dates
from .page_fields import (
    CONFERENCE_WORD, edition_in, find_languages, find_organisers, find_status, find_themes, find_title,
)
from .page_match import _match_curated, _series
from .page_places import _place_and_venue, _places_in, _venue_lines
from .page_text import Line, NameIndex, page_lines, quote as _quote, read_page

CURATED = Path(__file__).resolve().parents[1] / "data" / "curated"
_NOT_CONFERENCE_DATE = re.compile(r"(call for|deadline|frist|anmeldeschluss|registration|open until|"
                                  r"verschoben|postponed|rescheduled|signed|unterzeichnet|erstellt|published)", re.I)


@dataclass
class Draft:
    """A conference drafted from a page: ``record`` in the curated format, ``evidence`` field -> the
    sentence it came from (with its line), ``problems`` to report, ``mentioned`` organisations named
    without a role."""

    file: str
    record: dict[str, Any]
    evidence: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    mentioned: dict[str, str] = field(default_factory=dict)
    matches: str | None = None  # key of the curated conference this draft describes, if any


@dataclass
class Vocabulary:
    """What a page is read against: the curated organisations, themes, municipalities and conferences."""

    organisations: dict[str, list[str]]
    themes: dict[str, list[str]]
    places: dict[str, tuple[str, str]]  # folded name or alias -> (name, country)
    conferences: list[dict]

    @classmethod
    def curated(cls, directory: str | Path = CURATED) -> "Vocabulary":
        """The vocabulary of the curated data in ``directory`` (default ``data/curated``)."""
        return _curated_vocabulary(str(directory))

    @property
    def org_index(self) -> NameIndex:
        return NameIndex(self.organisations)

    @property
    def theme_index(self) -> NameIndex:
        return NameIndex(self.themes)


@lru_cache(maxsize=4)
def _curated_vocabulary(directory: str) -> Vocabulary:
    def read(stem: str) -> list[dict]:
        path = Path(directory) / f"{stem}.yaml"
        return (yaml.safe_load(path.read_text(encoding="utf-8")) or []) if path.exists() else []

    orgs = {o["key"]: [o["name"], o["key"], *(o.get("aliases") or [])] for o in read("organisations")}
    themes = {t["key"]: [t["name"], *(t.get("aliases") or [])] for t in read("themes")}
    places = {}
    for m in read("municipalities"):
        for name in (m["name"], *(m.get("aliases") or [])):
            places.setdefault(fold(name), (m["name"], m["country"]))
    return Vocabulary(orgs, themes, places, read("conferences"))


# --- one conference ------------------------------------------------------------------------------------


def _conference_dates(lines: list[Line], draft: Draft) -> tuple[DateHit, Line, str] | None:
    """The conference's dates: the first span of days (or, without one, the first day) outside
    deadlines, postponements and other events; impossible dates are reported and skipped."""
    spans, days = [], []
    for line in lines:
        for sentence in line.sentences:
            for hit in find_dates(sentence):
                if hit.problem:
                    draft.problems.append(_("line {n}: {problem}").format(n=line.number, problem=hit.problem))
                    continue
                if _NOT_CONFERENCE_DATE.search(sentence) or hit.kind in ("month", "season"):
                    continue
                (spans if hit.is_span else days).append((hit, line, sentence))
    joined = [(hit, line, line.text) for line in lines for hit in find_dates(line.text) if hit.kind == "joined"]
    two_lines = [(h, lines[i], f"{lines[i].text} / {lines[i + 1].text}") for i in range(len(lines) - 1)
                 for h in find_dates(lines[i].text + "\n" + lines[i + 1].text)
                 if h.kind == "joined" and not any(x.is_span for x in find_dates(lines[i].text))]
    for group in (spans, joined, two_lines, days):
        if group:
            return group[0]
    return None


def _draft_one(file: str, lines: list[Line], vocab: Vocabulary, source_key: str) -> Draft:
    draft = Draft(file, {})
    rec, ev = draft.record, draft.evidence
    title = find_title(lines)
    if title:
        rec["title"], ev["title"] = title[0], _quote(title[0], title[1])
    edition = edition_in(title[0]) if title else None
    if edition is None:
        for line in lines:
            for sentence in line.sentences:
                if edition is None and edition_in(sentence):
                    edition = edition_in(sentence)
                    ev["edition"] = _quote(sentence, line)
    elif title:
        ev["edition"] = ev["title"]
    if title:
        series, _key = _series(title[0], vocab)
        if series:
            rec["series"], ev["series"] = series, _("{quote} (the series of a curated conference of that name)").format(
                quote=ev["title"])
    if edition:
        rec["edition"] = edition[0]
    dates = _conference_dates(lines, draft)
    date_line = None
    if dates:
        hit, date_line, sentence = dates
        rec["start"] = hit.start
        if hit.end and hit.end != hit.start:
            rec["end"] = hit.end
        ev["start"] = ev["end"] = _quote(sentence, date_line)
    all_sentences = [(s, ln) for ln in lines for s in ln.sentences]
    status = find_status(all_sentences)
    if status:
        rec["status"], ev["status"] = status[0], _quote(status[1], status[2])
    venue_lines = _venue_lines(lines, date_line)
    _place_and_venue(lines, vocab, rec, ev, date_line, venue_lines)
    roles, mentioned = find_organisers(lines, vocab.org_index, {ln.number for ln in venue_lines})
    if roles:
        rec["organisers"] = [{"org": k, "role": r} for k, (r, _s, _ln) in roles.items()]
        ev["organisers"] = "\n".join(f"{k} ({term('role', r)}) {_quote(s, ln)}" for k, (r, s, ln) in roles.items())
    draft.mentioned = {k: _quote(s, ln) for k, (s, ln) in mentioned.items()}
    themes = find_themes(lines, vocab.theme_index)
    if themes:
        rec["themes"] = list(themes)
        ev["themes"] = "\n".join(f"{k}: {_quote(s, ln)}" for k, (s, ln) in themes.items())
    languages = find_languages(lines)
    if languages:
        rec["languages"], ev["languages"] = languages[0], _quote(languages[1], languages[2])
    for line in lines:
        for sentence in line.sentences:
            if re.search(r"verschoben|postponed|rescheduled", sentence, re.I):
                rec["note"] = _("The page says: „{sentence}“").format(sentence=sentence)
                ev["note"] = _quote(sentence, line)
    rec["sources"] = [source_key]
    return draft


# --- overview pages: one conference per numbered sentence ----------------------------------------------


def _numbered_sentences(lines: list[Line], vocab: Vocabulary) -> list[tuple[str, Line]]:
    out = []
    for line in lines:
        for sentence in line.sentences:
            if (edition_in(sentence) and find_dates(sentence) and _places_in(sentence, vocab)
                    and not any(h.problem for h in find_dates(sentence))):
                out.append((sentence, line))
    return out


def _draft_numbered(file: str, lines: list[Line], sentence: str, line: Line, vocab: Vocabulary,
                    source_key: str) -> Draft:
    draft = Draft(file, {})
    rec, ev = draft.record, draft.evidence
    quote = _quote(sentence, line)
    number, words = edition_in(sentence)
    noun = next(w for w in words.split()[1:] if CONFERENCE_WORD.search(w))
    heading = next((ln for ln in reversed(lines) if ln.number < line.number), None)
    ordinal = words.split()[0].rstrip(".")
    ordinal = re.sub(r"(en|er|es|em)$", "e", ordinal, flags=re.I).capitalize()
    if fold(noun) in ("konferenz", "conference") and heading is not None and heading.is_heading \
            and CONFERENCE_WORD.search(heading.text):
        rec["title"], ev["title"] = f"{ordinal} {heading.text}", _quote(heading.text, heading) + " + " + quote
    else:
        rec["title"], ev["title"] = f"{ordinal} {noun.strip('.,')}", quote
    rec["edition"], ev["edition"] = number, quote
    hit = next(h for h in find_dates(sentence))
    rec["start"], ev["start"] = hit.start, quote
    if hit.end and hit.end != hit.start:
        rec["end"], ev["end"] = hit.end, quote
    name, country, _written = _places_in(sentence, vocab)[0]
    rec["place"], ev["place"] = {"name": name, "country": country}, quote
    status = find_status([(sentence, line)])
    if status:
        rec["status"], ev["status"] = status[0], quote
    rec["sources"] = [source_key]
    return draft


# --- public API ------------------------------------------------------------------------------------------


def source_key_for(path: str | Path) -> str:
    """The key of the Source a page becomes: ``page-`` and the file name ("page-konferenz-2023-html")."""
    return "page-" + (slug(Path(path).name) or "document")


def draft_from_text(text: str, file: str = "page", vocab: Vocabulary | None = None,
                    publisher: str | None = None) -> list[Draft]:
    """Drafts of the conferences a page's text describes (see :func:`read_conference_page`)."""
    vocab = vocab or Vocabulary.curated()
    if publisher:
        from .page_publisher import publisher_key

        publisher = publisher_key(publisher, vocab.organisations)
    lines = page_lines(text)
    source_key = source_key_for(file)
    numbered = _numbered_sentences(lines, vocab)
    if len(numbered) >= 2:
        drafts = [_draft_numbered(file, lines, s, ln, vocab, source_key) for s, ln in numbered]
    else:
        drafts = [_draft_one(file, lines, vocab, source_key)]
    if publisher:
        from .page_publisher import apply_publisher

        apply_publisher(drafts, lines, publisher)
    for draft in drafts:
        rec = draft.record
        if "title" not in rec:
            draft.problems.append(_("no title found: give one (a heading naming the conference)"))
        if "status" not in rec:
            draft.problems.append(_("the page says nothing about the status: "
                                    "choose planned, held, postponed or cancelled"))
        draft.matches = _match_curated(rec, vocab)
        title, year = rec.get("title", "conference"), (rec.get("start") or "")[:4]
        key = draft.matches or slug(title if year in title else f"{title} {year}")[:80]
        draft.record = {"key": key, **rec}
    return drafts


def read_conference_page(path: str | Path, vocab: Vocabulary | None = None,
                         publisher: str | None = None) -> list[Draft]:
    """Draft conference records from a conference page.

    Parameters
    ----------
    path : a text, HTML or saved web page file (German or English)
    vocab : the organisations, themes, municipalities and conferences to read it against
        (default: the curated data in ``data/curated``)
    publisher : the organisation whose page it is (key, name or alias); it becomes the organiser of
        conferences without one when the page speaks of "unsere"/"our" conferences
        (:mod:`loaders.page_publisher`)

    Returns
    -------
    list of Draft
        One per conference; each field with the sentence it came from; problems listed.

    Raises
    ------
    InputError
        The file cannot be read as text or HTML.

    Example
    -------
    >>> d = read_conference_page("../shared/seeds/002_324b5a2438de2fc3.txt")[0]  # doctest: +SKIP
    >>> d.record["start"], d.record["end"], d.record["edition"]  # doctest: +SKIP
    ('2017-06-28', '2017-06-30', 14)
    """
    return draft_from_text(read_page(path), str(path), vocab, publisher)
