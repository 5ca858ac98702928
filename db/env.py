"""Alembic environment of Themisia.

The application runs migrations itself (``themisia_desktop.core.db.migrate``) and hands over
its own connection in ``config.attributes["connection"]``; the ``alembic`` command line works
too when ``sqlalchemy.url`` is given (``alembic -x url=sqlite:///…``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from themisia_desktop.core.db.types import Money, UTCDateTime
from themisia_desktop.core.models import Base

config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):  # noqa: ANN001 - Alembic hook signature
    """Write our column types as their plain storage type, so that migration scripts never
    depend on application code that may change later."""
    if type_ == "type" and isinstance(obj, Money):
        return "sa.BigInteger()"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def _configure(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = create_engine(url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Themisia migrations run online only.")
run_migrations_online()
