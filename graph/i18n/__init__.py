"""The language partnernet speaks: English or German, chosen per browser session or per command.

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

from graph.i18n.core import (  # noqa: F401
    DEFAULT_LANGUAGE, DOMAIN, ENV_VAR, LANGUAGES, LOCALE_DIR, _, env_language, gettext, language, ngettext,
    normalise, number, pgettext, set_language, translations, using,
)
from graph.i18n.names import (  # noqa: F401
    country_name, kind_label, kind_phrase, region_label, rel_label, subdivision_name,
)
