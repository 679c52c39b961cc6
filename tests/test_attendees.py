"""Attendee lists: municipalities and organisations attend; no person's name is stored or exported."""

import pytest
from openpyxl import Workbook

import cli
from graph.queries.conferences import attendees_without_partner_in, conference_table, find_conferences
from graph.store.embedded import EmbeddedStore
from graph.errors import InputError, NotFound
from graph.export import export
from loaders.attendees import load_attendees
from loaders.curated import load_curated

CONF = "deutsch-ukrainische-partnerschaftskonferenz-6"
PEOPLE = ["Erika Mustermann", "Jürgen Beispielhaft", "Olena Vygadana", "Max Platzhalter", "Anna Erfunden"]
FUNCTIONS = ["Oberbürgermeisterin", "Partnerschaftsbeauftragter", "Міська голова", "Referent", "Leiterin"]
ROWS = [  # Name, Funktion, Organisation/Institution, Kommune/Stadt, Land
    (PEOPLE[0], FUNCTIONS[0], "", "Dresden", "Deutschland"),
    (PEOPLE[1], FUNCTIONS[1], "", "Leipzig", "Deutschland"),
    (PEOPLE[2], FUNCTIONS[2], "", "Kiew", "Ukraine"),
    (PEOPLE[3], FUNCTIONS[3], "Engagement Global", "", "Deutschland"),
    (PEOPLE[4], FUNCTIONS[4], "Stadtwerke Beispielstadt GmbH", "Chemnitz", "Deutschland"),
]


@pytest.fixture
def curated(tmp_path):
    s = EmbeddedStore(tmp_path / "store")
    load_curated(s)
    return s


def excel(path, rows=ROWS, header=("Name", "Funktion", "Organisation/Institution", "Kommune/Stadt", "Land")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_excel_list_loads_and_answers_who_has_no_ukrainian_partner(curated, tmp_path):
    report = load_attendees(curated, excel(tmp_path / "teilnehmende.xlsx"), CONF)
    assert report.rows_loaded == 5
    assert any("columns name, funktion hold personal data and were not read" in n for n in report.notes)
    assert any("created: Stadtwerke Beispielstadt GmbH" in n for n in report.notes)
    confs = find_conferences(curated, "German-Ukrainian")
    frame = attendees_without_partner_in(curated, confs, "UA")
    # Leipzig has Kyiv as partner; Kyiv lies in Ukraine; Münster hosts the 7th conference
    assert sorted(frame["municipality"]) == ["Chemnitz", "Dresden", "Münster"]
    row = conference_table(curated).set_index("id").loc[f"conf:{CONF}"]
    # Leipzig, Kyiv (curated) + Dresden, Chemnitz; organisations BMZ (curated), SKEW, Stadtwerke
    assert (row["municipalities"], row["organisations"]) == (4, 3)


def test_no_persons_name_in_the_store_or_any_export(curated, tmp_path):
    load_attendees(curated, excel(tmp_path / "liste.xlsx"), CONF)
    curated.flush()
    stored = "".join(p.read_bytes().decode("utf-8", "replace") for p in (tmp_path / "store").glob("graph*") if p.is_file())
    sub = curated.subgraph({n.id for n in curated.nodes("Municipality")} | {n.id for n in curated.nodes("Organisation")}
                         | {f"conf:{CONF}"} | {n.id for n in curated.nodes("Source")})
    outputs = [stored] + [export(sub, fmt).decode("utf-8", "replace") for fmt in ("json", "graphml", "gexf", "html")]
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(export(sub, "csv"))) as archive:
        outputs += [archive.read(n).decode("utf-8-sig") for n in archive.namelist()]
    assert "Stadtwerke Beispielstadt GmbH" in stored  # the organisation is there ...
    for text in outputs:
        for secret in PEOPLE + FUNCTIONS:  # ... its people are not
            assert secret not in text


def test_csv_cp1252_english_headers(curated, tmp_path):
    path = tmp_path / "attendees.csv"
    path.write_bytes("Name;Function;Organization;City;Country\n"
                     "Jane Example;Mayor;;Görlitz;Germany\n"
                     "John Sample;Officer;;;\n".encode("cp1252"))
    report = load_attendees(curated, path, CONF)
    assert report.rows_loaded == 1
    assert [str(p) for p in report.problems] == [
        f"{path}, line 3: neither a municipality nor an organisation in this row (value '')"]
    assert "Görlitz" in list(attendees_without_partner_in(curated, [f"conf:{CONF}"], "UA")["municipality"])


def test_list_without_usable_columns_is_refused_naming_file_and_header(curated, tmp_path):
    path = tmp_path / "falsch.csv"
    path.write_text("Name,Telefon\nErika,123\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"falsch.csv: no column for municipalities .* the header has name, telefon"):
        load_attendees(curated, path, CONF)
    assert "Erika".encode() not in (tmp_path / "store" / "graph.arrow").read_bytes()


def test_unknown_country_is_reported_with_line_and_value(curated, tmp_path):
    report = load_attendees(curated, excel(tmp_path / "l.xlsx", rows=[("X", "Y", "", "Dresden", "Atlantis"),
                                                                     ("X", "Y", "", "Leipzig", "DE")]), CONF)
    assert [(p.line, p.value) for p in report.problems] == [(2, "Atlantis")]
    assert "not a country or German Land" in report.problems[0].message


def test_a_german_land_in_the_country_column_is_germany(curated, tmp_path):
    load_attendees(curated, excel(tmp_path / "l.xlsx", rows=[("X", "Y", "", "Görlitz", "Sachsen")]), CONF)
    frame = attendees_without_partner_in(curated, [f"conf:{CONF}"], "UA")
    row = frame[frame["municipality"] == "Görlitz"].iloc[0]
    assert row["country"] == "DE" and row["subdivision"] in ("Sachsen", "Saxony", "DE-SN")


def test_ambiguous_conference_is_refused(curated, tmp_path):
    with pytest.raises(NotFound, match="conferences match 'German-Ukrainian'"):
        load_attendees(curated, excel(tmp_path / "l.xlsx"), "German-Ukrainian")


def test_cli_load_attendees(curated, tmp_path, capsys):
    path = excel(tmp_path / "l.xlsx")
    curated.close()
    code = cli.main(["--data-dir", str(tmp_path / "store"), "load", "attendees", str(path), "--conference", CONF])
    out = capsys.readouterr().out
    assert code == 0 and "5 of 5 rows loaded" in out and "no person's name is stored" in out


def test_participants_agree_in_every_view(curated):
    """The 7th German-Ukrainian conference: Münster hosts it, so it has one participant in the
    table, in the attendee question, in the conference's network and in the Excel export's sheet."""
    from graph.queries.conferences import conference_network
    from graph.export.node_tables import conference_rows

    conf = "conf:deutsch-ukrainische-partnerschaftskonferenz-7"
    row = conference_table(curated).set_index("id").loc[conf]
    assert (row["participants"], row["municipalities"]) == (1, 1)
    assert list(attendees_without_partner_in(curated, [conf], "UA", only_without=False)["municipality"]) == ["Münster"]
    sub = conference_network(curated, conf)
    exported = {r["Id"]: r for r in conference_rows(sub)}[conf]
    assert exported["Participants shown"] == 1
    assert exported["Status"] == "held (date passed)"


def test_attendee_list_on_each_store(store, tmp_path):
    """The same list gives the same answer on the embedded store and on Neo4j."""
    load_curated(store)
    load_attendees(store, excel(tmp_path / "teilnehmende.xlsx"), CONF)
    frame = attendees_without_partner_in(store, find_conferences(store, "German-Ukrainian"), "UA")
    assert sorted(frame["municipality"]) == ["Chemnitz", "Dresden", "Münster"]
    for label in ("Municipality", "Organisation", "Source", "Conference"):
        for node in store.nodes(label):
            assert not any(secret in str(node.props) for secret in PEOPLE + FUNCTIONS)


def test_a_municipality_the_gazetteer_lacks_is_kept_and_reported_once(curated, tmp_path):
    rows = [("X", "Y", "", "Kleinstbeispielhausen", "Deutschland")] * 2
    report = load_attendees(curated, excel(tmp_path / "l.xlsx", rows=rows), CONF)
    assert [n for n in report.notes if "Kleinstbeispielhausen" in n] == [
        "Kleinstbeispielhausen (DE) is not in the gazetteer; kept as written (see `partnernet quality`)"]
    assert "Kleinstbeispielhausen" in list(attendees_without_partner_in(curated, [f"conf:{CONF}"], "UA")["municipality"])
