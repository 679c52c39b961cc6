"""Reading the cells of a partnership spreadsheet as people fill them in.

Three kinds of cell need more than a look-up:

* the partnership kind: the codes of the German municipal partnership database (``P``
  Partnerschaft, ``F`` Freundschaft, ``K`` Kontakt) and German and English words
  (``Städtefreundschaft``, ``Patenschaft``, ``sister city``, ...);
* a year given as a date in any common form (``12.05.1987``, ``seit 1991``, ``1991-06-14``,
  ``1962-01-01T00:00:00Z``, ``5/14/1990 12:00:00 AM``, ``ca. 1978``), parsed with ``dateparser``;
* notes written into a name cell: ``Oxford (since 1947)``, ``Novi Sad (former)``,
  ``Lviv (suspended)``, ``Tours (seit 1990)``, ``Perm (ruht)``, ``Ohrid (1961–1991)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.text import clean, fold

#: the kind an unknown kind word becomes: it claims a relationship and nothing more
DEFAULT_KIND = "contact"
#: the kind of a pair whose kind cell is empty (public lists of twin towns have no kind column)
EMPTY_KIND = "twin"

# folded word -> kind; the one-letter codes are those of the German municipal partnership database
KIND_WORDS: dict[str, str] = {
    "p": "twin", "f": "friendship", "k": "contact",
    "twin": "twin", "twinning": "twin", "twin town": "twin", "twin city": "twin", "sister city": "twin",
    "sister cities": "twin", "partnership": "twin", "partner city": "twin", "partner town": "twin",
    "jumelage": "twin", "stadtepartnerschaft": "twin", "partnerschaft": "twin", "partnerstadt": "twin",
    "stadtepartner": "twin", "gemeindepartnerschaft": "twin", "kreispartnerschaft": "twin",
    "friendship": "friendship", "friendship city": "friendship", "friendly city": "friendship",
    "freundschaft": "friendship", "stadtefreundschaft": "friendship", "freundschaftsvertrag": "friendship",
    "freundschaftsbeziehung": "friendship", "patenschaft": "friendship", "patenstadt": "friendship",
    "contact": "contact", "contacts": "contact", "kontakt": "contact", "kontakte": "contact",
    "stadtekontakt": "contact", "kontaktbeziehung": "contact",
    "project": "project", "project partnership": "project", "projekt": "project",
    "projektpartnerschaft": "project", "projektpartner": "project",
    "solidarity": "solidarity", "solidarity partnership": "solidarity", "solidaritat": "solidarity",
    "solidaritatspartnerschaft": "solidarity",
    "climate": "climate", "climate partnership": "climate", "klima": "climate",
    "klimapartnerschaft": "climate", "kommunale klimapartnerschaft": "climate",
}

# words of a status, in German and English -> the status kept on the partnership
STATUS_WORDS: dict[str, str] = {
    "former": "former", "ehemalig": "former", "ehemals": "former", "fruher": "former", "ended": "former",
    "terminated": "former", "beendet": "former", "aufgelost": "former", "gekundigt": "former",
    "suspended": "suspended", "ruht": "suspended", "ruhend": "suspended", "ausgesetzt": "suspended",
    "eingefroren": "suspended", "frozen": "suspended", "on hold": "suspended",
}
_SINCE_WORDS = ("seit", "since", "ab", "from", "established", "gegrundet")
_UNTIL_WORDS = ("bis", "until", "till", "to")
_APPROX = re.compile(r"^(?:ca|circa|um|etwa|approx|approximately|about|around|vor|nach|~)\.?\s*", re.I)
_YEAR = re.compile(r"^(1[0-9]{3}|20[0-9]{2}|2100)$")
_RANGE = re.compile(r"^(\d{4})\s*(?:-|–|—|bis|to|until)\s*(\d{4})?$")
_PAREN = re.compile(r"^(?P<name>.*?)\s*\((?P<note>[^()]*)\)\s*$")


def parse_kind(text: str) -> tuple[str, str | None, str | None]:
    """The partnership kind of a kind cell.

    Parameters
    ----------
    text : str
        The cell as written: a code (``P``, ``F``, ``K``), a German or English word, or empty.

    Returns
    -------
    (kind, status, unknown) : tuple
        ``kind`` is one of ``graph.model.PARTNERSHIP_KINDS``; ``status`` is ``"former"`` or
        ``"suspended"`` when the cell says so ("Partnerschaft (ruht)"), else None; ``unknown`` is the
        cell text when it is no kind word we know (the kind is then ``DEFAULT_KIND``), else None.

    Example
    -------
    >>> parse_kind("F")
    ('friendship', None, None)
    >>> parse_kind("Städtepartnerschaft (ruht)")
    ('twin', 'suspended', None)
    >>> parse_kind("Schulpartnerschaft")
    ('contact', None, 'Schulpartnerschaft')
    """
    text = clean(text)
    status = None
    match = _PAREN.match(text)
    if match and fold(match["note"]) in STATUS_WORDS:
        text, status = match["name"], STATUS_WORDS[fold(match["note"])]
    key = fold(text)
    if not key:
        return EMPTY_KIND, status, None
    if key in STATUS_WORDS:  # "ehemalig" alone: a former partnership of the usual kind
        return EMPTY_KIND, STATUS_WORDS[key], None
    kind = KIND_WORDS.get(key)
    if kind is None and key.startswith("ehemalige "):
        kind, status = KIND_WORDS.get(key[len("ehemalige "):]), "former"
    if kind is None:
        return DEFAULT_KIND, status, text
    return kind, status, None


@lru_cache(maxsize=4096)
def parse_year(text: str) -> int | None:
    """The year of a date written in any common form, or None when the text holds no date.

    Four-digit years are read directly; words such as "seit", "since", "ca." before them are
    dropped; anything else is parsed by ``dateparser`` (German and English month names, day-first
    dotted dates as German spreadsheets write them, ISO dates and date-times, US dates).

    Example
    -------
    >>> [parse_year(t) for t in ("12.05.1987", "seit 1991", "1962-01-01T00:00:00Z", "ca. 1978", "bald")]
    [1987, 1991, 1962, 1978, None]
    """
    text = clean(text).strip(" .,;")
    text = re.sub(rf"^(?:{'|'.join(_SINCE_WORDS)})\b\.?\s*", "", text, flags=re.I)
    text = _APPROX.sub("", text)
    if re.fullmatch(r"\d{4}(?:\.0+)?", text):  # "1987" or "1987.0", as a spreadsheet number
        year = int(text[:4])
        return year if 1000 <= year <= 2100 else None
    if not re.search(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}", text):
        return None  # dateparser would take "Mai" alone for this year's May
    import dateparser

    parsed = dateparser.parse(text, languages=["de", "en"],
                              settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["year"]})
    if parsed is None or not 1000 <= parsed.year <= 2100:
        return None
    return parsed.year


@dataclass(frozen=True)
class Annotation:
    """What a note in a name cell said: the name without it, and since/until/status."""

    name: str
    since: int | None = None
    until: int | None = None
    status: str | None = None
    note: str = ""  # the notes as written, "(since 1947)"


def _read_note(note: str) -> dict | None:
    """since/until/status of one parenthesised note, or None when it is no such note ("Saale")."""
    key = fold(note)
    out: dict = {}
    if not key:
        return None
    if key in STATUS_WORDS:
        return {"status": STATUS_WORDS[key]}
    parts = [p.strip() for p in re.split(r"[,;]", note) if p.strip()]
    for part in parts:
        words = fold(part)
        head = words.split(" ", 1)[0]
        if words in STATUS_WORDS:
            out["status"] = STATUS_WORDS[words]
        elif head in STATUS_WORDS and parse_year(words[len(head):]) is not None:
            out["status"] = STATUS_WORDS[head]  # "suspended since 2022", "ausgesetzt seit 2022"
            rest = words[len(head):].strip()
            year = parse_year(rest)
            if out["status"] == "former" and rest.split(" ", 1)[0] not in _SINCE_WORDS:
                out["until"] = year  # "ended 1991"; "suspended since 2022" dates the pause, not the pair
        elif head in _UNTIL_WORDS and parse_year(words[len(head):]) is not None:
            out["until"] = parse_year(words[len(head):])
            out.setdefault("status", "former")
        elif head in _SINCE_WORDS and parse_year(part) is not None:
            out["since"] = parse_year(part)
        elif _RANGE.match(part.replace(" ", "")) or _RANGE.match(part):
            match = _RANGE.match(part) or _RANGE.match(part.replace(" ", ""))
            out["since"] = int(match[1])
            if match[2]:
                out["until"] = int(match[2])
                out.setdefault("status", "former")
        else:
            return None  # not an annotation of ours: keep the text in the name
    return out or None


def split_annotation(text: str) -> Annotation:
    """A name cell without its partnership notes, and what those notes said.

    Parameters
    ----------
    text : str
        A name cell: "Oxford (since 1947)", "Novi Sad (former)", "Perm (ruht)", "Halle (Saale)".

    Returns
    -------
    Annotation
        ``name`` without the notes; ``since``/``until`` years; ``status`` "former" or
        "suspended". Parentheses that are part of a name ("Halle (Saale)") are left alone.

    Example
    -------
    >>> split_annotation("Novi Sad (former)")
    Annotation(name='Novi Sad', since=None, until=None, status='former', note='(former)')
    """
    name = clean(text)
    if not name.endswith(")"):
        return Annotation(name)
    found: dict = {}
    notes: list[str] = []
    while True:
        match = _PAREN.match(name)
        if not match or not match["name"]:
            break
        read = _read_note(match["note"])
        if read is None:
            break
        for key, value in read.items():
            found.setdefault(key, value)
        notes.insert(0, f"({match['note']})")
        name = match["name"]
    return Annotation(name, found.get("since"), found.get("until"), found.get("status"), " ".join(notes))
