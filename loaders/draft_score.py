"""How well drafts made from pages agree with the curated records, field by field.

``python -m loaders.draft_score ../shared/seeds [FILE=ORG ...]`` drafts every page of a directory
(``FILE=ORG`` names the organisation whose page a file is, as ``--publisher`` does), finds the
curated conference each draft describes (same series and edition, same start and place, or same
title and year) and prints, per field (title, dates, place, organisers, status), how many agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph.i18n import _
from graph.text import fold

from .conference_page import Vocabulary, read_conference_page
from .page_match import _canonical

FIELDS = ("title", "dates", "place", "organisers", "status")


def compare(record: dict, curated: dict, vocab: Vocabulary) -> dict[str, bool]:
    """Field -> whether a draft record agrees with a curated record (titles by title or any alias,
    quotes and case ignored; places by any alias; organisers as the set of (organisation, role))."""
    names = {fold(n) for n in [curated.get("title", ""), *(curated.get("aliases") or [])] if n}
    place = lambda r: _canonical((r.get("place") or {}).get("name", ""), vocab)  # noqa: E731
    orgs = lambda r: {(o["org"], o["role"]) for o in r.get("organisers") or []}  # noqa: E731
    return {
        "title": fold(record.get("title", "")) in names,
        "dates": (str(record.get("start", "")), str(record.get("end", "") or "")) ==
                 (str(curated.get("start", "")), str(curated.get("end", "") or "")),
        "place": place(record) == place(curated),
        "organisers": orgs(record) == orgs(curated),
        "status": record.get("status") == curated.get("status"),
    }


def score(directory: str | Path, publishers: dict[str, str] | None = None
          ) -> list[tuple[str, str | None, dict[str, bool]]]:
    """(file, curated key or None, field -> agrees) for every draft of every page in a directory;
    ``publishers`` maps a file name to the organisation whose page it is."""
    vocab = Vocabulary.curated()
    by_key = {c["key"]: c for c in vocab.conferences}
    out = []
    for path in sorted(Path(directory).iterdir()):
        for draft in read_conference_page(path, vocab, (publishers or {}).get(path.name)):
            curated = by_key.get(draft.matches)
            out.append((path.name, draft.matches,
                        compare(draft.record, curated, vocab) if curated else {f: False for f in FIELDS}))
    return out


def main(argv: list[str]) -> int:
    """``python -m loaders.draft_score DIR [FILE=ORG ...]``: the agreement per draft and per field."""
    publishers = dict(a.split("=", 1) for a in argv[1:] if "=" in a)
    rows = score(argv[0] if argv else "../shared/seeds", publishers)
    for name, key, fields in rows:
        same, differs, none = _("ok"), _("DIFFERS"), _("(no curated record)")
        print(f"{name}  {key or none}: " + ", ".join(
            f"{f} {same if v else differs}" for f, v in fields.items()))
    print(_("per field: {counts}").format(counts=", ".join(f"{f} {sum(r[2][f] for r in rows)}/{len(rows)}"
                                                           for f in FIELDS)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
