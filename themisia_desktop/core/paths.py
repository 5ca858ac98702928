"""Where the application finds its bundled folders and keeps its per-user files.

The folders ``ui/``, ``resources/`` and ``db/`` sit at the top of a source checkout. A wheel
(``pip install .``) and the PyInstaller bundle both carry them inside the package as
``themisia_desktop/_data/<name>``, so one rule covers the three ways the app is run: look
inside the package first, then at the checkout root.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from themisia_desktop import APP_AUTHOR, APP_NAME

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_dir(name: str) -> Path:
    """Return the bundled folder ``name`` ("ui", "resources" or "db")."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Dossier « {name} » introuvable à côté de l'application ({_PACKAGE_DIR}).")


def migrations_dir() -> Path:
    return bundled_dir("db")


def resources_dir() -> Path:
    return bundled_dir("resources")


def ui_dir() -> Path:
    return bundled_dir("ui")


@dataclass(frozen=True)
class UserDirs:
    """Per-user folders. Tests pass their own temporary folders."""

    data: Path
    config: Path
    logs: Path

    @classmethod
    def default(cls) -> "UserDirs":
        # THEMISIA_HOME puts everything under one folder (portable installs, CI, smoke runs).
        home = os.environ.get("THEMISIA_HOME")
        if home:
            base = Path(home)
            return cls(data=base / "data", config=base / "config", logs=base / "logs")
        return cls(
            data=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            config=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
            logs=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        )

    def ensure(self) -> "UserDirs":
        for d in (self.data, self.config, self.logs):
            d.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def default_database(self) -> Path:
        return self.data / "themisia.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "sauvegardes"
