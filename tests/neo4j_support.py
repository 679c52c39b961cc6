"""A real Neo4j for the tests, once per session.

NEO4J_URI (with NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) points the tests at an existing
server. Otherwise the project's local server (tools/neo4j) is started for the session on a test port
(7697, or a free one if that is taken; PARTNERNET_TEST_NEO4J_PORT to choose) with its own data
directory under var/neo4j-test/, and stopped and removed at the end. Without Java or Maven the
Neo4j tests are skipped, except under CI=true, where they fail: CI must never pass by skipping the
second store.

Use from tests/conftest.py:  from neo4j_support import neo4j_driver, neo4j_server, neo4j_store  # noqa: F401
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TOOLS = REPO / "tools" / "neo4j"
TEST_PORT = 7697
TEST_HOMES = REPO / "var" / "neo4j-test"
TEST_PASSWORD = "partnernet-test"
START_TIMEOUT = 600  # a first run downloads Neo4j from Maven Central


@dataclass
class LocalServer:
    """The project's local Neo4j on a given port and data directory (tools/neo4j/start.sh)."""

    port: int = TEST_PORT
    home: Path = TEST_HOMES / str(TEST_PORT)
    password: str = TEST_PASSWORD
    env: dict = field(default_factory=dict)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def _env(self) -> dict:
        return {**os.environ, "NEO4J_BOLT_PORT": str(self.port), "NEO4J_HOME_DIR": str(self.home),
                "NEO4J_PASSWORD": self.password, **self.env}

    def running(self) -> bool:
        pid_file = self.home / "neo4j.pid"
        try:
            pid = int(pid_file.read_text())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return False
        return True

    def start(self) -> None:
        done = subprocess.run([str(TOOLS / "start.sh")], env=self._env(), capture_output=True, text=True,
                              timeout=START_TIMEOUT)
        if done.returncode != 0:
            raise RuntimeError(f"the local Neo4j did not start: {(done.stderr or done.stdout).strip()}")

    def stop(self) -> None:
        subprocess.run([str(TOOLS / "stop.sh")], env=self._env(), capture_output=True, text=True, timeout=120,
                       check=True)


@dataclass
class ServerInfo:
    uri: str
    user: str
    password: str
    database: str | None
    local: LocalServer | None = None  # set when the tests started (and may restart) the server


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Neo4j is required under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_server():
    """Where the tests' Neo4j is; starts and stops the local one when NEO4J_URI is not set."""
    if os.environ.get("NEO4J_URI"):
        yield ServerInfo(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME") or "neo4j",
                         os.environ.get("NEO4J_PASSWORD") or "", os.environ.get("NEO4J_DATABASE") or None)
        return
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        _unavailable(f"Neo4j tests need {' and '.join(missing)} to start the local Neo4j "
                     "(or set NEO4J_URI to a running one)")
    # A server of our own per test session (two sessions on one machine must not clear each
    # other's graph): the usual test port if it is free, else any free port.
    port = int(os.environ.get("PARTNERNET_TEST_NEO4J_PORT") or 0) or (TEST_PORT if _port_free(TEST_PORT) else _free_port())
    server = LocalServer(port=port, home=TEST_HOMES / str(port))
    try:
        server.start()
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield ServerInfo(server.uri, "neo4j", server.password, None, server)
    finally:
        server.stop()
        shutil.rmtree(server.home, ignore_errors=True)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server):
    import neo4j

    driver = neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password),
                                        notifications_min_severity="OFF")
    yield driver
    driver.close()


@pytest.fixture
def neo4j_store(neo4j_server, neo4j_driver):
    """A Neo4jStore on the session's server, emptied before the test."""
    from graph.store.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_driver, neo4j_server.database, uri=neo4j_server.uri, user=neo4j_server.user)
    store.clear()
    return store
