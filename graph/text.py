"""Name folding shared by search, ids and de-duplication.

Folding makes "Kraków", "KRAKOW" and "krakow." the same key: accents are stripped,
case is folded, apostrophes of every kind are dropped ("Kam'ianets", "Kam’ianets", "Kamʼianets" and
"Kamianets" are one key), other punctuation becomes a space and runs of spaces collapse.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = str.maketrans({
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h",
    "–": "-", "—": "-",
    # apostrophes and the letters and accents written for them: ASCII, U+2019, U+2018, U+02BC, U+02BB,
    # grave and acute accents, prime, U+02B9 (transliterations of Ukrainian, Hawaiian, Arabic names)
    **{ch: "" for ch in "'’‘ʼʻʽʾʿ`´′ʹ"},
})
# "Leipzig[1]", "Kraków[a]": footnote markers copied from Wikipedia tables
_CITATION = re.compile(r"\s*\[(?:\d{1,3}|[a-z]{1,2}|note \d{1,3}|citation needed)\]", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")
#: invisible format characters never part of a name: zero-width space, word joiner, a byte order mark
#: inside a text, soft hyphen, bidirectional marks and overrides (``clean`` removes them)
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@lru_cache(maxsize=1 << 18)  # loads fold the same few hundred thousand names again and again
def fold(text: str) -> str:
    """Return the search key of a name: lower-case ASCII words separated by single spaces.

    Accents are dropped, special letters spelled out (``ß`` -> ``ss``) and every run of other
    characters becomes one space, so that spellings of one name meet.

    Parameters
    ----------
    text : str
        A name as a source writes it, in any script or case; "" and None give "".

    Returns
    -------
    str
        The folded key, without leading or trailing spaces (cached: the same names recur in loads).

    Examples
    --------
    >>> fold("Gießen"), fold("Kraków"), fold("Halle (Saale)")
    ('giessen', 'krakow', 'halle saale')
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", str(text).translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().translate(_SPECIAL)
    return _NON_WORD.sub(" ", text).strip()


def without_citations(text: str) -> str:
    """Return text without bracketed footnote markers ("Leipzig[1]" -> "Leipzig", "Kraków[a]" -> "Kraków").

    Parameters
    ----------
    text : str
        A cell copied from a Wikipedia table; markers are ``[1]``..``[999]``, ``[a]``..``[zz]``,
        ``[note 3]`` and ``[citation needed]``.

    Returns
    -------
    str
        The text without the markers and stripped; other brackets stay.

    Examples
    --------
    >>> without_citations("Leipzig[1]"), without_citations("Kraków [a]"), without_citations("Halle (Saale)")
    ('Leipzig', 'Kraków', 'Halle (Saale)')
    """
    return _CITATION.sub("", text).strip() if "[" in text else text


def slug(text: str) -> str:
    """Return a stable id fragment for a name ("Halle (Saale)" -> "halle-saale").

    Parameters
    ----------
    text : str
        Any name or key.

    Returns
    -------
    str
        :func:`fold` of the text with hyphens for spaces; "" when it has no letters or digits.

    Examples
    --------
    >>> slug("Halle (Saale)")
    'halle-saale'
    """
    return fold(text).replace(" ", "-")


def clean(text: object) -> str:
    """Return text with Unicode normalised to NFC, whitespace collapsed and invisible format characters
    (``INVISIBLE``: zero-width space, soft hyphen, bidirectional marks) removed; None becomes ''.

    Parameters
    ----------
    text : object
        A value read from a file; anything but a string is converted with ``str``.

    Returns
    -------
    str
        NFC text with single spaces and no leading or trailing whitespace.

    Examples
    --------
    >>> clean("  Bad   Homburg "), clean(None)
    ('Bad Homburg', '')
    """
    if text is None:
        return ""
    return _clean(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=1 << 18)
def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", INVISIBLE.sub("", text)).split())
