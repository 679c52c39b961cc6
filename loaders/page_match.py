"""Which curated conference a draft describes, and the series its title belongs to.

A draft is the curated conference with the same series and edition, or the same start and place
(places compared by any alias: "Köln" is "Cologne"), or the same title or alias in the same year.
Loading the draft then adds to that record instead of making a second one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.text import fold

from .page_fields import edition_in

if TYPE_CHECKING:
    from .conference_page import Vocabulary


def _series(title: str, vocab: Vocabulary) -> tuple[str | None, str | None]:
    """(series, curated key) from a curated conference whose title or alias, without year and edition,
    is the page's title without year and edition."""
    def bare(text: str) -> str:
        text = re.sub(r"\b(19|20)\d{2}\b", " ", text)
        found = edition_in(text)
        if found:
            text = text.replace(found[1].split()[0], " ")
        return fold(text)

    key = bare(title)
    for conf in vocab.conferences:
        names = [conf.get("title", ""), *(conf.get("aliases") or [])]
        if conf.get("series") and any(bare(n) == key for n in names if n):
            return conf["series"], conf.get("key")
    return None, None


def _canonical(name: str, vocab: Vocabulary) -> str:
    return fold(vocab.places.get(fold(name), (name, ""))[0])


def _match_curated(record: dict, vocab: Vocabulary) -> str | None:
    """Key of the curated conference a draft describes: same series and edition, or same start and place."""
    for conf in vocab.conferences:
        same_series = record.get("series") and conf.get("series") == record.get("series")
        if same_series and record.get("edition") and conf.get("edition") == record.get("edition"):
            return conf["key"]
        place = (conf.get("place") or {}).get("name")
        if (record.get("start") and str(conf.get("start", "")) == record["start"] and place
                and _canonical(record.get("place", {}).get("name", ""), vocab) == _canonical(place, vocab)):
            return conf["key"]
        names = {fold(n) for n in [conf.get("title", ""), *(conf.get("aliases") or [])] if n}
        if (fold(record.get("title", "")) in names and record.get("start")
                and str(conf.get("start", ""))[:4] == record["start"][:4]):
            return conf["key"]
    return None
