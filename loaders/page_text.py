"""The text of a conference page: reading text, HTML or a saved web page, and finding names in it.

A page becomes a list of :class:`Line` (one per paragraph, heading or list item of the page), each
split into sentences; every value the conference-page loader finds keeps the sentence it came from.
Names from the curated vocabulary (organisations, themes, municipalities) are found by their words,
with German endings folded ("Deutschen Städtetag" finds "Deutscher Städtetag").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError
from graph.i18n import _
from graph.text import fold

_HTML = re.compile(r"<\s*(html|body|div|p|h[1-6]|head|meta)\b", re.I)
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th", "section",
           "article", "header", "footer", "time", "dd", "dt", "span")
# a sentence ends at . ! ? after a letter (not after "13." or "XIV."), before a capital or a quote
_SENTENCE_END = re.compile(r"(?<=[a-zäöüß)\"“”»])[.!?]\s+(?=[A-ZÄÖÜ„\"»])")
_WORD = re.compile(r"[0-9a-zäöüß&]+")


@dataclass(frozen=True)
class Line:
    """One line (paragraph, heading, list item) of the page and its sentences."""

    number: int
    text: str
    sentences: tuple[str, ...]

    @property
    def is_heading(self) -> bool:
        """Short and without a full stop: a heading, a label or a line of a details block."""
        words = self.text.split()
        return 0 < len(words) <= 14 and not self.text.rstrip().endswith((".", ":", "!", "?"))


def read_page(path: str | Path) -> str:
    """The text of a page file: plain text, an HTML page or a saved web page (``.html``/``.htm``).

    Parameters
    ----------
    path : file name

    Returns
    -------
    str
        The visible text, one paragraph per line.

    Raises
    ------
    InputError
        The file is missing, empty or not text (the message names the file).

    Example
    -------
    >>> read_page("seed.txt")[:20]  # doctest: +SKIP
    'International Confer'
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(_("{path}: cannot read the page ({reason})").format(path=path, reason=exc.strerror or exc)) from None
    if not raw.strip():
        raise InputError(_("{path}: the file is empty; save the conference page as text or HTML").format(path=path))
    from .encodings import by_mark, first_control

    if by_mark(raw) in ("utf-16", "utf-32"):  # "Unicode Text" saved by Windows programs
        raw = raw.decode(by_mark(raw), errors="replace").encode("utf-8")
    if b"\x00" in raw[:4096]:
        raise InputError(_("{path}: not a text or HTML file (binary content); save the page as text or HTML").format(
            path=path))
    head = raw[:4096].decode("latin-1")
    if path.suffix.lower() in (".html", ".htm", ".xhtml") or _HTML.search(head):
        text = html_to_text(raw)  # Beautiful Soup reads the page's own charset declaration
    else:
        text = _decode(raw, path)
    bad = first_control(text)
    if bad is not None:
        line, value = bad
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise InputError(_("{path}: line {line} of its text holds a control character (value {value!r}); "
                           "save the page again as text or HTML (UTF-8)").format(path=path, line=line, value=shown))
    return text


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise InputError(_("{path}: the text encoding could not be recognised; save the page as UTF-8").format(path=path))
    return str(best)


def html_to_text(markup: str | bytes) -> str:
    """Visible text of an HTML page, one block element per line (scripts, styles, navigation dropped)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "template", "svg", "form"]):
        tag.decompose()
    body = soup.body or soup
    return body.get_text("\n", strip=True)


def page_lines(text: str) -> list[Line]:
    """The page's non-empty lines, with whitespace squeezed and list bullets removed, each split into
    sentences."""
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"\s+", " ", raw.replace("\u00a0", " ")).strip(" \t•·*▪–-")
        line = line.strip()
        if not line:
            continue
        sentences = tuple(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
        out.append(Line(number, line, sentences))
    return out


def quote(sentence: str, line: Line) -> str:
    """Where a value came from: "line 12: <the sentence>"."""
    return _("line {n}: {sentence}").format(n=line.number, sentence=sentence)


# --- words and names --------------------------------------------------------------------------------

_ENDINGS = ("en", "es", "er", "em", "e", "n", "s")


def stem(word: str) -> str:
    """A folded word without its German or English inflection ending (for words of five letters or more)."""
    if len(word) >= 5:
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                return word[: -len(ending)]
    return word


def words(text: str) -> list[str]:
    """Folded, stemmed words of a text ("Deutsch-Russischen Forums" -> deutsch, russisch, forum)."""
    return [stem(w) for w in _WORD.findall(fold(text).replace("-", " "))]


class NameIndex:
    """Finds the names of a vocabulary in sentences: ``key -> names``; short all-capital names
    (acronyms such as "UFZ", "SKEW") must appear exactly as written, others by their words."""

    def __init__(self, names: dict[str, list[str]]):
        self._phrases: list[tuple[tuple[str, ...], str, str]] = []
        self._acronyms: list[tuple[re.Pattern, str, str]] = []
        for key, spellings in names.items():
            for name in spellings:
                if not name or not name.strip():
                    continue
                if re.fullmatch(r"[A-ZÄÖÜ]{2,5}|[a-z]{2,4}", name.strip()):
                    pattern = re.compile(rf"(?<![\w-]){re.escape(name.strip())}(?![\w-])")
                    self._acronyms.append((pattern, key, name))
                else:
                    phrase = tuple(words(name))
                    if phrase:
                        self._phrases.append((phrase, key, name))
        self._phrases.sort(key=lambda p: -len(p[0]))

    def find(self, sentence: str) -> list[tuple[str, str, int]]:
        """(key, name as listed, position in the sentence) for every name found, first mention each."""
        found: dict[str, tuple[str, str, int]] = {}
        for pattern, key, name in self._acronyms:
            match = pattern.search(sentence)
            if match and key not in found:
                found[key] = (key, name, match.start())
        tokens = words(sentence)
        if tokens:
            joined = " " + " ".join(tokens) + " "
            for phrase, key, name in self._phrases:
                at = joined.find(" " + " ".join(phrase) + " ")
                if at >= 0:
                    # the longest name found, at the earliest position any of its names is found
                    position = _char_position(sentence, joined[:at].count(" "))
                    if key in found:
                        position = min(position, found[key][2])
                        name = found[key][1] if len(found[key][1]) >= len(name) else name
                    found[key] = (key, name, position)
        return sorted(found.values(), key=lambda f: f[2])


def _char_position(sentence: str, word_number: int) -> int:
    matches = list(_WORD.finditer(fold(sentence).replace("-", " ")))
    return matches[word_number].start() if word_number < len(matches) else len(sentence)
