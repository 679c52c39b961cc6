"""Data derived from the embedded store's graph file (the search index), kept beside it.

Each is one JSON file ``<graph stem>.<name>.json`` holding the SHA-256 of the graph file it was
derived from; once the graph file changes, the tag no longer matches and the data is ignored until
it is made again. Written atomically; failing to keep it only costs the next process the work.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from graph.errors import ValidationError

DERIVED_FORMAT = "partnernet-derived"
_DERIVED_NAME = re.compile(r"[a-z][a-z0-9-]*")


def derived_path(path: Path, name: str) -> Path:
    """Where data called ``name`` derived from the graph file ``path`` is kept.

    Parameters
    ----------
    path : pathlib.Path
        The graph file.
    name : str
        Lower-case letters, digits and hyphens, starting with a letter.

    Returns
    -------
    pathlib.Path
        ``<stem>.<name>.json`` beside the graph file.

    Raises
    ------
    ValidationError
        Any other name.

    Examples
    --------
    >>> derived_path(Path("var/partnernet/graph.arrow"), "search-index").name
    'graph.search-index.json'
    """
    if not _DERIVED_NAME.fullmatch(name):
        raise ValidationError(f"derived data needs a name of lower-case letters, digits and '-', not {name!r}")
    return path.with_name(f"{path.stem}.{name}.json")


def read_derived(path: Path, name: str, digest: str):
    """The data kept as ``name`` beside the graph file whose SHA-256 is ``digest``.

    Parameters
    ----------
    path : pathlib.Path
        The graph file.
    name : str
        As for :func:`derived_path`.
    digest : str
        SHA-256 (hex) of the graph file the data must have been derived from.

    Returns
    -------
    object or None
        The JSON data; None when none is kept, the file is torn, or it was kept for another graph.

    Raises
    ------
    ValidationError
        A name :func:`derived_path` refuses.
    """
    kept_in = derived_path(path, name)
    try:
        with open(kept_in, "rb") as fh:
            kept = json.loads(fh.read())
    except (OSError, ValueError):  # none kept yet, or a torn file: derive it again
        return None
    if not isinstance(kept, dict) or kept.get("format") != DERIVED_FORMAT or kept.get("name") != name \
            or kept.get("graph") != digest:
        return None
    return kept.get("data")


def write_derived(path: Path, name: str, data, digest: str) -> None:
    """Keep JSON ``data`` as ``name`` beside the graph file whose SHA-256 is ``digest``.

    Written atomically; a read-only directory or a full disk only costs later processes the
    derivation, so OSError is not raised.

    Parameters
    ----------
    path : pathlib.Path
        The graph file.
    name : str
        As for :func:`derived_path`.
    data : object
        JSON-serialisable data.
    digest : str
        SHA-256 (hex) of the graph file it was derived from.

    Raises
    ------
    ValidationError
        A name :func:`derived_path` refuses.
    """
    target = derived_path(path, name)
    text = json.dumps({"format": DERIVED_FORMAT, "name": name, "graph": digest, "data": data},
                      ensure_ascii=False, separators=(",", ":"))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=target.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
