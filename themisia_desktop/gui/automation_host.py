"""The automation engine of the running application (DESIGN §5).

:class:`AutomationHost` owns the :class:`AutomationService` of the logged-in session: the
scheduler ticks on its own thread (sweep of time rules, pending events, mail outbox) at start
(catch-up for the time the application was closed), on the firm's interval, and shortly after
every commit that wrote automation events. The GUI thread never waits for it: a tick's report
comes back through the ``reported`` signal (queued to the GUI thread).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from themisia_desktop.core.automation.scheduler import AutomationReport, AutomationService
from themisia_desktop.core.notify.smtp_sender import SmtpSender


class AutomationHost(QObject):
    reported = Signal(object)  # AutomationReport

    def __init__(self, ctx, parent: QObject | None = None) -> None:  # noqa: ANN001 - AppContext
        super().__init__(parent)
        self._ctx = ctx
        self.service = AutomationService(
            ctx.db, ctx.clock, data_dir=ctx.dirs.data,
            mailer_factory=lambda: SmtpSender.from_settings(ctx.db, ctx.secrets),
            on_report=self._from_scheduler_thread)
        self._started = False

    def _from_scheduler_thread(self, report: AutomationReport) -> None:
        # Emitting from another thread is queued to the receivers on the GUI thread.
        self.reported.emit(report)

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._ctx.db.on_events_committed(self.service.kick)
        self.service.start()

    def stop(self) -> None:
        """Stop ticking without waiting for a tick in progress: its transaction either commits
        or leaves nothing behind, and what is left is caught up at the next start."""
        if not self._started:
            return
        self._started = False
        self._ctx.db.remove_events_listener(self.service.kick)
        self.service.stop(wait=False)
