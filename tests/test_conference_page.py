"""Conference pages: dates, status words, place, organisers from pages the tests write, and the seeds."""

from pathlib import Path

import pytest
import yaml

import cli
from graph.queries.conferences import conference_table, shown_status
from graph.store.embedded import EmbeddedStore
from loaders.conference_draft import draft_yaml, load_draft, read_draft, record_from_review, source_entry
from loaders.conference_page import draft_from_text, read_conference_page
from loaders.draft_score import score

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def one(text: str):
    drafts = draft_from_text(text, "test-page.txt")
    assert len(drafts) == 1
    return drafts[0]


@pytest.mark.parametrize("written, start, end", [
    ("28. - 30.06.2017", "2017-06-28", "2017-06-30"),
    ("Die Konferenz findet vom 13. bis zum 15. November 2023 in Leipzig statt.", "2023-11-13", "2023-11-15"),
    ("Do 04 Jun 20\nFr 05 Jun 20", "2020-06-04", "2020-06-05"),
    ("Do 04 Jun 20 / Fr 05 Jun 20", "2020-06-04", "2020-06-05"),
    ("25. - 27. Nov. 2020", "2020-11-25", "2020-11-27"),
    ("The conference takes place from 30 June to 2 July 2021.", "2021-06-30", "2021-07-02"),
    ("Die Tagung ist am 17. September 2024.", "2024-09-17", None),
])
def test_each_date_form(written, start, end):
    draft = one(f"Städtepartnerkonferenz 2024\n\n{written}\n")
    assert draft.record.get("start") == start
    assert draft.record.get("end") == end


def test_an_impossible_date_is_reported_not_guessed():
    draft = one("Partnership Conference 2020\n\nThe ministers meet in Leipzig, 31st November and 1st December 2020.\n")
    assert "start" not in draft.record and "end" not in draft.record
    assert any("31 November 2020 does not exist" in p for p in draft.problems)


def test_a_weekday_that_does_not_fit_the_date_is_reported():
    draft = one("Jahrestreffen 2020\n\nFr 04 Jun 20\n")
    assert "start" not in draft.record
    assert any("04 June 2020 is a Thursday, not Fr" in p for p in draft.problems)


def test_deadlines_and_new_dates_are_not_the_conference_dates():
    draft = one("Jahreskonferenz 2020\n\nCall for sessions is open until 17 January 2020.\n25. - 27. Nov. 2020\n"
                "Die Veranstaltung wird auf den 3. und 4. Dezember 2020 verschoben!\n")
    assert (draft.record["start"], draft.record["end"]) == ("2020-11-25", "2020-11-27")
    assert draft.record["status"] == "postponed"
    assert "3. und 4. Dezember 2020 verschoben" in draft.record["note"]


@pytest.mark.parametrize("sentence, status", [
    ("Die Konferenz wurde abgesagt.", "cancelled"),
    ("Die Konferenz wird verschoben.", "postponed"),
    ("The conference has been postponed.", "postponed"),
    ("The conference is cancelled.", "cancelled"),
    ("Die Konferenz fand vom 1. bis 2. März 2019 in Leipzig statt.", "held"),
    ("The conference took place in Leipzig.", "held"),
    ("Die Konferenz findet vom 1. bis 2. März 2030 in Leipzig statt.", "planned"),
    ("Call for abstracts will open in February.", "planned"),
])
def test_each_status_word(sentence, status):
    draft = one(f"Partnerschaftskonferenz 2030\n\n{sentence}\n")
    assert draft.record["status"] == status
    assert sentence.rstrip(".") in draft.evidence["status"]


def test_no_status_word_no_status():
    draft = one("Partnerschaftskonferenz 2030\n\nEin Text ohne Hinweis.\n")
    assert "status" not in draft.record
    assert any("says nothing about the status" in p for p in draft.problems)


def test_html_page_title_place_venue_organisers_languages_edition(tmp_path):
    page = tmp_path / "konferenz.html"
    page.write_text(
        "<html><head><title>x</title><script>var t = 'Konferenz in Berlin';</script></head><body>"
        "<nav>Startseite</nav><h1>Sechste Städtepartnerkonferenz 2026</h1>"
        "<p>Die sechste Städtepartnerkonferenz wird vom 3. bis zum 5. März 2026 in Leipzig stattfinden.</p>"
        "<p>Die Konferenz wird in der Kongresshalle am Zoo in Leipzig stattfinden.</p>"
        "<p>Die Konferenz ist eine Veranstaltung der Engagement Global in Kooperation mit dem Deutschen Städtetag.</p>"
        "<p>Connective Cities gestaltet ein Fachforum zur Digitalisierung.</p>"
        "<p>Die Veranstaltung wird auf Deutsch und Englisch durchgeführt.</p></body></html>",
        encoding="utf-8")
    draft = read_conference_page(page)[0]
    rec = draft.record
    assert rec["title"] == "Sechste Städtepartnerkonferenz 2026"
    assert rec["edition"] == 6
    assert (rec["start"], rec["end"], rec["status"]) == ("2026-03-03", "2026-03-05", "planned")
    assert rec["place"] == {"name": "Leipzig", "country": "DE"} and rec["venue"] == "Kongresshalle am Zoo"
    assert {(o["org"], o["role"]) for o in rec["organisers"]} == {
        ("skew", "organiser"), ("deutscher-staedtetag", "co-organiser"), ("connective-cities", "partner")}
    assert rec["languages"] == ["de", "en"] and "digitalisation" in rec["themes"]
    assert "Berlin" not in str(rec)  # script text is not page text


def test_a_page_without_place_gets_none(tmp_path):
    draft = one("Jahrestreffen 2020 der Mitglieder\n\nDas Treffen findet am 4. Juni 2020 statt.\n")
    assert "place" not in draft.record and "organisers" not in draft.record


def test_draft_yaml_round_trip_and_load(tmp_path):
    page = tmp_path / "treffen.txt"
    page.write_text("Partnerschaftskonferenz Musterland 2019\n\nDie Konferenz fand vom 2. bis 3. Mai 2019 in "
                    "Krasnodar statt.\nDie Konferenz ist eine Veranstaltung des Deutsch-Russischen Forums.\n",
                    encoding="utf-8")
    drafts = read_conference_page(page)
    text = draft_yaml(drafts, source_entry(page))
    assert "# start from line 3: Die Konferenz fand vom 2. bis 3. Mai 2019 in Krasnodar statt" in text
    out = tmp_path / "draft.yaml"
    out.write_text(text, encoding="utf-8")
    sources, conferences, file = read_draft(out)
    store = EmbeddedStore.memory()
    report = load_draft(store, sources, conferences, file=file)
    table = conference_table(store)
    row = table[table["title"] == "Partnerschaftskonferenz Musterland 2019"].iloc[0]
    assert (row["start"], row["end"], row["place"], row["status"]) == ("2019-05-02", "2019-05-03", "Krasnodar", "held")
    assert row["organisers"] == "Deutsch-Russisches Forum e.V. (organiser)"
    source = store.get("source:page-treffen-txt")
    assert source is not None and source.get("file") == "treffen.txt"
    assert report.rows_loaded == 1


def test_a_bad_draft_value_names_file_line_and_value(tmp_path):
    out = tmp_path / "draft.yaml"
    out.write_text("sources:\n  - {key: page-x, title: X, file: x.txt}\nconferences:\n"
                   "  - key: x-2020\n    title: X\n    status: maybe\n    sources: [page-x]\n", encoding="utf-8")
    code = cli.main(["--data-dir", str(tmp_path / "store"), "load", "conference-page", str(out), "--yes"])
    assert code == 1


def test_cli_writes_a_draft_and_loads_nothing_without_yes(tmp_path, capsys):
    page = tmp_path / "seite.txt"
    page.write_text("Städtepartnerkonferenz 2021\n\nDie Konferenz findet vom 1. bis 2. Juli 2021 in Leipzig statt.\n",
                    encoding="utf-8")
    draft = tmp_path / "entwurf.yaml"
    args = ["--data-dir", str(tmp_path / "s"), "load", "conference-page", str(page), "--draft", str(draft)]
    assert cli.main(args) == 0
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert data["conferences"][0]["start"] == "2021-07-01"
    assert "draft written to" in capsys.readouterr().out
    assert not EmbeddedStore(tmp_path / "s").nodes("Conference")


def test_an_empty_page_is_refused_with_its_name(tmp_path, capsys):
    page = tmp_path / "leer.html"
    page.write_bytes(b"")
    assert cli.main(["--data-dir", str(tmp_path / "s"), "load", "conference-page", str(page)]) == 1
    assert "leer.html: the file is empty" in capsys.readouterr().err


def test_planned_conference_after_its_date_shows_held_date_passed():
    import datetime as dt

    assert shown_status("planned", "2025-06-16", "2025-06-18", dt.date(2026, 1, 1)) == "held (date passed)"
    assert shown_status("planned", "2025-09", None, dt.date(2025, 9, 15)) == "planned"
    assert shown_status("cancelled", "2020-06-04", None, dt.date(2026, 1, 1)) == "cancelled"


# --- the seeds: pages as they come -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_scores():
    if not SEEDS.is_dir() or not any(SEEDS.iterdir()):
        pytest.skip(f"the seed pages are not here ({SEEDS}); they come with the shared project files")
    return {(name, key): fields for name, key, fields in score(SEEDS)}


def test_every_seed_draft_is_matched_to_its_curated_record(seed_scores):
    keys = {key for _, key in seed_scores}
    assert None not in keys
    assert {"urp-2020", "difu-jahrestreffen-2020", "deutsch-russische-staedtepartnerkonferenz-14",
            "deutsch-ukrainische-partnerschaftskonferenz-6", "deutsch-ukrainische-partnerschaftskonferenz-7"} <= keys


def test_seed_dates_and_places_agree_with_the_curated_records(seed_scores):
    assert all(f["dates"] and f["place"] for f in seed_scores.values())


def test_seed_single_conference_pages_agree_on_title_and_organisers(seed_scores):
    for (name, key), fields in seed_scores.items():
        if not name.startswith("004"):  # the overview page names no organiser (it speaks as "wir")
            assert fields["title"] and fields["organisers"], (name, fields)


def test_seed_statuses_differ_only_where_the_page_is_an_announcement(seed_scores):
    differs = [key for (_, key), f in seed_scores.items() if not f["status"]]
    # the Connective Cities page announces the 6th conference; SKEW's report says it was held
    assert differs == ["deutsch-ukrainische-partnerschaftskonferenz-6"]


def test_reviewed_draft_values_become_a_record():
    import pandas as pd


    edited = pd.DataFrame([
        {"field": "title", "value": "Städtepartnerkonferenz 2026", "source sentence": "line 1"},
        {"field": "edition", "value": "6", "source sentence": ""},
        {"field": "place", "value": "{name: Leipzig, country: DE}", "source sentence": ""},
        {"field": "organisers", "value": "[{org: skew, role: organiser}]", "source sentence": ""},
        {"field": "venue", "value": "", "source sentence": ""},
    ])
    assert record_from_review(edited.to_dict("records"), ["page-x"]) == {
        "title": "Städtepartnerkonferenz 2026", "edition": 6, "place": {"name": "Leipzig", "country": "DE"},
        "organisers": [{"org": "skew", "role": "organiser"}], "sources": ["page-x"]}


def test_an_unedited_review_gives_back_the_draft():
    from loaders.conference_draft import review_rows

    draft = one("Städtepartnerkonferenz 2023\n\nDie Konferenz findet vom 13. bis zum 15. November 2023 in Leipzig statt.\n")
    record = record_from_review(review_rows(draft), draft.record["sources"])
    assert record["start"] == "2023-11-13" and record["end"] == "2023-11-15"
    assert record == {k: v for k, v in draft.record.items() if k != "key"} | {"key": draft.record["key"]}


def test_a_reviewed_value_that_is_not_valid_is_named():
    from graph.errors import InputError

    with pytest.raises(InputError, match=r"field 'place': '\{name: Leipzig' is not valid"):
        record_from_review([{"field": "place", "value": "{name: Leipzig"}], ["page-x"])


def test_publisher_organises_the_conferences_its_page_calls_its_own():
    text = ("Unsere Angebote\nRegionalkonferenz Nord\nWir laden Sie herzlich zu unseren Konferenzen ein.\n"
            "Die dritte Konferenz findet vom 1. bis 2. Juli 2030 in Leipzig statt.\n"
            "Die zweite Konferenz fand im Mai 2027 in Münster statt.\n")
    drafts = draft_from_text(text, "seite.txt", publisher="Engagement Global")
    assert [d.record["organisers"] for d in drafts] == [[{"org": "skew", "role": "organiser"}]] * 2
    assert "Wir laden Sie herzlich zu unseren Konferenzen ein" in drafts[0].evidence["organisers"]
    assert [d.record["edition"] for d in drafts] == [3, 2]


def test_publisher_is_not_recorded_when_the_page_does_not_speak_as_organiser():
    draft = draft_from_text("Städtepartnerkonferenz 2030\n\nDie Konferenz findet am 3. Mai 2030 statt.\n",
                            "x.txt", publisher="skew")[0]
    assert "organisers" not in draft.record
    assert any("skew is not recorded as organiser" in p for p in draft.problems)


def test_unknown_publisher_is_refused():
    from graph.errors import InputError

    with pytest.raises(InputError, match="--publisher 'Acme': not a known organisation"):
        draft_from_text("Konferenz 2030\n", "x.txt", publisher="Acme")


def test_seed_overview_page_with_its_publisher_agrees_on_organisers(seed_scores):
    rows = score(SEEDS, {"004_7879fe436e292651.txt": "skew"})
    assert all(fields["organisers"] for _, _, fields in rows)


def test_saved_web_page_in_windows_1252(tmp_path):
    page = tmp_path / "Konferenz – gespeichert.htm"
    page.write_bytes('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
                     '</head><body><h1>Deutsch-Russische Städtepartnerkonferenz 2017</h1>'
                     '<p>Die Konferenz fand vom 28. bis 30. Juni 2017 in Krasnodar statt.</p>'
                     '<p>Sie ist eine Veranstaltung des Deutsch-Russischen Forums in Kooperation mit der '
                     'Stiftung West-Östliche Begegnungen.</p></body></html>'.encode("cp1252"))
    rec = read_conference_page(page)[0].record
    assert rec["title"] == "Deutsch-Russische Städtepartnerkonferenz 2017"
    assert rec["key"] == "deutsch-russische-staedtepartnerkonferenz-14"  # the curated conference
    assert {(o["org"], o["role"]) for o in rec["organisers"]} == {
        ("deutsch-russisches-forum", "organiser"), ("stiftung-west-oestliche-begegnungen", "co-organiser")}
