"""The text encodings spreadsheet exports come in, told apart by what the names look like.

Excel on a German Windows saves "CSV (Trennzeichen-getrennt)" as Windows-1252 and "CSV (MS-DOS)"
as code page 850 (ü = 0x81); Polish and Czech offices save ISO-8859-2; an old Mac saves Mac Roman;
everything newer saves UTF-8. Single-byte encodings decode almost any bytes, so choosing between
them needs a judgement: ``charset-normalizer`` proposes the encodings the bytes decode in, and the
one whose non-ASCII characters look most like letters of place names (no control characters, no
symbols, no capital inside a lower-case word) is taken.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from graph.i18n import _
from graph.errors import InputError

#: accepted by ``--encoding``; the spellings people use for each are accepted too
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "cp850", "iso-8859-2", "mac_roman", "utf-16", "utf-32")
_SPELLINGS = {
    "utf8": "utf-8", "utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "utf8-sig": "utf-8-sig",
    "cp1252": "cp1252", "windows-1252": "cp1252", "ansi": "cp1252",
    "latin-1": "latin-1", "latin1": "latin-1", "iso-8859-1": "latin-1",
    "cp850": "cp850", "ibm850": "cp850", "dos": "cp850", "ms-dos": "cp850",
    "iso-8859-2": "iso-8859-2", "latin-2": "iso-8859-2", "latin2": "iso-8859-2", "iso8859-2": "iso-8859-2",
    "mac_roman": "mac_roman", "macroman": "mac_roman", "mac-roman": "mac_roman", "macintosh": "mac_roman",
    "utf-16": "utf-16", "utf16": "utf-16", "unicode": "utf-16", "utf-32": "utf-32", "utf32": "utf-32",
}
# Excel's "Unicode Text" is UTF-16 LE with a byte order mark; UTF-32 is told by its mark too (its
# little-endian mark starts like UTF-16's, so it is tried first)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# tried when the file is not UTF-8, in this order of preference on a tie
_SINGLE_BYTE = ("cp1252", "iso-8859-2", "cp850", "mac_roman")


def encoding_name(text: str) -> str:
    """The canonical name of an encoding the user typed, or raise InputError naming the choices."""
    name = _SPELLINGS.get(text.strip().lower().replace("_", "-"), _SPELLINGS.get(text.strip().lower()))
    if name is None:
        raise InputError(_("unknown encoding {text!r}; choose one of {encodings}").format(
            text=text, encodings=", ".join(ENCODINGS)))
    return name


def _control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r"


def plausibility(text: str) -> int:
    """How much ``text`` looks like names written in a Latin script: each non-ASCII character
    scores +2 when it is a Latin letter that fits its word's case, and loses points when it is a
    control character, a symbol, a letter of another script or a rare form ("ƒ", "π"), or a capital
    inside a lower-case word ("MÅnster", "MŸnster")."""
    score = 0
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        category = unicodedata.category(ch)
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if _control(ch):
            score -= 10
        elif category == "Lu" and before.isalpha() and (before.islower() or after.islower()):
            score -= 4
        elif category in ("Ll", "Lu") and "\u00c0" <= ch <= "\u017f" and ch not in "\u00d7\u00f7":
            score += 2
        else:  # symbols, box drawing, ª º, Greek letters and rare Latin forms in a name
            score -= 3
    return score


# C0 and C1 control characters other than tab and line ends, and the private-use area
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")


def first_control(text: str) -> tuple[int, str] | None:
    """Line number and line of the first control character that no text file should hold."""
    match = _CONTROL.search(text)
    if match is None:
        return None
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.start())
    return text.count("\n", 0, match.start()) + 1, text[start: None if end < 0 else end].rstrip("\r")


def control_char(text: str) -> str | None:
    """The first control character of ``text`` that no name may hold, as ``U+0000``; None when none.

    Examples
    --------
    >>> control_char("Leip\x00zig"), control_char("Leipzig")
    ('U+0000', None)
    """
    match = _CONTROL.search(text)
    return None if match is None else f"U+{ord(match.group()):04X}"


def by_mark(raw: bytes) -> str | None:
    """The encoding a byte order mark at the start of ``raw`` names (UTF-8, UTF-16 or UTF-32), or None.

    Example
    -------
    >>> by_mark("\ufeffcity".encode("utf-16-le")), by_mark(b"city")
    ('utf-16', None)
    """
    return next((name for mark, name in _BOMS if raw.startswith(mark)), None)


def likely_encoding(raw: bytes) -> str:
    """The encoding whose reading of ``raw`` looks most like text (the one its byte order mark names,
    else UTF-8 when it decodes)."""
    if by_mark(raw) is not None:
        return by_mark(raw)
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # the encodings the bytes decode in at all, as charset-normalizer finds them
    proposed = {codecs.lookup(m.encoding).name for m in from_bytes(raw, cp_isolation=list(_SINGLE_BYTE))}
    best, best_score = "cp1252", None
    for name in _SINGLE_BYTE:
        if codecs.lookup(name).name not in proposed and name != "cp1252":
            continue
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if best_score is None or score > best_score:
            best, best_score = name, score
    return best


def decode_bytes(raw: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """Text of a file's bytes and the encoding used: the one asked for, or the one detected.

    Parameters
    ----------
    raw : bytes
        The file's content.
    name : str
        The file name, for messages.
    encoding : str or None
        One of ``ENCODINGS`` (or a usual spelling of one); None detects it.

    Returns
    -------
    (text, encoding) : tuple of str

    Raises
    ------
    InputError
        When the bytes are not valid in the encoding asked for, or the text would hold control
        characters (a sign of the wrong encoding); the message names the line and the encoding the
        file most likely has.

    Example
    -------
    >>> decode_bytes("Münster".encode("cp850"), "a.csv", None)
    ('Münster', 'cp850')
    """
    marked = by_mark(raw)
    if encoding:
        chosen = encoding_name(encoding)
        try:
            text = raw.decode(chosen)
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            guess = likely_encoding(raw)
            raise InputError(_("{name}, line {line}: bytes {bytes!r} are not valid {chosen}; the file looks like "
                               "{guess}: try --encoding {guess}").format(name=name, line=line, chosen=chosen,
                                                                         bytes=raw[exc.start:exc.end], guess=guess)) from None
        if chosen == "utf-8" and text.startswith("\ufeff"):
            text, chosen = text[1:], "utf-8-sig"
    elif marked is not None:
        chosen = marked
        try:
            text = raw.decode(chosen)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: the file starts with the mark of {chosen} but byte {exc.start} is not "
                             f"valid {chosen}; save it again as 'CSV UTF-8'") from None
        text = text.lstrip("\ufeff")
    else:
        chosen = likely_encoding(raw)
        text = raw.decode(chosen, errors="replace")
    bad = first_control(text)
    if bad is not None:
        line, value = bad
        shown = value if len(value) <= 60 else value[:57] + "..."
        if marked is not None or chosen in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
            # the encoding is certain: the character is in the data itself ("Leip\x00zig")
            raise InputError(_("{name}, line {line}: the text holds the control character {char} (value {value!r}); "
                               "no name may hold one: delete it in the spreadsheet and load the file again").format(
                name=name, line=line, char=control_char(value), value=shown))
        guess = likely_encoding(raw)
        hint = (_("the file looks like {guess}: load it with --encoding {guess}").format(guess=guess)
                if guess != chosen else _("save it from the spreadsheet as 'CSV UTF-8' and load it again"))
        raise InputError(_("{name}, line {line}: read as {chosen}, the text holds control characters (value {value!r}); "
                           "{hint}").format(name=name, line=line, chosen=chosen, value=shown, hint=hint))
    return text, chosen
