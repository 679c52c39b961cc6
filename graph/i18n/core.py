"""The language partnernet speaks (the machinery of graph.i18n: catalogues, the current language).

Messages are looked up in gettext catalogues (``graph/i18n/locale/<lang>/LC_MESSAGES/partnernet.po``),
compiled in memory with ``babel`` when first needed, so a fresh clone works offline and no compiled
file has to be kept in step with its source. Plural forms come from the catalogue's ``Plural-Forms``
header (``ngettext``), never from string concatenation. Names of countries come from CLDR (via babel)
and ISO 3166's official translations (via pycountry), subdivisions from ISO 3166-2's translations.

The language of the running code is held in a context variable: the app sets it at the start of
every run of a page (``?lang=de``, the sidebar switch, or the browser's language), the command line
from ``$PARTNERNET_LANG``. Code that runs without either speaks English.

Examples
--------
>>> from graph import i18n
>>> with i18n.using("de"):
...     i18n.ngettext("{n} partnership", "{n} partnerships", 1).format(n=1)
'1 Partnerschaft'
>>> i18n.ngettext("{n} partnership", "{n} partnerships", 2).format(n=2)
'2 partnerships'
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from graph.errors import InputError

LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}
DEFAULT_LANGUAGE = "en"
DOMAIN = "partnernet"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV_VAR = "PARTNERNET_LANG"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("partnernet_language", default=None)


def normalise(value: object) -> str | None:
    """The supported language a tag names ("de", "de-DE", "de_AT.UTF-8", "EN") or None.

    Parameters
    ----------
    value : object
        A language tag as a browser, a URL or the environment gives it.

    Returns
    -------
    str or None
        ``"de"`` or ``"en"``; None for anything else (including None and "").

    Examples
    --------
    >>> normalise("de-AT"), normalise("en_GB.UTF-8"), normalise("fr")
    ('de', 'en', None)
    """
    if not isinstance(value, str):
        return None
    code = value.strip().replace("_", "-").split(".")[0].split("-")[0].lower()
    return code if code in LANGUAGES else None


def env_language() -> str:
    """The language ``$PARTNERNET_LANG`` names, English when it is unset.

    Raises
    ------
    InputError
        When the variable names a language partnernet does not speak (naming the value and the
        allowed ones).
    """
    raw = os.environ.get(ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_LANGUAGE
    lang = normalise(raw)
    if lang is None:
        raise InputError(f"{ENV_VAR}={raw!r} is not a language partnernet speaks; use one of: "
                         + ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items()))
    return lang


def language() -> str:
    """The language of the running code: the one set with ``set_language``/``using``, else English."""
    return _current.get() or DEFAULT_LANGUAGE


def set_language(lang: str) -> str:
    """Speak ``lang`` from now on in this thread/context.

    Parameters
    ----------
    lang : str
        A language tag :func:`normalise` accepts ("de", "de-DE", "en").

    Returns
    -------
    str
        The language actually set, ``"de"`` or ``"en"``.

    Raises
    ------
    InputError
        When ``lang`` is not one of ``LANGUAGES``.
    """
    code = normalise(lang)
    if code is None:
        raise InputError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    _current.set(code)
    return code


@contextlib.contextmanager
def using(lang: str) -> Iterator[str]:
    """Speak ``lang`` inside a ``with`` block (tests, exports made for another language, one command).

    Parameters
    ----------
    lang : str
        A language tag :func:`normalise` accepts.

    Yields
    ------
    str
        The language spoken in the block; the one before is back after it, also on an exception.

    Raises
    ------
    InputError
        ``lang`` is not a language partnernet speaks.

    Examples
    --------
    >>> with using("de"):
    ...     print(number(25917))
    25.917
    """
    code = normalise(lang)
    if code is None:
        raise InputError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    token = _current.set(code)
    try:
        yield code
    finally:
        _current.reset(token)


@lru_cache(maxsize=None)
def translations(lang: str):
    """The compiled catalogue of ``lang`` (babel ``Translations``); English has none.

    Parameters
    ----------
    lang : str
        ``"de"`` or ``"en"``.

    Returns
    -------
    babel.support.NullTranslations
        ``Translations`` compiled in memory from ``locale/<lang>/LC_MESSAGES/partnernet.po`` (fuzzy entries
        left out), once per process; ``NullTranslations`` for English or a missing catalogue.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT_LANGUAGE or not path.is_file():
        return NullTranslations()
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _(message: str) -> str:
    """``message`` in the current language (the English text when the catalogue lacks it)."""
    return translations(language()).gettext(message) if message else message


gettext = _


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` things, by the current language's plural rule.

    Parameters
    ----------
    singular, plural : str
        The English forms, with ``{n}`` where the number goes.
    n : int
        How many things; picks the form by the catalogue's ``Plural-Forms`` header.

    Returns
    -------
    str
        The form, its placeholders not yet filled (call ``.format``).

    Examples
    --------
    >>> ngettext("{n} municipality", "{n} municipalities", 1).format(n=1)
    '1 municipality'
    """
    return translations(language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English word by ``context``.

    Parameters
    ----------
    context : str
        The catalogue's ``msgctxt`` ("kind", "column", "area", "relationship" ...).
    message : str
        The English text.

    Returns
    -------
    str
        The translation; ``message`` when the catalogue lacks it.
    """
    return translations(language()).pgettext(context, message)


def number(value: float | int, decimals: int = 0) -> str:
    """A number with the current language's separators: 25,917 in English, 25.917 in German.

    Separators follow CLDR via babel.

    Parameters
    ----------
    value : float or int
        The number.
    decimals : int
        Digits after the decimal mark, fixed (0: rounded to a whole number).

    Returns
    -------
    str

    Examples
    --------
    >>> number(25917), number(1.5, decimals=1)
    ('25,917', '1.5')
    """
    if not decimals and isinstance(value, int) and not isinstance(value, bool) and -1000 < value < 1000:
        return str(value)  # no separator to write: the same in every language offered, without babel's 50 µs
    return _formatted(value, decimals, language())


@lru_cache(maxsize=4096)
def _formatted(value: float | int, decimals: int, lang: str) -> str:
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=lang)
