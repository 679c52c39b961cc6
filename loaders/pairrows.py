"""The cells of one row of a pair table, read into a place per side and a partnership.

Required values (the two names) that are unusable skip the row, reported with file, line, column
and value. Optional values (coordinates, kind, years, status) never do: an unreadable one is left
out, the pair loads, and the value is reported the same way. What was read in a special way
(a kind word we do not know, a name with a lost character, a note in a name cell) is said once per
distinct value in the report's notes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from graph.i18n import _, kind_label, ngettext, number
from graph.geo.countries import CountryMatch, resolve_country, split_city_country
from graph.text import clean, fold

from .cells import DEFAULT_KIND, STATUS_WORDS, parse_kind, parse_year, split_annotation
from .lostchars import has_lost_character, restore
from .report import LoadReport


@dataclass
class Side:
    city: str
    country: CountryMatch | None
    lat: float | None
    lon: float | None


class RowReader:
    """Reads rows of one table; remembers what to say about it once (``finish``)."""

    def __init__(self, report: LoadReport, columns: dict[str, str], resolver) -> None:
        self.report = report
        self.columns = columns
        self.resolver = resolver
        self.unresolved: dict[str, int] = {}
        self.unknown_kinds: dict[str, list[int]] = {}
        self.restored: dict[tuple[str, str | None], tuple[str | None, list[int]]] = {}
        self.annotated: int = 0

    def _header(self, canonical: str) -> str:
        return self.columns.get(canonical, "")

    def _cell(self, row: dict, canonical: str) -> str:
        header = self.columns.get(canonical)
        return clean(row.get(header, "")) if header else ""

    # -- optional values ---------------------------------------------------------------------------
    def coordinate(self, line: int, row: dict, canonical: str, limit: float) -> float | None:
        text = self._cell(row, canonical)
        if not text:
            return None
        column = self.columns[canonical]
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            self.report.warn(line, column, text, _("coordinate is not a number; the place loads without coordinates"))
            return None
        if not math.isfinite(value) or abs(value) > limit:
            self.report.warn(line, column, text, _("coordinate out of range (-{limit} to {limit}); the place loads "
                                                   "without coordinates").format(limit=f"{limit:g}"))
            return None
        return value

    def year(self, line: int, row: dict, canonical: str) -> int | None:
        text = self._cell(row, canonical)
        if not text:
            return None
        year = parse_year(text)
        if year is None:
            self.report.warn(line, self.columns[canonical], text,
                             _("no year in this date (write e.g. 1991, 12.05.1991 or 1991-05-12); left empty"))
        return year

    def kind(self, line: int, row: dict) -> tuple[str, str | None]:
        kind, status, unknown = parse_kind(self._cell(row, "kind"))
        if unknown is not None:
            self.unknown_kinds.setdefault(unknown, []).append(line)
        return kind, status

    def status(self, line: int, row: dict) -> str | None:
        text = self._cell(row, "status")
        key = fold(text)
        if not key or key in ("aktiv", "active", "current", "bestehend", "laufend"):
            return None
        if key in STATUS_WORDS:
            return STATUS_WORDS[key]
        self.report.warn(line, self.columns["status"], text,
                         _("unknown status (use aktiv/active, ruht/suspended or beendet/former); left empty"))
        return None

    # -- the two places ----------------------------------------------------------------------------
    def side(self, line: int, row: dict, n: str, notes: dict) -> Side | None:
        city_column = self.columns[f"city{n}"]
        annotation = split_annotation(row.get(city_column, ""))
        city = annotation.name
        if annotation.note:
            self.annotated += 1
            for key in ("since", "until", "status"):
                value = getattr(annotation, key)
                if value is not None:
                    notes.setdefault(key, value)
        if not fold(city):
            self.report.problem(line, city_column, city, _("empty city name"))
            return None
        country_text = self._cell(row, f"country{n}")
        lat = self.coordinate(line, row, f"lat{n}", 90)
        lon = self.coordinate(line, row, f"lng{n}", 180)
        if country_text:
            country = resolve_country(country_text)
            if country is None:  # never guessed from the text; the resolver may use the coordinates
                self.unresolved[country_text] = self.unresolved.get(country_text, 0) + 1
        else:
            city, country = split_city_country(city)
        if has_lost_character(city):
            city = self._restored(line, city, country, lat, lon)
        return Side(city, country, lat, lon)

    def countries(self, line: int, row: dict, sides: list[Side], resolved: list) -> None:
        """Say, for a row that loads, each place written without a country that none could be found for:
        it is kept as written, not linked, and may be a namesake of the place meant."""
        for n, side, place in zip(("1", "2"), sides, resolved):
            if side.country is not None or place.node.get("country"):
                continue
            column = self.columns[f"country{n}"]
            self.report.keep(line, column, self._cell(row, f"country{n}"), _(
                "no country for {city!r}; the place is kept as written and not linked to the gazetteer (it may be "
                "any place of that name): add the country").format(city=side.city))

    def _restored(self, line: int, city: str, country: CountryMatch | None, lat, lon) -> str:
        code = country.code if country else None
        key = (city, code)
        if key not in self.restored:
            found = restore(city, code, self.resolver.gazetteer, lat, lon)
            self.restored[key] = (found[0] if found else None, [])
        name, lines = self.restored[key]
        lines.append(line)
        return name or city

    def finish(self) -> None:
        """Put the notes about the whole table into the report, one per distinct value."""
        notes = self.report.notes
        for text, count in sorted(self.unresolved.items()):
            notes.append(ngettext("country {text!r} ({n} place) is not a country we can resolve with confidence; "
                                  "that place takes the country at its coordinates (as the gazetteer files them), "
                                  "or none when it has no coordinates",
                                  "country {text!r} ({n} places) is not a country we can resolve with confidence; "
                                  "those places take the country at their coordinates (as the gazetteer files them), "
                                  "or none when they have no coordinates", count).format(text=text, n=number(count)))
        for text, lines in sorted(self.unknown_kinds.items()):
            notes.append(_("partnership kind {text!r} ({where}) is not one we know; loaded as {kind!r}. Known: "
                           "P/Partnerschaft/twin, F/Freundschaft/friendship, K/Kontakt/contact, Projekt/project, "
                           "Solidarität/solidarity, Klima/climate").format(text=text, where=_lines(lines),
                                                                          kind=kind_label(DEFAULT_KIND)))
        for (city, code), (name, lines) in sorted(self.restored.items()):
            where = _lines(lines)
            if name:
                notes.append(_("{city!r} ({where}) has '?' where a letter was lost when the file was saved (Excel "
                               "writes '?' for letters its encoding lacks); read as {name!r}, the gazetteer's place "
                               "of that country. Save the file as 'CSV UTF-8' to keep every letter").format(
                    city=city, where=where, name=name))
            else:
                notes.append((_("{city!r} ({where}) has '?' where a letter was probably lost when the file was saved; "
                                "no place in {country} fits, so it was kept as written. Save the file as 'CSV UTF-8' "
                                "and load it again") if code else
                              _("{city!r} ({where}) has '?' where a letter was probably lost when the file was saved; "
                                "no place of unknown country fits, so it was kept as written. Save the file as "
                                "'CSV UTF-8' and load it again")).format(city=city, where=where, country=code))
        if self.annotated:
            notes.append(ngettext("{n} name cell held a note such as '(seit 1990)' or '(ruht)'; it was taken as the "
                                  "partnership's since/until/status and left out of the name",
                                  "{n} name cells held a note such as '(seit 1990)' or '(ruht)'; it was taken as the "
                                  "partnership's since/until/status and left out of the name",
                                  self.annotated).format(n=number(self.annotated)))


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    if len(lines) > 5:
        shown = ngettext("{names} and {n} more", "{names} and {n} more", len(lines) - 5).format(
            names=shown, n=number(len(lines) - 5))
    return ngettext("line {lines}", "lines {lines}", len(lines)).format(lines=shown)
