"""The pair-table loader: formats, encodings, delimiters, bad rows, strict mode."""

import pytest

from graph.queries.search import search
from graph.errors import InputError
from graph.model import PARTNER_OF
from loaders.twin_cities import load_twin_cities, read_twin_cities

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


def write(tmp_path, text, name="pairs.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def partner_pairs(store):
    names = {n.id: n.name for n in store.nodes("Municipality")}
    return sorted(tuple(sorted((names[e.source], names[e.target]))) for e in store.edges(PARTNER_OF))


@pytest.mark.parametrize("text, encoding", [
    (HEADER + "Leipzig,Germany,51.34,12.37,Kraków,Poland,50.06,19.94\n", "utf-8"),
    ("\ufeff" + HEADER + "Leipzig,Germany,51.34,12.37,Kraków,Poland,50.06,19.94\n", "utf-8"),
    ("city1;country1;city2;country2\r\nLeipzig;Deutschland;Kraków;Polen\r\n", "cp1252"),
    ("Stadt1;Land1;Stadt2;Land2;Art;Seit\nLeipzig;Deutschland;Kraków;Polen;Städtepartnerschaft;1995\n", "cp1252"),
    ("city1\tcountry1\tcity2\tcountry2\nLeipzig\tGermany\tKraków\tPoland\n", "utf-8"),
    ("city1,country1,city2,country2\n\"Leipzig\",\"Germany\",\"Kraków\",\"Poland\"\n", "utf-8"),
])
def test_formats_and_encodings_are_detected(tmp_path, memory_store, text, encoding):
    report = load_twin_cities(memory_store, write(tmp_path, text, encoding=encoding))
    assert report.rows_loaded == 1 and not report.problems
    assert partner_pairs(memory_store) == [("Kraków", "Leipzig")]
    krakow = search(memory_store, "Kraków")[0]
    assert krakow.get("country") == "PL"


def test_delimiter_and_encoding_can_be_chosen(tmp_path, memory_store):
    path = write(tmp_path, "city1|country1|city2|country2\nGießen|Germany|Kraków|Poland\n", encoding="cp1252")
    load_twin_cities(memory_store, path, delimiter="|", encoding="cp1252")
    assert partner_pairs(memory_store) == [("Gießen", "Kraków")]
    with pytest.raises(InputError, match=r"pairs.csv, line 2: bytes b'\\xdf' are not valid utf-8"):
        read_twin_cities(path, delimiter="|", encoding="utf-8")


def test_kind_since_and_source_columns(tmp_path, memory_store):
    path = write(tmp_path, "city1,country1,city2,country2,kind,since,source\n"
                           "Münster,Germany,Lviv,Ukraine,Solidaritätspartnerschaft,2022,https://example.org/x\n")
    load_twin_cities(memory_store, path)
    (edge,) = memory_store.edges(PARTNER_OF)
    assert edge.props["kind"] == "solidarity" and edge.props["since"] == 2022
    assert edge.props["sources"] == ["source:file-pairs-csv", "source:https-example-org-x"]
    assert memory_store.get("source:https-example-org-x").get("url") == "https://example.org/x"


def test_missing_columns_are_refused_before_anything_is_written(tmp_path, memory_store):
    path = write(tmp_path, "city1,country1,city2\nLeipzig,Germany,Kraków\n")
    with pytest.raises(InputError) as err:
        load_twin_cities(memory_store, path)
    assert str(err.value).startswith("pairs.csv: missing column 'country2'; expected city1,country1,city2,country2")
    assert memory_store.stats().node_count == 0


BAD_ROWS = [
    ("Leipzig,Germany,51.3,12.3,,Poland,50,19", 2, "city2", "", "empty city name"),
    ("Leipzig,Germany,51.3,12.3,Leipzig,Germany,51.3,12.3", 2, "", "Leipzig / Leipzig", "a place cannot be its own partner"),
    ("Leipzig,Germany,51.3,12.3,Kraków,Poland,50,19,extra", 2, "", "extra", "more values than the 8 columns"),
]


@pytest.mark.parametrize("row, line, column, value, message", BAD_ROWS)
def test_bad_rows_are_reported_with_file_line_column_and_value(tmp_path, memory_store, row, line, column, value, message):
    good = "Münster,Germany,51.96,7.62,Lublin,Poland,51.25,22.57"
    path = write(tmp_path, HEADER + row + "\n" + good + "\n")
    report = load_twin_cities(memory_store, path)
    assert report.rows_read == 2 and report.rows_loaded == 1
    (problem,) = report.problems
    assert (problem.file, problem.line, problem.column, problem.value) == ("pairs.csv", line, column, value)
    assert message in problem.message
    assert partner_pairs(memory_store) == [("Lublin", "Münster")]
    assert f"pairs.csv, line {line}" in report.summary()


@pytest.mark.parametrize("row, column, value, message", [
    ("Leipzig,Germany,north,12.3,Kraków,Poland,50,19", "lat1", "north", "coordinate is not a number"),
    ("Leipzig,Germany,51.3,12.3,Kraków,Poland,50,191", "lng2", "191", "coordinate out of range (-180 to 180)"),
])
def test_an_unreadable_coordinate_is_reported_and_the_pair_loads(tmp_path, memory_store, row, column, value, message):
    report = load_twin_cities(memory_store, write(tmp_path, HEADER + row + "\n"))
    assert report.rows_loaded == 1 and not report.problems
    (warning,) = report.warnings
    assert (warning.file, warning.line, warning.column, warning.value) == ("pairs.csv", 2, column, value)
    assert message in warning.message
    assert partner_pairs(memory_store) == [("Kraków", "Leipzig")]
    assert f"value ignored, row loaded: pairs.csv, line 2, column '{column}'" in report.summary()


@pytest.mark.parametrize("row, line, column, value, message", BAD_ROWS)
def test_strict_mode_writes_nothing(tmp_path, memory_store, row, line, column, value, message):
    path = write(tmp_path, HEADER + "Münster,Germany,51.96,7.62,Lublin,Poland,51.25,22.57\n" + row + "\n")
    with pytest.raises(InputError) as err:
        load_twin_cities(memory_store, path, strict=True)
    assert "pairs.csv, line 3" in str(err.value) and "nothing was written" in str(err.value)
    assert memory_store.stats().node_count == 0


def test_rows_without_country_take_it_from_the_city_text(tmp_path, memory_store):
    load_twin_cities(memory_store, write(tmp_path, HEADER + "Rostock,Germany,54.08,12.13,\"Varna, Bulgaria\",,43.2,27.9\n"))
    varna = search(memory_store, "Varna")[0]
    assert (varna.name, varna.get("country")) == ("Varna", "BG")


def test_uk_nations_become_gb_with_the_nation_as_subdivision(tmp_path, memory_store):
    text = HEADER + "Portsmouth,England,,,Caen,France,,\nCardiff,\"Wales, United Kingdom\",,,Nantes,France,,\n"
    load_twin_cities(memory_store, write(tmp_path, text))
    portsmouth, cardiff = search(memory_store, "Portsmouth")[0], search(memory_store, "Cardiff")[0]
    assert (portsmouth.get("country"), portsmouth.get("subdivision")) == ("GB", "GB-ENG")
    assert (cardiff.get("country"), cardiff.get("subdivision")) == ("GB", "GB-WLS")


def test_loading_twice_changes_nothing(tmp_path, memory_store):
    path = write(tmp_path, HEADER + "Leipzig,Germany,51.34,12.37,Kraków,Poland,50.06,19.94\n"
                                    "Leipzig,Germany,51.34,12.37,Kyiv,Ukraine,50.45,30.52\n")
    load_twin_cities(memory_store, path)
    first = memory_store.stats()
    load_twin_cities(memory_store, path)
    assert memory_store.stats() == first


def test_empty_file_and_missing_file(tmp_path, memory_store):
    with pytest.raises(InputError, match="empty.csv is empty; expected a header row"):
        load_twin_cities(memory_store, write(tmp_path, "", name="empty.csv"))
    with pytest.raises(InputError, match="cannot read .*nope.csv"):
        load_twin_cities(memory_store, tmp_path / "nope.csv")
