"""How partnernet reaches Neo4j: the address, the password, the time budget and the driver's logs.

Rules (each refused value is named in one line, with the way to fix it):

- ``NEO4J_URI`` must be a Bolt address with a host and, if given, a numeric port
  (``bolt://127.0.0.1:notaport`` is refused before the driver is made).
- ``NEO4J_PASSWORD`` has no silent default. Only the project's own local server
  (``make neo4j-start`` / tools/neo4j, listening on 127.0.0.1 or localhost) is tried with its
  development password ``partnernet-dev`` when the variable is unset; a set but empty
  ``NEO4J_PASSWORD`` is refused, and so is an unset one for any other address.
- Interactive use must not hang on an outage: a connection attempt gives up after
  ``PARTNERNET_NEO4J_TIMEOUT`` seconds (default 5), and retries of a failed transaction stop after
  the same budget, so a stopped server is reported within seconds instead of a minute.
- The driver's own log records (retry notices, connection failures) are not printed to the
  user's terminal; the store turns the failure into one message instead.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from graph.errors import StoreError

log = logging.getLogger(__name__)

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "partnernet-dev"  # the local development server's (tools/neo4j)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
HOW_TO_START = "start the local one with `make neo4j-start`, or set NEO4J_URI to a running Neo4j"
DEFAULT_TIMEOUT = 5.0
_EXAMPLE = "use e.g. bolt://localhost:7687 or neo4j+s://<id>.databases.neo4j.io"


def check_uri(uri: str) -> None:
    """Refuse a Neo4j address the driver could not use, in one line.

    Parameters
    ----------
    uri : str
        The value of NEO4J_URI.

    Raises
    ------
    StoreError
        The scheme is not one of ``URI_SCHEMES``, the host is missing, or the port is not a
        number from 1 to 65535.

    Examples
    --------
    >>> check_uri("bolt://127.0.0.1:7687")
    >>> check_uri("bolt://127.0.0.1:notaport")
    Traceback (most recent call last):
    ...
    graph.errors.StoreError: NEO4J_URI 'bolt://127.0.0.1:notaport' has port 'notaport', not a number from 1 to 65535; use e.g. bolt://localhost:7687 or neo4j+s://<id>.databases.neo4j.io
    """
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme not in URI_SCHEMES:
        raise StoreError(f"NEO4J_URI {uri!r} is not a Bolt address (scheme one of {', '.join(URI_SCHEMES)}); "
                         f"{_EXAMPLE}")
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        port = -1
        parts = None
    if port == -1 or port == 0:
        given = uri.split("://", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1].rpartition(":")[2]
        raise StoreError(f"NEO4J_URI {uri!r} has port {given!r}, not a number from 1 to 65535; {_EXAMPLE}")
    if not parts.hostname:
        raise StoreError(f"NEO4J_URI {uri!r} names no host; {_EXAMPLE}")


def password_from_env(uri: str) -> str:
    """Return NEO4J_PASSWORD, or the local development server's password where that is meant.

    Parameters
    ----------
    uri : str
        The address the password is for (NEO4J_URI or the default).

    Returns
    -------
    str
        The password to log in with.

    Raises
    ------
    StoreError
        NEO4J_PASSWORD is set but empty, or unset for a server that is not on this machine.
    """
    password = os.environ.get("NEO4J_PASSWORD")
    if password is not None and password != "":
        return password
    if password == "":
        raise StoreError(f"NEO4J_PASSWORD is set but empty; set it to the password of the Neo4j at {uri}, or "
                         f"unset it to use the local development server's password (make neo4j-start)")
    if urlsplit(uri).hostname in LOCAL_HOSTS:
        log.info("NEO4J_PASSWORD is not set: logging in to %s with the local development server's password", uri)
        return DEFAULT_PASSWORD
    raise StoreError(f"NEO4J_PASSWORD is not set; set it to the password of the Neo4j at {uri}")


def time_budget() -> dict:
    """Driver settings that bound how long an unreachable or failing server can hold a request.

    Returns
    -------
    dict
        ``connection_timeout``, ``connection_acquisition_timeout`` and
        ``max_transaction_retry_time`` in seconds, from ``PARTNERNET_NEO4J_TIMEOUT`` (default 5).

    Raises
    ------
    StoreError
        PARTNERNET_NEO4J_TIMEOUT is not a positive number.
    """
    raw = os.environ.get("PARTNERNET_NEO4J_TIMEOUT", "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise StoreError(f"PARTNERNET_NEO4J_TIMEOUT is {raw!r}; give the seconds to wait for Neo4j, e.g. 5")
    return {"connection_timeout": seconds, "connection_acquisition_timeout": 2 * seconds,
            "max_transaction_retry_time": seconds}


def quiet_driver_logs() -> None:
    """Keep the neo4j driver's log records out of the user's terminal.

    Without a handler of its own, Python prints a library's warnings to standard error; the
    driver logs every retry that way. The store reports failures in one sentence instead.
    """
    driver_log = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in driver_log.handlers):
        driver_log.addHandler(logging.NullHandler())
    driver_log.propagate = False
