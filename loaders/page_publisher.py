"""The organisation whose page it is: "Unsere Partnerschaftskonferenzen", "Wir laden Sie ein".

An organisation's own page often never names it: it speaks as "wir"/"we". When the user says whose
page it is (``--publisher skew``), a sentence in which the page speaks of *its* conferences ("im
Rahmen unserer Konferenzformate", "our conferences") makes that organisation the organiser of every
conference drafted from the page that has no organiser yet. Without such a sentence nothing is
recorded, and the draft says so.
"""

from __future__ import annotations

import re

from graph.errors import InputError
from graph.i18n import _
from graph.text import fold

from .page_fields import CONFERENCE_WORD
from .page_text import Line, quote

_OWN = re.compile(r"\b(unsere[mnrs]?|wir|we|our)\b", re.I)


def publisher_key(text: str, organisations: dict[str, list[str]]) -> str:
    """The key of a known organisation named by its key, name or any alias.

    Raises
    ------
    InputError
        No known organisation has that name (the message lists a few keys).
    """
    wanted = fold(text)
    for key, names in organisations.items():
        if wanted in {fold(n) for n in names}:
            return key
    raise InputError(_("--publisher {value!r}: not a known organisation; give a key from organisations.yaml, "
                       "e.g. {keys}").format(value=text, keys=", ".join(sorted(organisations)[:5])))


def own_conference_sentence(lines: list[Line]) -> str | None:
    """The first sentence in which the page speaks of its own conferences, with its line."""
    for line in lines:
        for sentence in line.sentences:
            if _OWN.search(sentence) and CONFERENCE_WORD.search(sentence):
                return quote(sentence, line)
    return None


def apply_publisher(drafts, lines: list[Line], key: str) -> None:
    """Make the publisher the organiser of the drafts without one, citing the page's own words."""
    said = own_conference_sentence(lines)
    for draft in drafts:
        if draft.record.get("organisers"):
            continue
        if said is None:
            draft.problems.append(_("the page does not speak of its own conferences; {key} is not recorded as organiser")
                                  .format(key=key))
            continue
        draft.record["organisers"] = [{"org": key, "role": "organiser"}]
        draft.evidence["organisers"] = _("{key} (organiser, the page's publisher) {quote}").format(key=key, quote=said)
