"""The header words of a pair table, in English and German, and the message when some are missing.

Headers are compared folded (case, accents and punctuation ignored), so "Partnerstadt",
"PARTNERSTADT" and "Partner-Stadt" are the same word.
"""

from __future__ import annotations

from graph.i18n import _, ngettext
from graph.text import fold

REQUIRED = ("city1", "country1", "city2", "country2")
OPTIONAL = ("lat1", "lng1", "lat2", "lng2", "kind", "since", "until", "status", "source")

# canonical column -> the other header words accepted for it, English first, then German
ALIASES: dict[str, tuple[str, ...]] = {
    "city1": ("city 1", "city", "municipality1", "municipality", "town", "stadt1", "stadt 1", "stadt",
              "kommune1", "kommune", "gemeinde1", "gemeinde", "ort1", "ort", "deutsche stadt", "deutsche kommune"),
    "country1": ("country 1", "country", "land1", "land 1", "land", "staat1", "staat"),
    "city2": ("city 2", "partner city", "partner town", "partner", "twin town", "sister city", "municipality2",
              "stadt2", "stadt 2", "partnerstadt", "partnerkommune", "partnergemeinde", "partnerort",
              "kommune2", "gemeinde2", "ort2"),
    "country2": ("country 2", "partner country", "land2", "land 2", "partnerland", "staat2", "partnerstaat",
                 "land der partnerstadt", "land partnerstadt"),
    "lat1": ("latitude1", "breite1"), "lng1": ("lon1", "longitude1", "laenge1", "länge1"),
    "lat2": ("latitude2", "breite2"), "lng2": ("lon2", "longitude2", "laenge2", "länge2"),
    "kind": ("type", "art", "typ", "partnerschaftsart", "art der partnerschaft", "kategorie", "form"),
    "since": ("year", "established", "start", "seit", "jahr", "beginn", "gründung", "gründungsjahr",
              "gegründet", "datum", "partnerschaft seit"),
    "until": ("end", "ended", "bis", "ende", "beendet"),
    "status": ("zustand", "stand"),
    "source": ("sources", "url", "link", "quelle", "quellen", "beleg"),
}
# the German word shown first for each column in messages
GERMAN = {"city1": "Stadt", "country1": "Land", "city2": "Partnerstadt", "country2": "Partnerland",
          "kind": "Art", "since": "Seit", "until": "Bis", "status": "Status", "source": "Quelle"}


def find_columns(header: list[str]) -> dict[str, str]:
    """Canonical column -> the header as written in the file.

    Parameters
    ----------
    header : list of str
        The header row (lower-cased).

    Returns
    -------
    dict
        Each column found; a header is used for one column only, the canonical names first.

    Example
    -------
    >>> find_columns(["stadt", "land", "partnerstadt", "partnerland", "art", "seit"])["country2"]
    'partnerland'
    """
    folded = {fold(h): h for h in reversed(header) if fold(h)}
    found: dict[str, str] = {}
    used: set[str] = set()
    for canonical in REQUIRED + OPTIONAL:  # exact canonical names take their header first
        if fold(canonical) in folded and folded[fold(canonical)] not in used:
            found[canonical] = folded[fold(canonical)]
            used.add(found[canonical])
    for canonical in REQUIRED + OPTIONAL:
        if canonical in found:
            continue
        for candidate in ALIASES.get(canonical, ()):
            written = folded.get(fold(candidate))
            if written is not None and written not in used:
                found[canonical] = written
                used.add(written)
                break
    return found


def missing_message(name: str, missing: list[str], header: list[str]) -> str:
    """The refusal for a file lacking required columns: what is missing, each with its English and
    German header words, and what the file has."""
    wanted = "; ".join(_("{column} (also: {words})").format(column=c, words=", ".join(repr(a) for a in _shown(c)))
                       for c in missing)
    return ngettext("{name}: missing column {missing}; expected {required} (optional: {optional}); found: {found}. "
                    "Accepted header words: {wanted}. A German header such as "
                    "Stadt;Land;Partnerstadt;Partnerland;Art;Seit;Bis;Quelle works as it is.",
                    "{name}: missing columns {missing}; expected {required} (optional: {optional}); found: {found}. "
                    "Accepted header words: {wanted}. A German header such as "
                    "Stadt;Land;Partnerstadt;Partnerland;Art;Seit;Bis;Quelle works as it is.", len(missing)).format(
        name=name, missing=", ".join(repr(c) for c in missing), required=",".join(REQUIRED),
        optional=",".join(OPTIONAL), found=",".join(header) or _("nothing"), wanted=wanted)


def _shown(column: str) -> list[str]:
    words = [w for w in ALIASES.get(column, ()) if " " not in w or column in ("city2", "country2")]
    german = GERMAN.get(column)
    if german and german.lower() in words:
        words.remove(german.lower())
        words.insert(0, german)
    return words[:8]


def accepted_headers() -> str:
    """The header words a pair table may use, in words for the page that takes uploads (Markdown).

    Returns
    -------
    str
        In the current language (``graph.i18n``): each column in italics, a dash and its header words,
        the columns separated by semicolons; every word listed is one :func:`find_columns` reads.
    """
    return _(
        "**Headers** (upper or lower case, accents and punctuation do not matter): *city* — city1, city, town, "
        "municipality; *country* — country1, country; *partner city* — city2, partner city, partner town, partner, "
        "twin town, sister city; *partner country* — country2, partner country; *kind* — kind, type; *since* — "
        "since, year, established, start; *until* — until, end, ended; *status* — status; *source* — source, "
        "sources, url, link; *coordinates* (optional) — lat1, lng1, lat2, lng2, latitude1, longitude1, latitude2, "
        "longitude2.")
