"""One error tree end to end: every bad value a user can type is refused before any work, naming the
value and the allowed ones; nothing fails silently; no traceback reaches the user."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

import cli
from commandline import commands
from graph.errors import PartnernetError, SetupError, UsageError
from graph.geo import cache, registers
from graph.store.embedded import EmbeddedStore

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
# two Saxon towns that are partners of each other, each with a Ukrainian partner
SAXONY_UKRAINE = (HEADER + "Leipzig,Germany,51.34,12.37,Kyiv,Ukraine,50.45,30.52\n"
                           "Dresden,Germany,51.05,13.74,Lviv,Ukraine,49.84,24.03\n"
                           "Leipzig,Germany,51.34,12.37,Dresden,Germany,51.05,13.74\n"
                           "Leipzig,Germany,51.34,12.37,Kraków,Poland,50.06,19.94\n")


@pytest.fixture
def run(tmp_path, capsys):
    def _run(*args):
        code = cli.main(["--data-dir", str(tmp_path / "store"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run


@pytest.fixture
def refused(tmp_path, capsys):
    """Run a command line argparse refuses: exit code 2 and the message, before any store is opened."""
    def _refused(*args):
        with pytest.raises(SystemExit) as exit_:
            cli.main(["--data-dir", str(tmp_path / "store"), *args])
        err = capsys.readouterr().err
        assert exit_.value.code == 2 and "Traceback" not in err
        assert not (tmp_path / "store").exists()  # refused before any work
        return err
    return _refused


@pytest.fixture
def saxony(run, tmp_path):
    csv = tmp_path / "pairs.csv"
    csv.write_text(SAXONY_UKRAINE, encoding="utf-8")
    assert run("load", "twin-cities", str(csv))[0] == 0
    return EmbeddedStore(tmp_path / "store")


# -- options: the value and the allowed ones, before any work ------------------------------------------


def test_unknown_relationship_type_of_path_is_refused_with_the_allowed_ones(refused):
    err = refused("path", "Münster", "Kyiv", "--rel", "FOO")
    assert "argument --rel: invalid choice: 'FOO'" in err and "'PARTNER_OF'" in err and "'ATTENDS'" in err


def test_unknown_relationship_type_of_export_writes_nothing(refused, tmp_path):
    err = refused("export", str(tmp_path / "x.xlsx"), "--centre", "Leipzig", "--rel", "BAR")
    assert "invalid choice: 'BAR'" in err and "'PARTNER_OF'" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_unknown_kind_and_delimiter_and_label_are_refused(refused, tmp_path):
    assert "invalid choice: 'BAR'" in refused("export", str(tmp_path / "x.zip"), "--centre", "Leipzig", "--kind", "BAR")
    err = refused("export", str(tmp_path / "x.zip"), "--centre", "Leipzig", "--delimiter", "ab")
    assert "argument --delimiter: invalid choice: 'ab'" in err and "'tab'" in err
    err = refused("search", "Leipzig", "--label", "Town")
    assert "invalid choice: 'Town'" in err and "'Municipality'" in err
    err = refused("load", "twin-cities", "x.csv", "--encoding", "ebcdic")
    assert "invalid choice: 'ebcdic'" in err and "'utf-16'" in err


@pytest.mark.parametrize("args, option, value", [
    (("search", "Leipzig", "--limit", "-1"), "--limit", "at least 1, not -1"),
    (("path", "Münster", "Kyiv", "--max-depth", "-5"), "--max-depth", "at least 1, not -5"),
    (("suggest", "Gießen", "Ghana", "--limit", "0"), "--limit", "at least 1, not 0"),
    (("insights", "DE", "PL", "--top", "ten"), "--top", "at least 1, not 'ten'"),
])
def test_counts_below_their_minimum_are_refused(refused, args, option, value):
    err = refused(*args)
    assert err.endswith(f"error: argument {option}: the value must be a whole number of {value}\n")


def test_output_that_is_a_directory_or_lies_under_a_file_is_refused(refused, tmp_path):
    err = refused("export", str(tmp_path), "--centre", "Leipzig")
    assert f"'{tmp_path}' is a directory; give a file name in it" in err
    (tmp_path / "afile").write_text("x")
    err = refused("quality", "--csv", str(tmp_path / "afile" / "out.csv"))
    assert "is a file, not a directory" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
def test_a_write_that_fails_is_one_line(run, saxony):
    from graph.export import files

    code, _, err = run("export", "/dev/full", "--format", "json", "--centre", "Leipzig")
    assert code == 1 and err == "error: cannot write /dev/full: No space left on device\n"
    with pytest.raises(PartnernetError, match="cannot write /dev/full: No space left on device"):
        files.write_output("/dev/full", "text")


# -- the library refuses the same values with the same words --------------------------------------------


def test_library_values_raise_usage_errors_naming_value_and_choices(saxony):
    from graph.queries.paths import connection_paths
    from graph.queries.regional import partnership_matrix, resolve_area
    from graph.queries.selections import region_partnerships
    from graph.queries.suggest import suggest_partners
    from graph.store import cypher

    leipzig, kyiv = (resolve_area(saxony, n).id for n in ("Leipzig", "Kyiv"))
    with pytest.raises(UsageError, match="unknown partnership kind 'BAR'; use one of twin, friendship"):
        saxony.neighbourhood(leipzig, partner_kinds=["BAR"])
    with pytest.raises(UsageError, match="unknown relationship type 'FOO'; use one of PARTNER_OF"):
        connection_paths(saxony, leipzig, kyiv, rel_types=["FOO"])
    with pytest.raises(UsageError, match="max_depth must be a whole number of at least 1, not -5"):
        connection_paths(saxony, leipzig, kyiv, max_depth=-5)
    with pytest.raises(UsageError, match="unknown weight"):
        suggest_partners(saxony, leipzig, resolve_area(saxony, "UA"), weights={"luck": 1})
    with pytest.raises(UsageError, match="rows must be"):
        partnership_matrix(region_partnerships(saxony, resolve_area(saxony, "DE"), resolve_area(saxony, "UA")), "x")
    with pytest.raises(UsageError, match="'KNOWS' is not a relationship type"):
        cypher._rel("KNOWS")
    with pytest.raises(UsageError, match="unknown partnership kind 'BAR'"):
        region_partnerships(saxony, resolve_area(saxony, "Sachsen"), resolve_area(saxony, "UA"), ["BAR"])


def test_unexpected_failure_is_one_line_and_details_come_with_verbose(run, monkeypatch):
    def broken(args, store):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(commands, "cmd_stats", broken)
    code, _, err = run("stats")
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1
    assert err == "error: RuntimeError: something inside broke (an unexpected failure; run with -v for details)\n"
    code, _, err = run("-v", "stats")
    assert code == 1 and "Traceback" in err and "something inside broke" in err


# -- the README's examples ----------------------------------------------------------------------------


def test_region_gaps_of_a_land_counts_the_laender_of_its_country(run, saxony):
    code, out, err = run("region", "Sachsen", "Ukraine", "--gaps")
    assert code == 0 and err == ""
    assert out.startswith("2 partnerships from Saxony (subdivision) to Ukraine (country)")
    assert "subdivisions of Germany and their partnerships with Ukraine (none first)" in out
    gaps = out.split("(none first)\n", 1)[1].splitlines()
    assert gaps[0].split() == ["subdivision", "municipalities", "with_partner", "partnerships"]
    assert gaps[-1].split() == ["Saxony", "2", "2", "2"]  # Leipzig and Dresden, one Ukrainian partner each
    assert len(gaps) == 1 + 16 and gaps[1].split()[-1] == "0"  # all 16 Länder, those without any first


def test_region_gaps_of_a_region_is_refused_before_the_table(run, saxony):
    code, out, err = run("region", "EU", "Ukraine", "--gaps")
    assert code == 1 and out == ""
    assert err.startswith("error: coverage gaps count the subdivisions of one country; 'European Union' is a region")


def test_region_export_holds_the_listed_partnerships_as_the_app_shows_them(run, saxony, tmp_path):
    from app_pages import answers
    from graph.queries.regional import resolve_area

    code, out, _ = run("export", str(tmp_path / "sn-ua.json"), "--from", "Sachsen", "--to", "Ukraine")
    assert code == 0 and "4 nodes, 2 relationships" in out
    data = json.loads((tmp_path / "sn-ua.json").read_text(encoding="utf-8"))
    cli_edges = {frozenset((e["source"], e["target"])) for e in data.get("links", data.get("edges", []))}
    origin, target = resolve_area(saxony, "Sachsen"), resolve_area(saxony, "Ukraine")
    app_sub = answers.partnership_subgraph(saxony, "test", answers.existing(saxony, "test", origin, target))
    assert cli_edges == {frozenset((e.source, e.target)) for e in app_sub.edges}
    assert {n["id"] for n in data["nodes"]} == set(app_sub.nodes)
    names = {app_sub.nodes[i].name for pair in cli_edges for i in pair}
    assert names == {"Leipzig", "Kyiv", "Dresden", "Lviv"}  # Leipzig–Dresden is not a Saxony–Ukraine partnership


def test_region_export_by_kind_keeps_table_and_graph_together(run, saxony, tmp_path):
    code, out, _ = run("export", str(tmp_path / "x.json"), "--from", "Sachsen", "--to", "UA", "--kind", "climate")
    assert code == 0 and "0 nodes, 0 relationships" in out


def test_strict_demo_load_with_broken_curated_data_writes_nothing(run, tmp_path):
    broken = tmp_path / "curated"
    shutil.copytree(Path(cli.__file__).parent / "data" / "curated", broken)
    text = (broken / "conferences.yaml").read_text(encoding="utf-8")
    (broken / "conferences.yaml").write_text(text.replace("status: held", "status: maybe", 1), encoding="utf-8")
    code, out, err = run("load", "demo", str(broken), "--strict")
    assert code == 1 and "Traceback" not in err
    assert "1 problem in the curated data; nothing was written" in err
    assert "conferences.yaml, line" in err and "not one of planned, held, postponed, cancelled (value 'maybe')" in err
    code, out, _ = run("stats")
    assert out.startswith("embedded store: 0 nodes, 0 relationships")  # not even the regions


# -- nothing silent ---------------------------------------------------------------------------------------


def test_missing_french_register_is_said_once_with_the_fix(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERNET_NODE_MODULES", str(tmp_path / "empty"))
    monkeypatch.setattr(registers, "_said", set())
    (tmp_path / "empty").mkdir()
    message = registers.missing_registers()
    assert len(message) == 1 and "@etalab/decoupage-administratif" in message[0]
    assert str(tmp_path / "empty") in message[0] and "make install" in message[0] and "npm ci" in message[0]
    csv = tmp_path / "pairs.csv"
    csv.write_text(HEADER + "Leipzig,Germany,51.34,12.37,Lyon,France,45.76,4.83\n", encoding="utf-8")
    code, out, err = run("load", "twin-cities", str(csv))
    assert code == 0 and err.count("French commune register") == 1
    assert f"warning: {message[0]}" in err
    code, out, err = run("load", "twin-cities", str(csv))
    assert "French commune register" not in err  # once per process
    monkeypatch.delenv("PARTNERNET_NODE_MODULES")
    assert registers.missing_registers() == []  # the installed register is found again


def test_verbose_says_what_is_done_and_the_default_is_quiet(run, tmp_path):
    csv = tmp_path / "pairs.csv"
    csv.write_text(HEADER + "Leipzig,Germany,51.34,12.37,Lyon,France,45.76,4.83\n", encoding="utf-8")
    _, _, quiet = run("load", "twin-cities", str(csv))
    assert "info:" not in quiet
    _, _, err = run("-v", "load", "twin-cities", str(csv))
    assert "info: pairs.csv: 1 rows read, " in err


def test_cache_problems_are_reported_with_the_fix(tmp_path, caplog):
    built = []

    def build():
        built.append(1)
        return {"format": 1, "n": len(built)}

    def wrap(data):
        return data

    path = tmp_path / "idx-1-py311-v1.marshal"
    path.write_bytes(b"\x00not marshal")
    with caplog.at_level(logging.WARNING, logger="graph"):
        assert cache.read_or_build(path, 1, wrap, build, dict) == {"format": 1, "n": 1}
    assert f"cache file {path} cannot be read" in caplog.text and "building it again" in caplog.text
    caplog.clear()
    blocked = tmp_path / "afile"
    blocked.write_text("x")
    with caplog.at_level(logging.WARNING, logger="graph"):
        cache.read_or_build(blocked / "idx.marshal", 1, wrap, build, dict)
        cache.read_or_build(blocked / "other.marshal", 1, wrap, build, dict)
    assert caplog.text.count("cannot keep indexes in") == 1  # one directory, said once
    assert f"cannot keep indexes in {blocked}" in caplog.text
    assert "set PARTNERNET_CACHE_DIR to a writable directory" in caplog.text

    def broken():
        raise KeyError("population")

    with pytest.raises(SetupError, match=r"cannot build the index idx\.marshal .*KeyError.*`make install`"):
        cache.read_or_build(tmp_path / "idx.marshal", 1, wrap, broken, dict)
