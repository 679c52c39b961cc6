"""The connection of the Neo4j store: configuration, the driver, reads, write transactions, errors.

The driver is created once and injected (``Neo4jStore(driver)``), or built by ``from_config`` /
``from_env``. Driver and server errors become one StoreError sentence that says how to fix it.
Every write transaction also bumps the store's version counter (a ``PartnernetMeta`` node, outside
the graph's labels), so every client sees that the data changed, whoever wrote it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Iterator

from graph.errors import PartnernetError, StoreError, UsageError
from graph.store import cypher
from graph.store.shared import version_changed, version_once, without_cyclic_gc
from graph.store.neo4j_config import (  # noqa: F401  (the settings, importable from here)
    DEFAULT_PASSWORD, DEFAULT_URI, DEFAULT_USER, HOW_TO_START, URI_SCHEMES, check_uri, password_from_env,
    quiet_driver_logs, time_budget,
)

# Distinct records per transaction. benchmarks/neo4j_load.py on the real dataset: 5,000 to 50,000
# differ by less than the run-to-run noise of a shared 2-core machine (up to 2x); 5,000 had the
# best median and keeps transactions small (Aura and small servers cap transaction memory).
BATCH_SIZE = 5_000
# The last part of the status codes of a statement that needed more memory than the server allows a
# transaction (dbms.memory.transaction.total.max, db.memory.transaction.max) or than its heap holds.
MEMORY_ERRORS = frozenset({"MemoryPoolOutOfMemoryError", "TransactionOutOfMemoryError", "TransactionMemoryLimit",
                           "OutOfMemoryError"})


class ServerMemoryExceeded(StoreError):
    """A read needed more memory than the Neo4j server allows one transaction."""


class Neo4jConnection:
    """A driver, the database to use, and how to read and write through them."""

    def __init__(self, driver, database: str | None = None, batch_size: int = BATCH_SIZE, *,
                 uri: str | None = None, user: str | None = None, owns_driver: bool = False):
        """Use an existing neo4j driver; ``database`` None means the server's default database."""
        if batch_size < 1:
            raise UsageError(f"batch_size must be at least 1, got {batch_size}")
        self._driver = driver
        self.database = database or None
        self.batch_size = batch_size
        self.uri = uri or "the Neo4j server the driver points to"
        self.user = user
        self._owns_driver = owns_driver
        self._schema_ready = False
        self._id_index: bool | None = None
        self._verified = False
        self._pool: ThreadPoolExecutor | None = None  # threads for a read beside another (``_beside``)
        self._pool_lock = threading.Lock()

    @classmethod
    def from_config(cls, uri: str, user: str, password: str, database: str | None = None,
                    batch_size: int = BATCH_SIZE) -> "Neo4jConnection":
        """Create the driver (it connects lazily: the first call reports an unreachable server).

        Parameters
        ----------
        uri : str
            A Bolt address (``bolt://``, ``neo4j://``, ``+s`` and ``+ssc`` variants).
        user, password : str
            The server's credentials.
        database : str, optional
            The database; the server's default when None.
        batch_size : int
            Records per write transaction.

        Raises
        ------
        StoreError
            ``uri`` is not a usable Bolt address.
        """
        import neo4j

        check_uri(uri)
        quiet_driver_logs()
        try:
            # Server notifications (e.g. "relationship type does not exist" on an empty graph) are
            # not the user's concern; errors still raise. The time budget keeps an outage short.
            driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF",
                                                **time_budget())
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise StoreError(f"cannot use NEO4J_URI {uri!r}: {exc}; use e.g. bolt://localhost:7687 "
                             "or neo4j+s://<id>.databases.neo4j.io") from None
        return cls(driver, database, batch_size, uri=uri, user=user, owns_driver=True)

    @classmethod
    def from_env(cls) -> "Neo4jConnection":
        """From NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE (defaults: the local server)."""
        uri = os.environ.get("NEO4J_URI", "").strip() or DEFAULT_URI
        return cls.from_config(
            uri,
            os.environ.get("NEO4J_USERNAME") or DEFAULT_USER,
            password_from_env(uri),
            os.environ.get("NEO4J_DATABASE") or None,
        )

    def close(self) -> None:
        """Stop the threads of reads beside others (one still running finishes), and close the driver
        when this connection made it (a driver passed in stays open)."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if self._owns_driver:
            self._driver.close()

    def _beside(self, statement: str, /, **params) -> Future:
        """``_read_once(statement, **params)`` started in this connection's own thread, beside the
        caller's read (two threads at most, stopped by ``close``; each read has its own session)."""
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="partnernet-neo4j-read")
            return self._pool.submit(self._read_once, statement, **params)

    # -- plumbing -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Turn driver and server errors into one StoreError sentence that says how to fix it."""
        import neo4j.exceptions as ne

        try:
            yield
        except ne.AuthError:
            raise StoreError(
                f"Neo4j at {self.uri} refused the login of user {self.user or 'neo4j'!r} (wrong user name or "
                "password); set NEO4J_USERNAME and NEO4J_PASSWORD to the server's credentials") from None
        except ne.Neo4jError as exc:
            code = exc.code or ""
            if code == "Neo.ClientError.Database.DatabaseNotFound":
                raise StoreError(
                    f"Neo4j at {self.uri} has no database {self.database!r}; set NEO4J_DATABASE to an existing "
                    "database or leave it unset for the server's default") from None
            if code.startswith("Neo.ClientError.Security."):
                raise StoreError(f"Neo4j at {self.uri} does not allow user {self.user!r} to {doing}: "
                                 f"{exc.message}") from None
            raise StoreError(f"Neo4j at {self.uri} could not {doing}: {exc.message or code}") from None
        except (ne.ServiceUnavailable, ne.SessionExpired, ConnectionError):
            raise StoreError(f"cannot reach Neo4j at {self.uri} (nothing answers there); {HOW_TO_START}") from None
        except ne.DriverError as exc:
            raise StoreError(f"Neo4j at {self.uri} could not {doing}: {exc}") from None
        except ValueError as exc:  # the driver's address resolution: a host or port it cannot use
            if isinstance(exc, PartnernetError):  # a refused record (ValidationError) raised by the work
                raise
            raise StoreError(f"cannot use NEO4J_URI {self.uri!r}: {exc}; use e.g. bolt://localhost:7687") from None

    def _verify(self) -> None:
        """Connect and log in once, without retries, so a stopped server or a wrong password is
        reported at once rather than after the managed transactions' retry time."""
        if not self._verified:
            with self._errors("connect"):
                self._driver.verify_connectivity()
            self._verified = True

    def _readable(self, statement: str) -> str:
        """Log in once, and drop the statement's index hints while the id index is not online yet."""
        self._verify()
        return statement if self._id_index_online() else cypher.without_index_hints(statement)

    def _read(self, statement: str, /, **params) -> list:
        return self._routed_read(self._readable(statement), params)

    @without_cyclic_gc
    def _routed_read(self, statement: str, params: dict) -> list:
        """A managed read routed to readers, with the driver's retries."""
        import neo4j

        with self._errors("read the graph"):
            return self._driver.execute_query(
                statement, params, routing_=neo4j.RoutingControl.READ, database_=self.database,
            ).records

    def _read_once(self, statement: str, /, **params) -> list:
        """``_read``, but a server that runs out of transaction memory says so at once, as
        :class:`ServerMemoryExceeded`, instead of after the driver's retry time (the caller answers
        another way); any other failure is read again as ``_read`` does, with its retries."""
        import neo4j
        import neo4j.exceptions as ne

        statement = self._readable(statement)
        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                      bookmark_manager=self._driver.execute_query_bookmark_manager) as session:
                return list(session.run(statement, params))
        except ne.Neo4jError as exc:
            if (exc.code or "").rsplit(".", 1)[-1] in MEMORY_ERRORS:
                raise ServerMemoryExceeded(f"Neo4j at {self.uri} ran out of transaction memory: "
                                           f"{exc.message or exc.code}") from None
        except (ne.DriverError, ConnectionError):
            pass
        # anything else (a lost connection, a leader switch): as every read, with the driver's retries
        return self._routed_read(statement, params)

    def _write(self, work, *args, bump: bool = True) -> Any:
        """Run ``work(tx, *args)`` in a managed write transaction that first takes the server-side
        write lock (one writer at a time) and last bumps the version (unless ``bump`` is False:
        work that changes nothing of the graph)."""

        def work_and_bump(tx, *args):
            tx.run(cypher.TAKE_WRITE_LOCK).consume()
            result = work(tx, *args)
            if bump:
                tx.run(cypher.BUMP_VERSION).consume()
            return result

        # Sessions share the driver's execute_query bookmarks, so reads see earlier writes on a cluster.
        self._verify()
        version_changed(self)
        with self._errors("write the graph"):
            with self._driver.session(
                database=self.database, bookmark_manager=self._driver.execute_query_bookmark_manager,
            ) as session:
                return session.execute_write(work_and_bump, *args)

    def version(self) -> str:
        """The counter every write transaction bumps, read from the server (one small read): it
        changes with every write by any client of the database. Inside ``graph.store.shared.one_version``
        it is read once per block."""
        def read() -> str:
            records = self._read(cypher.READ_VERSION)
            return f"neo4j:{records[0]['version'] if records else 0}"

        return version_once(self, read)

    def ensure_schema(self) -> None:
        """Create the id constraints and the search index if they are missing (idempotent)."""
        if self._schema_ready:
            return
        self._verify()
        import neo4j.exceptions as ne

        with self._errors("create constraints and indexes"):
            for statement in cypher.schema_statements():
                try:
                    self._driver.execute_query(statement, database_=self.database)
                except ne.ClientError as exc:
                    # another process made the same index between IF NOT EXISTS and CREATE: fine
                    if "AlreadyExists" not in (exc.code or ""):
                        raise
            self._driver.execute_query(cypher.AWAIT_INDEXES, {"seconds": 300}, database_=self.database)
        self._schema_ready = self._id_index = True

    def _id_index_online(self) -> bool:
        """Whether the id index exists (it does once this store has written): statements name it in
        hints, which a database without it refuses. Asked once per store."""
        if self._id_index is None:
            self._id_index = False  # the question itself is a read
            try:
                states = [r["state"] for r in self._read(cypher.ID_INDEX_EXISTS, name=cypher.ID_INDEX)]
            except BaseException:
                self._id_index = None
                raise
            self._id_index = states == ["ONLINE"]
        return self._id_index

