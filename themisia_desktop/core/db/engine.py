"""Engine factory and the two ways to open a session.

SQLite through pysqlite needs taking control of transactions (DESIGN §5b): the driver's
legacy mode emits no BEGIN for reads, DDL or SAVEPOINT. We switch it to autocommit
(``isolation_level=None``) and emit BEGIN ourselves from SQLAlchemy's ``begin`` event:
``BEGIN IMMEDIATE`` for write sessions (so two workstations doing read-then-write queue up on
the busy timeout instead of failing with "database is locked"), plain ``BEGIN`` for reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

SQLITE_BUSY_TIMEOUT_MS = 15_000
_WRITE_OPTION = "themisia_write"


def make_url_for_path(path: Path | str) -> str:
    return URL.create("sqlite+pysqlite", database=str(Path(path).resolve())).render_as_string()


def normalise_url(url_or_path: str | Path) -> URL:
    """Accept a SQLAlchemy URL or a plain file path (what a tired IT person would type)."""
    text = str(url_or_path).strip()
    if "://" not in text:
        return make_url(make_url_for_path(text))
    url = make_url(text)
    if url.drivername == "sqlite":
        url = url.set(drivername="sqlite+pysqlite")
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        # Autocommit at the driver level: we emit BEGIN ourselves below.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        # foreign_keys only takes effect outside a transaction: here, before any BEGIN.
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        # FULL: a save the user saw succeed survives a power cut.
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        if conn.get_execution_options().get(_WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _note_events(session: Session, _context, _instances) -> None:  # noqa: ANN001
    if not session.info.get("events_written") and any(
            getattr(type(obj), "__tablename__", None) == "event" for obj in session.new):
        session.info["events_written"] = True


class Database:
    """Owns the engine. ``read()`` and ``write()`` are the only ways services open sessions."""

    def __init__(self, url: str | Path, *, echo: bool = False) -> None:
        self.url = normalise_url(url)
        kwargs: dict = {"echo": echo, "future": True}
        if self.is_sqlite:
            path = self.sqlite_path
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            _install_sqlite_hooks(self.engine)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._event_listeners: list[Callable[[], None]] = []

    # -- identity -------------------------------------------------------------------------
    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    def display_name(self) -> str:
        """The URL as shown to a user: never with the password."""
        return self.url.render_as_string(hide_password=True)

    def describe(self) -> str:
        """What a user recognises: the file of a SQLite base, the server of a shared one."""
        if self.is_sqlite:
            return str(self.sqlite_path) if self.sqlite_path else "base en mémoire"
        where = self.url.host or "localhost"
        if self.url.port:
            where += f":{self.url.port}"
        return f"PostgreSQL {self.url.database} sur {where}"

    @property
    def write_engine(self) -> Engine:
        """The engine whose transactions start with BEGIN IMMEDIATE on SQLite."""
        return self._write_engine

    # -- sessions -------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work. Closing the session ends (rolls back) its transaction
        without expiring what was loaded, so plain values read inside stay usable."""
        with Session(self.engine, expire_on_commit=False, autoflush=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One business action = one transaction, committed once at the end of the block.
        When the transaction wrote automation events, the listeners added with
        :meth:`on_events_committed` are called after the commit (the engine is told there is
        work, DESIGN §5: events are processed after each commit)."""
        with Session(self._write_engine, expire_on_commit=False) as session:
            if self._event_listeners:
                event.listen(session, "before_flush", _note_events)
            with session.begin():
                yield session
            wrote_events = session.info.get("events_written", False)
        if wrote_events:
            for listener in list(self._event_listeners):
                listener()

    def on_events_committed(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` (on the committing thread; it must be quick) after each write
        transaction that added rows to the event table."""
        self._event_listeners.append(listener)

    def remove_events_listener(self, listener: Callable[[], None]) -> None:
        if listener in self._event_listeners:
            self._event_listeners.remove(listener)

    def dispose(self) -> None:
        self.engine.dispose()
