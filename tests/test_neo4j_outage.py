"""A Neo4j that is down, misaddressed or half-configured: one line, within seconds, no driver logs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*args: str, **env: str) -> tuple[int, str, str, float]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    start = time.monotonic()
    done = subprocess.run([sys.executable, str(REPO / "cli.py"), "--store", "neo4j", *args], cwd=REPO, text=True,
                          capture_output=True, env={**clean, **env}, timeout=120)
    return done.returncode, done.stdout, done.stderr, time.monotonic() - start


def test_closed_port_is_reported_in_one_line_within_seconds():
    uri = f"bolt://127.0.0.1:{_free_port()}"
    code, out, err, seconds = _run("stats", NEO4J_URI=uri)
    assert code == 1 and out == ""
    assert err.splitlines() == [f"error: cannot reach Neo4j at {uri} (nothing answers there); start the local one "
                                "with `make neo4j-start`, or set NEO4J_URI to a running Neo4j"]
    assert seconds < 15


class _HangingServer:
    """Accepts connections and never answers: a server that died half-way or a firewall that drops."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()


def test_server_that_never_answers_gives_one_message_within_the_time_budget():
    server = _HangingServer()
    try:
        uri = f"bolt://127.0.0.1:{server.port}"
        code, out, err, seconds = _run("stats", NEO4J_URI=uri, PARTNERNET_NEO4J_TIMEOUT="2")
    finally:
        server.close()
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot reach Neo4j at {uri}"), err
    assert seconds < 15


def test_malformed_uri_is_one_line():
    code, out, err, seconds = _run("stats", NEO4J_URI="bolt://127.0.0.1:notaport")
    assert code == 1
    assert err.splitlines() == ["error: NEO4J_URI 'bolt://127.0.0.1:notaport' has port 'notaport', not a number "
                                "from 1 to 65535; use e.g. bolt://localhost:7687 or neo4j+s://<id>.databases.neo4j.io"]


def test_empty_password_does_not_fall_back_to_the_development_password():
    uri = f"bolt://127.0.0.1:{_free_port()}"
    code, out, err, _ = _run("stats", NEO4J_URI=uri, NEO4J_PASSWORD="")
    assert code == 1
    assert err.splitlines() == [f"error: NEO4J_PASSWORD is set but empty; set it to the password of the Neo4j at "
                                f"{uri}, or unset it to use the local development server's password "
                                "(make neo4j-start)"]


def test_remote_server_needs_a_password():
    code, out, err, _ = _run("stats", NEO4J_URI="neo4j+s://abc.databases.neo4j.io")
    assert code == 1
    assert err.splitlines() == ["error: NEO4J_PASSWORD is not set; set it to the password of the Neo4j at "
                                "neo4j+s://abc.databases.neo4j.io"]


@pytest.mark.parametrize("value", ["soon", "0", "-3"])
def test_bad_time_budget_is_named(value):
    code, out, err, _ = _run("stats", PARTNERNET_NEO4J_TIMEOUT=value)
    assert code == 1
    assert err.splitlines() == [f"error: PARTNERNET_NEO4J_TIMEOUT is {value!r}; give the seconds to wait for Neo4j, "
                                "e.g. 5"]
