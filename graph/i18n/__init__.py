"""The language partnernet speaks, English or German: messages, plural forms and names (see
``graph.i18n.core`` for how the language is chosen and ``graph.i18n.names`` for countries and Länder)."""

from graph.i18n.core import (  # noqa: F401
    DEFAULT_LANGUAGE, DOMAIN, ENV_VAR, LANGUAGES, LOCALE_DIR, _, env_language, gettext, language, ngettext,
    normalise, number, pgettext, set_language, translations, using,
)
from graph.i18n.names import (  # noqa: F401
    area_name, country_name, kind_label, kind_phrase, region_label, region_name, rel_label, subdivision_name, term,
)
from graph.i18n.place_labels import place_label, place_name  # noqa: F401
