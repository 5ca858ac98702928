"""Workstation settings: a small JSON file in the per-user config folder.

Only what belongs to *this workstation* lives here (which database to open, window state).
Firm-wide settings (SMTP, doubtful-debt delay, holidays…) live in the database, see
``core.db.models.FirmSetting``.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class LocalSettings:
    database_url: str | None = None
    last_login: str | None = None

    @classmethod
    def load(cls, path: Path) -> "LocalSettings":
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            # A damaged settings file must not keep the app from starting: defaults it is.
            return cls()
        known = {k: raw[k] for k in cls.__dataclass_fields__ if k in raw}
        return cls(**known)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write-then-rename so a crash never leaves half a file behind.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(self), fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
