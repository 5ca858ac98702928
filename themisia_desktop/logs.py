"""Logging to a rotating file in the per-user log folder."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE_NAME = "themisia.log"
_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the application's logs to ``log_dir/themisia.log`` (5 × 2 MB). Idempotent."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    logger = logging.getLogger("themisia_desktop")
    for h in list(logger.handlers):
        if isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path.resolve():
            return path
        if isinstance(h, RotatingFileHandler):
            logger.removeHandler(h)
            h.close()
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level)
    return path


def close_logging() -> None:
    logger = logging.getLogger("themisia_desktop")
    for h in list(logger.handlers):
        logger.removeHandler(h)
        h.close()
