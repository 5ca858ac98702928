"""Database access: engine factory, column types, migrations and backups."""

from themisia_desktop.core.db.engine import Database, make_url_for_path

__all__ = ["Database", "make_url_for_path"]
