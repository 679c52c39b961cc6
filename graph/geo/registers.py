"""National registers of municipalities, for the places GeoNames' populated places do not list.

The gazetteer (``graph.geo.gazetteer``: GeoNames places of 500+ inhabitants) misses many real
municipalities: French communes whose population GeoNames keeps on the commune rather than on the
village, the communes nouvelles formed since 2015, villages in Slovakia, Hungary or the Czech
Republic, German Gemeinden named after no single village ("Weinstadt", "Rödermark"). Two registers,
both shipped by packages and read offline, fill that gap:

* France: the Code officiel géographique of INSEE as packaged by Etalab
  (``@etalab/decoupage-administratif``, npm, installed into ``node_modules/`` by ``make install``):
  every commune with its INSEE code, département, population, and the former communes (communes
  déléguées and associées) with the commune they now belong to.
* Elsewhere: the postal localities of ``countrystatecity-postal-codes`` (countries-states-cities
  database, ODbL): locality name, postal code and the state, canton, county or province it is in.

Neither register has coordinates. A place is linked only when its name is the register's (case,
accents and punctuation aside) and the register puts it in the first-level subdivision where the
source's coordinates lie (the subdivision of any GeoNames place within a few kilometres). Without
usable coordinates the name must be unique in the country's register. Names that several register
entries of one subdivision share stay unresolved: nothing is guessed.
"""

from __future__ import annotations

import json
import logging
import marshal
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.geo import cache
from graph.geo.subdivisions import top_subdivision
from graph.text import fold

ROOT = Path(__file__).resolve().parents[2]
ETALAB_PACKAGE = "@etalab/decoupage-administratif"
INSEE = "INSEE"
POSTAL = "postal"
log = logging.getLogger(__name__)
_FORMAT = 6  # bump when the index layout, the rules below or graph.text.fold change


@dataclass(frozen=True)
class RegisterPlace:
    """A place from a national register: a French commune (INSEE, via Etalab) or a postal locality."""
    register: str  # INSEE or postal
    code: str  # INSEE commune code, or the locality's first postal code
    name: str
    country: str
    subdivision: str | None  # ISO 3166-2 code of the first-level subdivision
    population: int | None = None
    parent: str | None = None  # a former French commune: the INSEE code of the commune it belongs to
    several: bool = False  # postal codes of different areas under one name: maybe several villages

    @property
    def register_id(self) -> str:
        """``register:code``, e.g. ``INSEE:75056``."""
        return f"{self.register}:{self.code}"

    @property
    def describes(self) -> str:
        """What the place is, in words: "INSEE commune" or "postal locality"."""
        return "INSEE commune" if self.register == INSEE else "postal locality"


def etalab_dir() -> Path | None:
    """Where the Etalab package is installed: ``$PARTNERNET_NODE_MODULES`` or ``node_modules/``."""
    base = Path(os.environ.get("PARTNERNET_NODE_MODULES") or ROOT / "node_modules")
    folder = base / ETALAB_PACKAGE
    return folder if (folder / "data" / "communes.json").is_file() else None


def _etalab_version(folder: Path | None) -> str:
    if folder is None:
        return "none"
    try:
        return str(json.loads((folder / "package.json").read_text(encoding="utf-8")).get("version", "unknown"))
    except (OSError, ValueError):
        return "unknown"


def _french_communes(folder: Path) -> list[tuple]:
    """Rows of the French register: (key, name, code, subdivision, population, parent, several)."""
    communes = json.loads((folder / "data" / "communes.json").read_text(encoding="utf-8"))
    regions: dict[str, str | None] = {}
    rows = []
    for commune in communes:
        kind = commune.get("type")
        if kind not in ("commune-actuelle", "commune-deleguee", "commune-associee"):
            continue  # Paris, Lyon, Marseille arrondissements are GeoNames places already
        dep = commune.get("departement")
        if dep not in regions:
            regions[dep] = top_subdivision(f"FR-{dep}")
        parent = commune.get("chefLieu") if kind != "commune-actuelle" else None
        if parent == commune["code"]:
            parent = None  # the seat of a commune nouvelle: the same commune under its former name
        rows.append((fold(commune["nom"]), commune["nom"], commune["code"], regions[dep],
                     commune.get("population"), parent, False))
    return rows


def _postal_localities() -> dict[str, list[tuple]]:
    """Postal localities by country: (key, name, first code, subdivision, None, None, several), one
    per name and subdivision."""
    from importlib import resources

    base = resources.files("countrystatecity_postal_codes") / "data" / "by-country"
    out: dict[str, list[tuple]] = {}
    subdivisions: dict[str, str | None] = {}
    for folder in sorted(base.iterdir(), key=lambda f: f.name):
        country = folder.name
        if country == "FR" or len(country) != 2:
            continue
        try:
            records = json.loads((folder / "postcodes.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        grouped: dict[tuple[str, str | None], dict] = {}
        for record in records:
            name = (record.get("localityName") or "").strip()
            code = (record.get("code") or "").strip()
            if not name or not code:
                continue
            state = record.get("stateCode")
            iso = f"{country}-{state}" if state else None
            if iso not in subdivisions:
                subdivisions[iso] = top_subdivision(iso)
            key = fold(name)
            entry = grouped.setdefault((key, subdivisions[iso]), {"name": name, "codes": set()})
            entry["codes"].add(code)
        rows = []
        for (key, sub), entry in grouped.items():
            codes = sorted(entry["codes"])
            # one village per code: a name under codes of different delivery areas may be several villages
            areas = {_delivery_area(code, country) for code in codes}
            rows.append((key, entry["name"], codes[0], sub, None, None, len(areas) > 1))
        out[country] = rows
    return out


def _delivery_area(code: str, country: str) -> str:
    """The first three characters of a postal code, without the country prefix ("MD-4720" -> "472")."""
    text = "".join(ch for ch in code.upper() if ch.isalnum())
    return text.removeprefix(country)[:3]


class Registers:
    """Register places by country and folded name."""

    def __init__(self, data: dict) -> None:
        # each country's table is kept marshalled until a place of that country is looked up
        self._packed: dict[str, bytes] = data["rows"]
        self._rows: dict[str, dict[str, list[tuple]]] = {}
        self.sources: dict[str, str] = data["sources"]

    def _table(self, country: str) -> dict[str, list[tuple]]:
        table = self._rows.get(country)
        if table is None:
            packed = self._packed.get(country)
            table = self._rows[country] = marshal.loads(packed) if packed else {}
        return table

    def lookup(self, name: str, country: str) -> list[RegisterPlace]:
        """Places of *country* (ISO 3166-1 alpha-2) named *name*: INSEE communes for FR, else postal localities."""
        register = INSEE if country == "FR" else POSTAL
        return [RegisterPlace(register, entry[1], entry[0], country, *entry[2:])
                for entry in self._table(country).get(fold(name), ())]

    def place(self, country: str, code: str) -> RegisterPlace | None:
        """A French commune by its INSEE code (the commune a former commune belongs to)."""
        for entries in self._table(country).values():
            for entry in entries:
                if entry[1] == code and entry[4] is None:
                    return RegisterPlace(INSEE, code, entry[0], country, *entry[2:])
        return None

    def to_data(self) -> dict:
        """The registers as plain data for the index cache (read back with ``Registers(data)``)."""
        return {"format": _FORMAT, "rows": self._packed, "sources": self.sources}

    @classmethod
    def build(cls) -> "Registers":
        """Build the registers from countrystatecity-postal-codes and Etalab's INSEE communes, when installed."""
        rows: dict[str, dict[str, list[tuple]]] = {}
        sources: dict[str, str] = {}
        try:
            postal = _postal_localities()
            sources[POSTAL] = f"countrystatecity-postal-codes {_postal_version()}"
        except (ImportError, OSError) as exc:
            log.warning("the postal register cannot be read (%s); reinstall with `make install`", exc)
            postal = {}
        for country, entries in postal.items():
            table = rows.setdefault(country, {})
            for key, *entry in entries:
                table.setdefault(key, []).append(tuple(entry))
        folder = etalab_dir()
        if folder is not None:
            table = rows.setdefault("FR", {})
            for key, *entry in _french_communes(folder):
                table.setdefault(key, []).append(tuple(entry))
            sources[INSEE] = f"{ETALAB_PACKAGE} {_etalab_version(folder)}"
        packed = {country: marshal.dumps(table) for country, table in rows.items()}
        return cls({"format": _FORMAT, "rows": packed, "sources": sources})


def _postal_version() -> str:
    try:
        from importlib.metadata import version

        return version("countrystatecity-postal-codes")
    except Exception:  # noqa: BLE001 - not installed: the register is simply absent
        return "none"


def missing_registers() -> list[str]:
    """What the registers lack on this installation, in words with the fix; ``[]`` when complete.

    The French register comes from npm (``node_modules/``, or ``$PARTNERNET_NODE_MODULES``); without it
    French places that GeoNames does not list stay unresolved (on the real dataset the share of
    resolved municipalities falls from 95.3% to 94.6%).

    Returns
    -------
    list of str
        One sentence per missing register, naming where it was looked for and how to install it.

    Examples
    --------
    >>> missing_registers()
    []
    """
    from graph.i18n.core import _

    missing = []
    if etalab_dir() is None:
        base = os.environ.get("PARTNERNET_NODE_MODULES") or str(ROOT / "node_modules")
        missing.append(_("the French commune register ({package}) is not installed in {base}: French communes "
                         "GeoNames does not list stay unresolved; install it with `make install` (or `npm ci` in the "
                         "project directory)").format(package=ETALAB_PACKAGE, base=base))
    if _postal_version() == "none":
        missing.append(_("the postal register (countrystatecity-postal-codes) is not installed: villages "
                         "GeoNames does not list stay unresolved; install it with `make install`"))
    return missing


_said: set[str] = set()


def warn_missing_registers() -> list[str]:
    """Log each of :func:`missing_registers` as a warning, once per process; return them all."""
    missing = missing_registers()
    for message in missing:
        if message not in _said:
            _said.add(message)
            log.warning(message)
    return missing


@lru_cache(maxsize=1)
def registers() -> Registers:
    """The process-wide registers, kept in the user's cache directory like the gazetteer.

    A missing register is said once per process, as a warning (see :func:`missing_registers`).
    """
    warn_missing_registers()
    version = f"{_postal_version()}-etalab{_etalab_version(etalab_dir())}"
    return cache.read_or_build(cache.cache_file("registers", version, _FORMAT), _FORMAT, Registers,
                               Registers.build, Registers.to_data)
