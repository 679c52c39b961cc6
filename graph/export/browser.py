"""Printing HTML to PDF (and PNG) with a headless Chromium, when one is installed.

Chromium is what the project already installs for its browser tests, it follows the report's
print stylesheet faithfully and needs no extra Python package. It is looked up as
``$PARTNERNET_CHROMIUM`` or ``chromium``/``chromium-browser``/``google-chrome`` on PATH. Each call
uses a fresh profile directory and the flags that keep it from reaching the network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from graph.export.common import ExportUnavailable

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
    "--hide-scrollbars",
)
TIMEOUT_SECONDS = 120


def find_chromium() -> str | None:
    """Path of a Chromium or Chrome to print PDFs with: ``$PARTNERNET_CHROMIUM`` if that file exists, else
    the first browser on ``PATH``.

    Returns
    -------
    str or None
        The executable's path; None when there is none (or ``$PARTNERNET_CHROMIUM`` names no file).
    """
    configured = os.environ.get("PARTNERNET_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(html: str, output_flag: str, output_name: str, extra: tuple[str, ...] = ()) -> bytes:
    chromium = find_chromium()
    if chromium is None:
        raise ExportUnavailable(
            "PDF needs Chromium, which was not found: install it (Debian/Ubuntu: apt-get install chromium) "
            "or set PARTNERNET_CHROMIUM to its path; the printable HTML report prints to PDF from any browser."
        )
    with tempfile.TemporaryDirectory(prefix="partnernet-print-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        output = Path(tmp) / output_name
        command = [chromium, *_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", *extra,
                   f"{output_flag}={output}", page.as_uri()]
        try:
            result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ExportUnavailable(f"Chromium did not finish within {TIMEOUT_SECONDS} s") from None
        except OSError as exc:
            raise ExportUnavailable(f"Chromium at {chromium} could not be started: {exc}") from None
        if not output.is_file() or output.stat().st_size == 0:
            tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise ExportUnavailable(f"Chromium wrote no {output_name} (exit {result.returncode}): {' | '.join(tail)}")
        return output.read_bytes()


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of a self-contained HTML page, laid out by its print stylesheet.

    Parameters
    ----------
    html : str
        A whole HTML document; it is opened from a temporary file, so it must not need other files.

    Returns
    -------
    bytes
        The PDF, printed by headless Chromium without header and footer lines.

    Raises
    ------
    ExportUnavailable
        Chromium is not found, cannot start, takes longer than ``TIMEOUT_SECONDS`` (120 s) or writes no file.
    """
    return _run(html, "--print-to-pdf", "report.pdf", ("--no-pdf-header-footer",))


def html_to_png(html: str, *, width: int = 1200, height: int = 1800) -> bytes:
    """A screenshot of the page as a browser window of the given size shows it.

    Parameters
    ----------
    html : str
        A whole, self-contained HTML document.
    width, height : int, optional
        Size of the browser window in CSS pixels (default 1200 × 1800).

    Returns
    -------
    bytes
        The PNG image.

    Raises
    ------
    ExportUnavailable
        As for :func:`html_to_pdf`.
    """
    return _run(html, "--screenshot", "page.png", (f"--window-size={width},{height}",))
