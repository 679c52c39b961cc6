"""The command line: help with examples, loads with summaries, clear errors and exit codes."""

import pytest

import cli

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


@pytest.fixture
def run(tmp_path, capsys):
    def _run(*args):
        code = cli.main(["--data-dir", str(tmp_path / "store"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run


def test_every_command_has_an_example_in_its_help(capsys):
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert "example:" in sub.format_help() and f"partnernet {name}" in sub.format_help(), name


def test_load_search_partners_stats(run, tmp_path):
    csv = tmp_path / "pairs.csv"
    csv.write_text(HEADER + "Leipzig,Germany,51.34,12.37,Kraków,Poland,50.06,19.94\n"
                            "Leipzig,Germany,51.34,12.37,Kyiv,Ukraine,50.45,30.52\n"
                            "Leipzig,Germany,north,12.37,Lyon,France,45.76,4.83\n"
                            ",Germany,51.34,12.37,Lyon,France,45.76,4.83\n", encoding="utf-8")
    code, out, err = run("load", "twin-cities", str(csv))
    assert code == 0
    assert "pairs.csv: 3 of 4 rows loaded, 1 skipped" in out
    assert "skipped: pairs.csv, line 5, column 'city1': empty city name (value '')" in out
    assert ("value ignored, row loaded: pairs.csv, line 4, column 'lat1': coordinate is not a number; "
            "the place loads without coordinates (value 'north')") in out
    assert (tmp_path / "store" / "graph.names.json").exists()  # the first search of the app reads it
    code, out, _ = run("partners", "leipzig")
    assert code == 0 and "Leipzig (DE): 3 partnerships" in out
    assert "Kraków" in out and "Kyiv" in out and "Lyon" in out
    code, out, _ = run("search", "krakow")
    assert code == 0 and "Kraków" in out
    code, out, _ = run("stats")
    assert "PARTNER_OF" in out and code == 0


def test_quality_lists_and_writes_what_to_check(run, tmp_path):
    csv = tmp_path / "pairs.csv"
    csv.write_text(HEADER + "Cologne,Germany,50.94,6.96,Kraków,Poland,50.06,19.94\n"
                            "Köln,Germany,50.94,6.96,Lyon,France,45.76,4.83\n"
                            "=HYPERLINK(1),Germany,51.0,10.0,Xyzzyville,Poland,52.0,19.0\n", encoding="utf-8")
    assert run("load", "twin-cities", str(csv))[0] == 0
    code, out, _ = run("quality", "--all", "--csv", str(tmp_path / "check.csv"))
    assert code == 0
    assert "merged: 1 place from 2 spellings" in out
    assert "Köln (DE): 'Cologne' by alias; 'Köln' by name" in out
    assert "Xyzzyville (PL)" in out and "... and" not in out
    text = (tmp_path / "check.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "what,name,country,id,spellings,why" and len(lines) == 4
    assert "'=HYPERLINK(1)" in text  # a formula is written as text
    assert "merged,Köln,DE,mun:gn:2886242,Cologne / Köln" in text
    code, _, err = run("quality", "--csv", str(tmp_path / "missing-dir" / "x.csv"))
    assert code == 1 and "cannot write" in err and "Traceback" not in err


def test_output_into_a_closed_pipe_is_not_an_error(tmp_path):
    # "partnernet quality --all | head": the reader goes away while the command still prints
    import subprocess
    import sys

    script = ("import sys, cli\n"
              "from commandline import commands\n"
              "def gone(args, store):\n"
              "    raise BrokenPipeError(32, 'Broken pipe')\n"
              "commands.cmd_stats = gone\n"
              "sys.exit(cli.main(['--data-dir', sys.argv[1], 'stats']))\n")
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and proc.stderr == ""


def test_strict_load_fails_with_nothing_written(run, tmp_path):
    csv = tmp_path / "pairs.csv"
    csv.write_text(HEADER + "Leipzig,Germany,51.34,12.37,,Poland,50.06,19.94\n", encoding="utf-8")
    code, out, err = run("load", "twin-cities", str(csv), "--strict")
    assert code == 1
    assert "pairs.csv, line 2, column 'city2': empty city name" in err
    assert "nothing was written" in err and "Traceback" not in err
    code, out, _ = run("stats")
    assert "0 nodes" in out


def test_errors_are_one_line_without_traceback(run, tmp_path):
    code, _, err = run("load", "twin-cities", str(tmp_path / "missing.csv"))
    assert code == 1 and "\nerror: cannot read" in err and "Traceback" not in err
    bad = tmp_path / "bad.csv"
    bad.write_text("stadt;land\nLeipzig;Deutschland\n", encoding="utf-8")
    code, _, err = run("load", "twin-cities", str(bad))
    assert code == 1 and "bad.csv: missing columns 'city2', 'country2'" in err
    assert "city2 (also: " in err and "'Partnerstadt'" in err and "country2 (also: " in err
    code, _, err = run("partners", "Atlantis")
    assert code == 1 and "no Municipality named 'Atlantis'" in err
    code, _, err = run("clear")
    assert code == 1 and "--yes" in err


def test_export_neighbourhood_in_each_format(run, tmp_path):
    import zipfile

    import networkx as nx
    from openpyxl import load_workbook

    csv = tmp_path / "pairs.csv"
    csv.write_text(HEADER + "Leipzig,Germany,51.34,12.37,Kraków,Poland,50.06,19.94\n"
                            "Kraków,Poland,50.06,19.94,Lviv,Ukraine,49.84,24.03\n", encoding="utf-8")
    assert run("load", "twin-cities", str(csv))[0] == 0
    out = tmp_path / "out"
    code, text, _ = run("export", str(out / "leipzig.xlsx"), "--centre", "Leipzig", "--depth", "2", "--rel", "PARTNER_OF")
    assert code == 0 and "3 nodes, 2 relationships" in text
    sheets = load_workbook(out / "leipzig.xlsx").sheetnames
    assert any("artner" in s for s in sheets)
    assert run("export", str(out / "l.gexf"), "--centre", "Leipzig", "--depth", "2", "--rel", "PARTNER_OF")[0] == 0
    assert sorted(d["label"] for _, d in nx.read_gexf(out / "l.gexf").nodes(data=True)) == ["Kraków", "Leipzig", "Lviv"]
    assert run("export", str(out / "l.zip"), "--centre", "Leipzig")[0] == 0
    assert {"nodes.csv", "edges.csv"} <= set(zipfile.ZipFile(out / "l.zip").namelist())
    code, _, err = run("export", str(out / "l.docx"), "--centre", "Leipzig")
    assert code == 1 and "cannot tell the format of 'l.docx'" in err
    code, _, err = run("export", str(out / "l.json"))
    assert code == 1 and "--centre NAME" in err


@pytest.mark.parametrize("uri, message", [
    ("bolt://127.0.0.1:1", "cannot reach Neo4j at bolt://127.0.0.1:1"),
    ("http://localhost:7474", "NEO4J_URI 'http://localhost:7474' is not a Bolt address"),
])
def test_neo4j_unreachable_is_one_clear_message(monkeypatch, capsys, uri, message):
    monkeypatch.setenv("NEO4J_URI", uri)
    assert cli.main(["--store", "neo4j", "stats"]) == 1
    assert message in capsys.readouterr().err


def test_neo4j_errors_reach_the_user_without_traceback(monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    assert cli.main(["--store", "neo4j", "search", "Leipzig"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot reach Neo4j at bolt://127.0.0.1:1") and "Traceback" not in err
    assert err.count("\n") == 1
