"""The command line speaks German with PARTNERNET_LANG=de: help, tables, counts with real plurals,
argparse's own errors; English otherwise, and the language does not outlast the command."""

import pytest

import cli
from graph import i18n

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
PAIRS = (HEADER + "Leipzig,Germany,51.34,12.37,Kyiv,Ukraine,50.45,30.52\n"
                  "Dresden,Germany,51.05,13.74,Lviv,Ukraine,49.84,24.03\n"
                  "Leipzig,Germany,51.34,12.37,Dresden,Germany,51.05,13.74\n"
                  "Leipzig,Germany,51.34,12.37,Kraków,Poland,50.06,19.94\n")


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    csv = tmp_path / "pairs.csv"
    csv.write_text(PAIRS, encoding="utf-8")
    store = str(tmp_path / "store")
    assert cli.main(["--data-dir", store, "load", "twin-cities", str(csv)]) == 0
    capsys.readouterr()

    def _run(lang, *args):
        monkeypatch.setenv("PARTNERNET_LANG", lang)
        try:
            code = cli.main(["--data-dir", store, *args])
        except SystemExit as exit_:  # argparse's refusals and --help
            code = exit_.code
        out = capsys.readouterr()
        assert "Traceback" not in out.err
        return code, out.out, out.err
    return _run


def test_search_and_partners_in_german_with_plurals(run):
    code, out, _ = run("de", "search", "Leipzig")
    assert code == 0 and out.splitlines()[0].split() == ["Name", "Art", "Staat", "Land/Region", "ID"]
    code, out, _ = run("de", "partners", "Leipzig")
    assert code == 0 and "Leipzig (DE): 3 Partnerschaften" in out
    assert "Städtepartnerschaft" in out and "seit" in out and "since" not in out and "partnership" not in out
    code, out, _ = run("de", "partners", "Kraków")
    assert "Kraków (PL): 1 Partnerschaft\n" in out
    code, _, err = run("de", "search", "Atlantis")
    assert code == 1 and err == "nichts gefunden für 'Atlantis'\n"


def test_path_region_and_stats_in_german(run):
    code, out, _ = run("de", "path", "Kyiv", "Lviv")
    assert code == 0 and "1 kürzester Weg mit 3 Schritten zwischen Kiew und Lviv" in out and "steps" not in out
    code, out, _ = run("de", "region", "Sachsen", "UA")
    assert code == 0 and out.startswith("2 Partnerschaften von Sachsen (Land/Region) nach Ukraine (Staat)\n")
    assert "Staat des Partners" in out and "partner_country" not in out and "Saxony" not in out
    code, out, _ = run("de", "region", "DE", "UA", "--gaps")
    assert "Länder/Regionen von Deutschland und ihre Partnerschaften mit Ukraine (ohne zuerst)" in out
    assert "\nBayern " in out and "Bavaria" not in out
    code, out, _ = run("de", "stats")
    assert out.startswith("Speicher embedded: 9 Knoten, 9 Beziehungen\n") and "Anzahl" in out and "relationships" not in out


def test_errors_and_help_in_german(run):
    code, _, err = run("de", "path", "Münster", "Kyiv", "--rel", "FOO")
    assert code == 2 and "Fehler: Argument --rel: ungültige Auswahl: 'FOO' (möglich sind 'PARTNER_OF'" in err
    assert "Aufruf: partnernet path" in err and "invalid choice" not in err and "usage" not in err
    code, _, err = run("de", "search", "Leipzig", "--limit", "0")
    assert code == 2 and err.endswith("Argument --limit: der Wert muss eine ganze Zahl von mindestens 1 sein, nicht 0\n")
    code, _, err = run("de", "clear")
    assert code == 1 and err == "Fehler: clear entfernt alle Knoten und Beziehungen; zum Bestätigen mit --yes wiederholen\n"
    code, out, _ = run("de", "export", "--help")
    assert code == 0 and "Beispiel:" in out and "nur dieser Beziehungstyp (wiederholbar)" in out and "example" not in out


def test_load_counts_in_german(run, tmp_path):
    (tmp_path / "one.csv").write_text(HEADER + "Gießen,Germany,50.58,8.67,Winchester,United Kingdom,51.06,-1.31\n",
                                      encoding="utf-8")
    code, out, _ = run("de", "load", "twin-cities", str(tmp_path / "one.csv"))
    assert code == 0 and "der Speicher enthält jetzt 13 Knoten und 12 Beziehungen" in out


def test_english_is_the_default_and_the_language_ends_with_the_command(run):
    code, out, _ = run("en", "partners", "Kraków")
    assert "Kraków (PL): 1 partnership\n" in out and "since" in out and "Partnerschaft" not in out
    code, _, err = run("en", "path", "Münster", "Kyiv", "--rel", "FOO")
    assert "usage: partnernet path" in err and "error: argument --rel: invalid choice: 'FOO'" in err
    run("de", "stats")
    assert i18n.language() == "en"  # the German of a command does not leak into what runs after it
    code, _, err = run("fr", "stats")
    assert code == 1 and err.startswith("error: PARTNERNET_LANG='fr' is not a language partnernet speaks")


def test_suggestions_in_german(run):
    code, out, _ = run("de", "suggest", "Kraków", "UA")
    assert code == 0 and out.startswith("Partner für Kraków (")
    assert "Kriterien, die diese Kandidaten unterscheiden: " in out
    assert "Kiew (UA)  Passung 100/100, erfüllt 1 von 3 Kriterien\n" in out and "fit " not in out and "criteria" not in out


def test_load_summary_in_german(run, tmp_path):
    (tmp_path / "two.csv").write_text(HEADER + "Gießen,Germany,50.58,8.67,Winchester,United Kingdom,51.06,-1.31\n"
                                      ",Germany,50.58,8.67,Ferrara,Italy,44.84,11.62\n", encoding="utf-8")
    code, out, _ = run("de", "load", "twin-cities", str(tmp_path / "two.csv"))
    assert code == 0 and "two.csv: 1 von 2 Zeilen geladen, 1 übersprungen" in out
    assert "  Knoten: " in out and " schon vorhanden); Speicher 9 -> " in out
    assert "übersprungen: " in out and ", Zeile 3, Spalte 'city1': " in out and "(Wert '')" in out
    assert "rows loaded" not in out and "already present" not in out


def test_quality_in_german(run):
    code, out, _ = run("de", "quality")
    assert code == 0 and out.startswith("Kommunen:") and "  mit dem Ortsverzeichnis verknüpft:" in out
    assert "(100,0 %)" in out and "Schreibweisen nach der Art ihrer Zuordnung:\n" in out and "zusammengeführt: " in out
    assert "Paarkonflikte:" in out and "  Name " in out
    for english in ("municipalities", "gazetteer", "unresolved", "merged", "spellings", "alias", "pair conflicts"):
        assert english not in out, english


PAGE = ("Städtepartnerkonferenz 2020\n\nFr 04 Jun 20\n\n"
        "Die Konferenz findet vom 13. bis zum 15. November 2023 in Leipzig statt.\n")


def test_a_conference_page_draft_in_german(run, tmp_path):
    page, draft = tmp_path / "seite.txt", tmp_path / "entwurf.yaml"
    page.write_text(PAGE, encoding="utf-8")
    code, out, err = run("de", "load", "conference-page", str(page), "--draft", str(draft))
    assert code == 0 and "seite.txt: Konferenz 'Städtepartnerkonferenz 2020'" in out
    assert "  Beginn: 2023-11-13\n      aus Zeile 5: Die Konferenz findet" in out and "  Ort: Leipzig (DE)\n" in out
    assert "  Problem: Zeile 3: 'Fr 04 Jun 20': der 04. Juni 2020 ist ein Donnerstag, kein Fr; das Datum wird " \
           "weggelassen" in out
    assert f"Entwurf nach {draft} geschrieben: prüfen" in out
    text = draft.read_text(encoding="utf-8")
    assert text.startswith("# Entwurf aus einer Konferenzseite") and "    # start aus Zeile 5: " in text
    assert "title: Konferenzseite Städtepartnerkonferenz 2020 (Datei seite.txt)" in text
    for english in ("from line", "conference '", "draft written", "problem:", "Thursday", "is a ", "Draft made"):
        assert english not in out + text, english
    code, _, err = run("de", "load", "conference-page", str(page))
    assert code == 0 and err.startswith("nichts geladen: --draft DATEI anfügen")
    code, _, err = run("de", "load", "conference-page", str(draft))
    assert code == 1 and f"{draft} ist ein Entwurf: zum Laden --yes anfügen" in err


def test_a_curated_refusal_in_german(run, tmp_path):
    folder = tmp_path / "kuratiert"
    folder.mkdir()
    for name, text in {
            "sources.yaml": "- key: s\n  title: Eine Quelle\n  url: https://example.org/\n",
            "organisations.yaml": "- key: skew\n  name: SKEW\n  kind: agency\n  country: DE\n  sources: [s]\n",
            "conferences.yaml": "- key: c\n  title: Eine Konferenz\n  status: held\n  organisers:\n"
                                "    - {org: skwe, role: organiser}\n  start: 13.11.2023\n  sources: [s]\n"}.items():
        (folder / name).write_text(text, encoding="utf-8")
    code, _, err = run("de", "load", "curated", str(folder))
    assert code == 1 and "2 Probleme in den kuratierten Daten; nichts wurde geschrieben" in err
    assert ("conferences.yaml, Zeile 4: Konferenz 'c', Feld 'organisers': unbekannter Schlüssel (Organisation); "
            "erwartet wird ein Schlüssel aus organisations.yaml (Wert 'skwe')") in err
    assert "Feld 'start': kein Datum; JJJJ-MM-TT, JJJJ-MM oder JJJJ verwenden" in err and "(Wert '13.11.2023')" in err
    for english in ("problem", "curated data", "line ", "field ", "unknown", "not a date", "value "):
        assert english not in err, english
