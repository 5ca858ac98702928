"""AppContext: built once by ``main()`` (GUI or CLI) and passed down through constructors.

It owns the database, the clock, the per-user folders and settings, the secret store (OS
keyring) and the logged-in user. The mailer and the automation scheduler join it with the
automation engine.
No module keeps a global of its own: tests build their own context over a temporary base.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db import Database, make_url_for_path
from themisia_desktop.core.db import schema
from themisia_desktop.core.firm.users import UserInfo
from themisia_desktop.core.notify.secrets import SecretStore
from themisia_desktop.core.paths import UserDirs
from themisia_desktop.core.settings import LocalSettings
from themisia_desktop.logs import setup_logging

if TYPE_CHECKING:
    from themisia_desktop.core.db.migrate import UpgradeResult

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    dirs: UserDirs
    db: Database
    clock: Clock
    settings: LocalSettings
    upgrade: UpgradeResult | None = None
    current_user: UserInfo | None = None
    secrets: SecretStore = field(default_factory=SecretStore)
    _closed: bool = field(default=False, repr=False)

    @property
    def settings_path(self) -> Path:
        return self.dirs.config / "settings.json"

    @classmethod
    def open(cls, db_url: str | None = None, *, dirs: UserDirs | None = None,
             clock: Clock | None = None, log_to_file: bool = True) -> "AppContext":
        """Open (and if needed create or upgrade) the database named by ``db_url``, the local
        settings, or the default SQLite file in the per-user data folder."""
        dirs = (dirs or UserDirs.default()).ensure()
        if log_to_file:
            setup_logging(dirs.logs)
        settings = LocalSettings.load(dirs.config / "settings.json")
        url = db_url or settings.database_url or make_url_for_path(dirs.default_database)
        clock = clock or Clock()
        db = Database(url)
        result = None
        try:
            if not schema.is_current(db):
                from themisia_desktop.core.db import migrate  # heavy: only when needed

                result = migrate.upgrade(db, backup_dir=cls._backup_dir(db, dirs), clock=clock)
        except Exception:
            db.dispose()
            raise
        if result is not None:
            log.info("database %s upgraded %s -> %s (backup: %s)", db.display_name(),
                     result.from_revision, result.to_revision, result.backup)
        return cls(dirs=dirs, db=db, clock=clock, settings=settings, upgrade=result)

    @staticmethod
    def _backup_dir(db: Database, dirs: UserDirs) -> Path:
        # Next to the database file, so a backup follows the base it belongs to.
        path = db.sqlite_path
        return (path.parent / "sauvegardes") if path is not None else dirs.backups

    def save_settings(self) -> None:
        self.settings.save(self.settings_path)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.db.dispose()
