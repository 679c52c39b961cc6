"""Where exports go: output paths checked before any work, and written with one clear error."""

from __future__ import annotations

import os
from pathlib import Path

from graph.errors import PartnernetError, UsageError


def check_output_path(path: str | Path) -> Path:
    """The path, when a file can be written there; checked before an answer is computed.

    Parameters
    ----------
    path : str or Path
        The file to write. Missing directories on the way are fine (:func:`write_output` can make them).

    Returns
    -------
    Path

    Raises
    ------
    UsageError
        The path is a directory, lies under a file, or in a directory without write permission; the
        message names the path and what to give instead.

    Examples
    --------
    >>> check_output_path("out/leipzig.xlsx")
    PosixPath('out/leipzig.xlsx')
    >>> check_output_path("/tmp")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: '/tmp' is a directory; give a file name in it, e.g. /tmp/export.xlsx
    """
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{str(path)!r} is a directory; give a file name in it, e.g. {path / 'export.xlsx'}")
    parent = next((p for p in (path.parent, *path.parent.parents) if p.exists()), Path("."))
    if not parent.is_dir():
        raise UsageError(f"cannot write {str(path)!r}: {str(parent)!r} is a file, not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {str(path)!r}: no permission to write in {str(parent)!r}")
    return path


def write_output(path: str | Path, data: bytes | str, make_dirs: bool = False) -> Path:
    """Write ``data`` (text as UTF-8) to ``path``, making missing directories when ``make_dirs``.

    Parameters
    ----------
    path : str or Path
        The file to write; an existing file is replaced.
    data : bytes or str
        The content; text is written as UTF-8 with its line ends unchanged.
    make_dirs : bool, optional
        Create missing parent directories first (default False).

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    PartnernetError
        The file cannot be written (``cannot write PATH: reason``), never a bare ``OSError``.
    """
    path = Path(path)
    try:
        if make_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8", newline="")
        else:
            path.write_bytes(data)
    except OSError as exc:
        raise PartnernetError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
