"""Names are data: the two ways partnernet shows text it did not write itself.

A place, organisation or conference name comes from a spreadsheet anyone may have edited. Shown
as it is, ``[Visit partner site](http://evil.example)`` becomes a link in the app,
``&lt;img…&gt;`` an HTML tag, ``:material/home:`` an icon, and ``\\x1b[2J`` clears the terminal of
whoever runs ``partnernet partners``. Every name therefore goes through one of these functions:

- :func:`markdown` for anything Streamlit renders as Markdown (``st.markdown``, ``st.caption``,
  ``st.info``/``st.warning``/``st.error``, expander and widget labels);
- :func:`terminal` for anything printed to a terminal (the CLI wraps its standard output and
  error in :class:`TerminalStream`, so nothing it prints can carry a control character).
"""

from __future__ import annotations

import io
import re
import string
import unicodedata

# CommonMark: a backslash before any ASCII punctuation character makes it literal.
_PUNCTUATION = frozenset(string.punctuation)
# Streamlit expands ":name:" (emoji), ":material/name:" (icons) and ":colour[text]" after Markdown
# is parsed, where backslash escapes are already gone; a WORD JOINER (invisible, not a space)
# after every colon breaks those patterns and leaves the text as it reads.
_WORD_JOINER = "\u2060"
# Bidirectional overrides and isolates can make text read differently from what it is.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _visible(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, e.g. ESC -> ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\u{code:04x}" if ch in _BIDI else f"\\x{code:02x}"


def terminal(text: object, keep: str = "") -> str:
    """Return ``text`` with every control character replaced by a visible stand-in.

    Parameters
    ----------
    text : object
        What is to be printed; ``str(text)`` is used.
    keep : str, optional
        Control characters to leave as they are (e.g. ``"\\n"`` for multi-line output).

    Returns
    -------
    str
        C0 controls become the Unicode control pictures (ESC -> ``␛``, NUL -> ``␀``), DEL becomes
        ``␡``, C1 controls and bidirectional overrides become ``\\x9b`` / ``\\u202e``.

    Examples
    --------
    >>> terminal("Leip\\x1b[2Jzig")
    'Leip␛[2Jzig'
    >>> terminal("two\\nlines", keep="\\n")
    'two\\nlines'
    """
    text = str(text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else _visible(m.group()), text)


def markdown(text: object) -> str:
    """Return ``text`` as Markdown that Streamlit shows literally, character for character.

    Parameters
    ----------
    text : object
        A name or message holding names; ``str(text)`` is used.

    Returns
    -------
    str
        Every ASCII punctuation character backslash-escaped (no links, emphasis, HTML, entities or
        autolinks), a word joiner after each colon (no emoji, icon or colour shortcodes), line
        breaks as spaces and other control characters as visible stand-ins (see :func:`terminal`).

    Examples
    --------
    >>> markdown("[Visit](http://evil.example)")
    '\\\\[Visit\\\\]\\\\(http\\\\:\\u2060\\\\/\\\\/evil\\\\.example\\\\)'
    >>> markdown("Halle (Saale)")
    'Halle \\\\(Saale\\\\)'
    """
    text = terminal(" ".join(str(text).splitlines()))
    out = []
    for ch in text:
        if ch in _PUNCTUATION:
            out.append("\\" + ch + (_WORD_JOINER if ch == ":" else ""))
        elif ch == "\u00a0" or unicodedata.category(ch) == "Zs":
            out.append(" ")  # no-break and other spaces: nothing Markdown treats specially
        else:
            out.append(ch)
    return "".join(out)


class TerminalStream(io.TextIOBase):
    """A text stream that writes through :func:`terminal` to another one (standard output or error).

    Line breaks, tabs and carriage returns (progress bars) pass; every other control character is
    shown, not sent.
    """

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write *text* with control characters shown, and return its length as given."""
        self._stream.write(terminal(text, keep="\n\t\r"))
        return len(text)

    def flush(self) -> None:
        """Flush the underlying stream."""
        self._stream.flush()

    def fileno(self) -> int:
        """File descriptor of the underlying stream."""
        return self._stream.fileno()

    def isatty(self) -> bool:
        """Whether the underlying stream is a terminal."""
        return self._stream.isatty()

    @property
    def encoding(self) -> str:
        """Encoding of the underlying stream (``utf-8`` when it names none)."""
        return getattr(self._stream, "encoding", "utf-8")

    def writable(self) -> bool:
        """Always True: the stream is for writing."""
        return True
