"""Open the screen of the record a notification is about: the card of a contact, the screen of
a matter, or the screen of the matter of a task, deadline, invoice, provision, time entry or
appointment. The lookup runs on a worker; nothing opens when there is nothing to show, and the
main window's status bar says why."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from themisia_desktop.core.notify.record_links import CONTACT, MATTER, RecordLink, record_link
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

NOTHING_TO_OPEN = "Cette notification ne renvoie à aucune fiche à ouvrir."
GONE = "La fiche de cette notification n'existe plus."
STATUS_MS = 6000


def _say(parent: QWidget, message: str) -> None:
    window = parent.window() if shiboken6.isValid(parent) else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, STATUS_MS)


def show_link(ctx, link: RecordLink, parent: QWidget) -> QWidget | None:  # noqa: ANN001
    """Open the screen named by ``link`` (on the GUI thread)."""
    if link.screen == CONTACT:
        from themisia_desktop.gui.contacts.contact_card import open_contact_card

        return open_contact_card(ctx, link.record_id, parent)
    if link.screen == MATTER:
        from themisia_desktop.gui.matters.matter_screen import open_matter_screen

        return open_matter_screen(ctx, link.record_id, parent)
    return None


def open_record(ctx, entity_type: str | None, entity_id: int | None,  # noqa: ANN001
                parent: QWidget,
                on_done: Callable[[QWidget | None, str | None], None] | None = None) -> None:
    """Look the record up off the GUI thread, then open its screen as a window of ``parent``.
    ``on_done(window, None)`` once opened, or ``on_done(None, why)`` (French) when nothing
    opens; the main window's status bar says why too."""

    def finish(widget: QWidget | None, why: str | None = None) -> None:
        if why is not None:
            _say(parent, why)
        if on_done is not None:
            on_done(widget, why)

    if not entity_type or entity_id is None:
        finish(None, NOTHING_TO_OPEN)
        return

    def found(link: RecordLink | None) -> None:
        if link is None:
            finish(None, GONE if entity_type in _KNOWN else NOTHING_TO_OPEN)
            return
        finish(show_link(ctx, link, parent))

    def failed(exc: BaseException) -> None:
        finish(None, error_text(exc))

    db = ctx.db
    _worker_of(parent).submit(lambda: record_link(db, entity_type, entity_id), found, failed)


def _worker_of(parent: QWidget) -> Worker:
    """One worker per parent window for these lookups, kept as long as the window."""
    worker = parent.findChild(Worker, "record_opener", Qt.FindChildOption.FindDirectChildrenOnly)
    if worker is None:
        worker = Worker(parent)
        worker.setObjectName("record_opener")
    return worker


_KNOWN = {"contact", "matter", "task", "deadline", "invoice", "provision", "time_entry",
          "appointment", "expense", "document", "payment", "interaction"}
