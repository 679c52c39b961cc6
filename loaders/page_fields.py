"""The rules that find each field of a conference on its page (title, edition, status, organisers,
place, venue, themes, languages). Every finder returns the value with the sentence it came from;
:mod:`loaders.conference_page` puts them together into a draft.

The rules, in words (the README repeats them for users):

- **title**: the first heading-like line (short, no full stop) naming a conference, meeting or
  congress; one with a year or an edition number is preferred ("Jahrestreffen 2020 der Difu-Zuwender"
  over "Difu-Jahrestreffen").
- **edition**: a Roman numeral before the title ("XIV."), an ordinal word ("sechste", "sixth") or
  number ("6th", "6.") at most four words before a word for conference.
- **status**: cancelled ("abgesagt", "cancelled", "entfällt") over postponed ("verschoben",
  "postponed") over held (a report in the past tense: "fand … statt", "trafen sich", "took place")
  over planned ("findet … statt", "wird … stattfinden", "call for", "Anmeldung").
- **organisers** (known organisations, by any name or alias): "Veranstaltung des …", "organised by",
  "Tagungswebseite der …" → organiser; "in Kooperation mit …", "in cooperation with" → co-organiser;
  a panel, forum, round table or workshop they run → partner; "Schirmherr", "patron" → patron;
  the site under the date (the venue lines) → host; a contact ("More information:", "Kontakt") →
  partner; an organisation on a line of its own in an event's details block → organiser. An
  organisation named without any of these is only *mentioned* (listed for review, not recorded).
"""

from __future__ import annotations

import re

from .page_text import Line, NameIndex

CONFERENCE_WORD = re.compile(r"(konferenz|conference|tagung|jahrestreffen|treffen|kongress|congress|meeting|"
                             r"symposium|summit|gipfel|forum)", re.I)

_GERMAN_ORDINALS = ["erst", "zweit", "dritt", "viert", "fünft", "sechst", "siebt", "acht", "neunt", "zehnt",
                    "elft", "zwölft", "dreizehnt", "vierzehnt", "fünfzehnt", "sechzehnt", "siebzehnt",
                    "achtzehnt", "neunzehnt", "zwanzigst"]
_ENGLISH_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                     "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                     "seventeenth", "eighteenth", "nineteenth", "twentieth"]
_ORDINAL = re.compile(
    r"\b(?:(?P<de>" + "|".join(_GERMAN_ORDINALS + ["siebent"]) + r")(?:en|er|es|em|e)\b"
    r"|(?P<en>" + "|".join(_ENGLISH_ORDINALS) + r")\b"
    r"|(?P<num>\d{1,2})(?:st|nd|rd|th|\.)"
    r"|(?P<roman>[IVXL]{1,7})\.)"
    r"(?P<rest>(?:\s+\S+){0,4})", re.I)

_CANCELLED = re.compile(r"\b(abgesagt|cancell?ed|entfällt|fällt\s+(?:\w+\s+)?aus|findet nicht statt|"
                        r"will not take place|does not take place)\b", re.I)
_POSTPONED = re.compile(r"\b(verschoben|postponed|rescheduled|verlegt)\b", re.I)
_HELD = re.compile(r"\b(fand(?:en)?\b.*\bstatt|trafen sich|took place|was held|were held|eröffnete[n]?\b|"
                   r"war das Thema|kamen\b.*\bzusammen|came together|nahmen\b.*\bteil|attended)\b", re.I)
_PLANNED = re.compile(r"\b(findet\b.*\bstatt|finden\b.*\bstatt|stattfinden|will take place|will be held|"
                      r"takes place|call for|anmeldung|registration|is open until|geplant|planned|announce[sd]?)\b",
                      re.I)

_SUB_EVENT = re.compile(r"(panel|fachforum|runde[rn]? tisch|round table|workshop|session|podium|exkursion|"
                        r"side event|begleitveranstaltung)", re.I)
_ORGANISER = re.compile(r"(veranstaltung (?:des|der|von)|veranstalter|veranstaltet (?:von|vom)|organi[sz]ed by|"
                        r"organisiert (?:von|vom)|tagungswebseite (?:der|des)|conference website of|hosted by|"
                        r"ausgerichtet (?:von|vom)|ausrichter)", re.I)
_COOPERATION = re.compile(r"(in kooperation mit|in zusammenarbeit mit|in cooperation with|in partnership with|"
                          r"in collaboration with|mit unterstützung|with support)", re.I)
_PATRON = re.compile(r"(schirmherr|schirmfrau|patron|under the patronage)", re.I)
_CONTACT = re.compile(r"^(more information|further information|kontakt|contact|ansprechpartner\w*)\s*:?$", re.I)
_PAGE_AUTHOR = re.compile(r"^(erstellt von|created by|posted by|foto|photo|bild|image)\b", re.I)


def roman(text: str) -> int | None:
    """Value of a Roman numeral ("XIV" -> 14), or None."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    text = text.upper()
    if not text or any(ch not in values for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total if 0 < total < 200 else None


def edition_in(text: str) -> tuple[int, str] | None:
    """(edition, the words that say it) for an ordinal that stands at most four words before a word
    for conference: "XIV. Deutsch-Russische Städtepartnerkonferenz", "die sechste deutsch-ukrainische
    kommunale Partnerschaftskonferenz", "the 6th conference"; None without one.

    Example
    -------
    >>> edition_in("Die sechste Konferenz findet in Gießen statt")
    (6, 'sechste Konferenz findet in Gießen')
    """
    for m in _ORDINAL.finditer(text):
        if not CONFERENCE_WORD.search(m.group("rest") or ""):
            continue
        if m.group("de"):
            stem = m.group("de").lower().replace("siebent", "siebt")
            return _GERMAN_ORDINALS.index(stem) + 1, m.group(0)
        if m.group("en"):
            return _ENGLISH_ORDINALS.index(m.group("en").lower()) + 1, m.group(0)
        if m.group("num"):
            return int(m.group("num")), m.group(0)
        value = roman(m.group("roman"))
        if value:
            return value, m.group(0)
    return None


def find_title(lines: list[Line]) -> tuple[str, Line] | None:
    """The page's title: see the module's rules."""
    candidates = [ln for ln in lines[:40] if ln.is_heading and CONFERENCE_WORD.search(ln.text)
                  and not re.search(r"website|webseite|programm|anmeldung|registration", ln.text, re.I)]
    if not candidates:
        return None
    specific = [ln for ln in candidates if re.search(r"\b(19|20)\d{2}\b", ln.text) or edition_in(ln.text)]
    best = (specific or candidates)[0]
    return best.text, best


def find_status(sentences: list[tuple[str, Line]]) -> tuple[str, str, Line] | None:
    """(status, sentence, line): cancelled over postponed over held over planned."""
    for status, cue in (("cancelled", _CANCELLED), ("postponed", _POSTPONED), ("held", _HELD),
                        ("planned", _PLANNED)):
        for sentence, line in sentences:
            if cue.search(sentence):
                return status, sentence, line
    return None


def find_organisers(lines: list[Line], orgs: NameIndex, venue_lines: set[int]
                    ) -> tuple[dict[str, tuple[str, str, Line]], dict[str, tuple[str, Line]]]:
    """Organisations with a role ``key -> (role, sentence, line)`` and those only mentioned
    ``key -> (sentence, line)``; the strongest role found wins (host, organiser, co-organiser, partner,
    patron)."""
    from graph.model import ORGANISER_ROLES

    roles: dict[str, tuple[str, str, Line]] = {}
    mentioned: dict[str, tuple[str, Line]] = {}

    def give(key: str, role: str, sentence: str, line: Line) -> None:
        old = roles.get(key)
        if old is None or ORGANISER_ROLES.index(role) < ORGANISER_ROLES.index(old[0]):
            roles[key] = (role, sentence, line)

    previous: Line | None = None
    details = False
    for line in lines:
        contact = previous is not None and bool(_CONTACT.match(previous.text))
        if re.fullmatch(r"(details|organisation|veranstalter|organiser|organizer|ausrichter)\s*:?", line.text, re.I):
            details = True
        for sentence in line.sentences:
            found = orgs.find(sentence)
            if not found or _PAGE_AUTHOR.match(line.text) or (previous and _PAGE_AUTHOR.match(previous.text)
                                                               and line.is_heading):
                continue
            organiser_at = _ORGANISER.search(sentence)
            coop_at = _COOPERATION.search(sentence)
            for key, name, at in found:
                if line.number in venue_lines:
                    give(key, "host", sentence, line)
                elif _SUB_EVENT.search(sentence):
                    give(key, "partner", sentence, line)
                elif coop_at and at >= coop_at.start():
                    give(key, "co-organiser", sentence, line)
                elif organiser_at and at >= organiser_at.start():
                    give(key, "organiser", sentence, line)
                elif _PATRON.search(sentence):
                    give(key, "patron", sentence, line)
                elif contact:
                    give(key, "partner", sentence, line)
                elif details and line.is_heading and len(found) == 1 and _only_name(line.text, name):
                    give(key, "organiser", sentence, line)
                else:
                    mentioned.setdefault(key, (sentence, line))
        previous = line
    return roles, {k: v for k, v in mentioned.items() if k not in roles}


def _only_name(text: str, name: str) -> bool:
    """The line is the organisation's name, give or take a legal form or acronym ("… gGmbH (Difu)")."""
    from .page_text import words

    return len(words(text)) - len(words(name)) <= 2


def find_themes(lines: list[Line], themes: NameIndex) -> dict[str, tuple[str, Line]]:
    """Theme key -> the first sentence naming it (by its name or any alias)."""
    out: dict[str, tuple[str, Line]] = {}
    for line in lines:
        for sentence in line.sentences:
            for key, _, _ in themes.find(sentence):
                out.setdefault(key, (sentence, line))
    return out


_LANGUAGE_CUE = re.compile(r"(sprache|language|dolmetsch|interpretation|übersetz|durchgeführt|conducted|held in)",
                           re.I)


def language_names() -> dict[str, str]:
    """Folded German and English language names -> ISO 639-1 code (pycountry and its German translations)."""
    import gettext

    import pycountry

    from graph.text import fold

    german = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["de"], fallback=True)
    out = {}
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None)
        if code:
            out[fold(lang.name)] = code
            out[fold(german.gettext(lang.name))] = code
    return out


def find_languages(lines: list[Line]) -> tuple[list[str], str, Line] | None:
    """ISO 639-1 codes of the languages a sentence about the conference language names, in order."""
    from graph.text import fold

    names = language_names()
    for line in lines:
        for sentence in line.sentences:
            if not _LANGUAGE_CUE.search(sentence):
                continue
            codes = []
            for word in fold(sentence).split():
                code = names.get(word) or names.get(word.rstrip("n"))
                if code and code not in codes and len(word) > 4:
                    codes.append(code)
            if codes:
                return codes, sentence, line
    return None
