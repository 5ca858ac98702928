"""Dialogs that must not close while their background job runs (hashing, creating the firm)."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent


class CloseWhenIdle:
    """Mixin for a QDialog/QWizard with a ``busy`` property: Échap and the window's close
    button do nothing while a job is running, so its result always finds its dialog."""

    busy: bool

    def reject(self) -> None:
        if not self.busy:
            super().reject()  # type: ignore[misc]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)  # type: ignore[misc]
