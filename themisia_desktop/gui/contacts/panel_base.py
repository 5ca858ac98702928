"""What the card's panels share: a worker, an error line, a reload on demand, and the
``changed`` signal the card listens to (to refresh its header)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from themisia_desktop.gui.field_errors import error_label
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker


class CardPanel(QWidget):
    loaded = Signal()
    changed = Signal()

    def __init__(self, ctx, contact_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.contact_id = contact_id
        self._worker = Worker(self)
        self.error_label: QLabel = error_label(self)

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def actor(self) -> int | None:
        user = getattr(self._ctx, "current_user", None)
        return user.id if user is not None else None

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None] | None = None) -> None:
        """Run ``fn`` on the worker; a failure shows in the error line by default."""
        self.show_error("")
        self._worker.submit(fn, done, failed or (lambda exc: self.show_error(error_text(exc))))

    def write(self, fn: Callable[[], Any]) -> None:
        """A change: on success reload the panel and tell the card."""
        def done(_result: Any) -> None:
            self.changed.emit()
            self.reload()
        self.run(fn, done)

    def reload(self) -> None:  # pragma: no cover - each panel has its own
        raise NotImplementedError
