"""The automation tick: sweep + event processing + outbox flush, off the GUI thread.

APScheduler is only an in-memory metronome (DESIGN §5b): a ``BackgroundScheduler`` with a
``MemoryJobStore`` and one interval job (``max_instances=1``, ``coalesce=True``,
``misfire_grace_time=None`` so a late tick is never dropped, UTC). What is due and what has
fired lives in the application's tables, so a second workstation or a restart never sends
duplicates. The first tick runs at :meth:`AutomationService.start` (catch-up after the
application was closed); :meth:`kick` asks for a tick soon after a commit (debounced).

``on_report(report)`` is called on the scheduler's thread: the GUI forwards it with a signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from themisia_desktop.core.automation.sweep import SweepSummary, sweep
from themisia_desktop.core.automation.traces import purge_traces
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ThemisiaError
from themisia_desktop.core.firm.settings import get_setting
from themisia_desktop.core.models import OutboxMail
from themisia_desktop.core.models.enums import OutboxStatus
from themisia_desktop.core.notify.outbox import FlushSummary, MailSender, flush

log = logging.getLogger(__name__)

JOB_ID = "themisia-automation"
KICK_DELAY_SECONDS = 1.0
DEFAULT_INTERVAL_MINUTES = 5
MailerFactory = Callable[[], MailSender]


@dataclass(frozen=True)
class AutomationReport:
    """What one tick did. ``errors`` are French, ready to show; ``mail_error`` says why the
    mails waiting in the outbox could not be sent (SMTP not configured, no password…)."""

    started_at: datetime
    finished_at: datetime
    sweep: SweepSummary | None = None
    flush: FlushSummary | None = None
    mail_error: str | None = None
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and self.mail_error is None


def sweep_interval_minutes(db: Database) -> int:
    """The firm's setting, kept within 1 minute – 1 day."""
    try:
        value = int(get_setting(db, "sweep_interval_minutes"))
    except (TypeError, ValueError):
        value = 5
    return min(max(value, 1), 24 * 60)


def _mails_waiting(db: Database, clock: Clock) -> bool:
    with db.read() as s:
        return s.scalar(select(OutboxMail.id).where(
            OutboxMail.status.in_((OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)),
            OutboxMail.next_attempt_at <= clock.now()).limit(1)) is not None


class AutomationService:
    """Owns the scheduler of one running application (built once, handed down)."""

    def __init__(self, db: Database, clock: Clock, *, data_dir: Path | str,
                 mailer_factory: MailerFactory | None = None,
                 on_report: Callable[[AutomationReport], Any] | None = None,
                 kick_delay: float = KICK_DELAY_SECONDS) -> None:
        self.db = db
        self.clock = clock
        self.data_dir = Path(data_dir)
        self.mailer_factory = mailer_factory
        self.on_report = on_report
        self.kick_delay = kick_delay
        self._scheduler: BackgroundScheduler | None = None
        self._run_lock = threading.Lock()   # one tick at a time in this process
        self._state_lock = threading.Lock()
        self._again = False                 # a kick arrived while a tick was running
        self._interval: int | None = None   # minutes, read from the firm's settings on a tick
        self.last_report: AutomationReport | None = None
        self._purged_on: date | None = None  # the day old run traces were last purged

    # -- lifecycle --------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._scheduler is not None and self._scheduler.running

    def build_scheduler(self) -> BackgroundScheduler:
        """The scheduler and its one job (not started): also what tests inspect. The interval
        is the firm's setting as last read (the default until the first tick has read it: the
        caller's thread, possibly the GUI's, does not touch the database)."""
        scheduler = BackgroundScheduler(
            jobstores={"default": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=timezone.utc)
        scheduler.add_job(self._tick, "interval", id=JOB_ID, name="Automatisations",
                          minutes=self._interval or DEFAULT_INTERVAL_MINUTES,
                          next_run_time=datetime.now(timezone.utc),  # catch-up at start
                          coalesce=True, max_instances=1, misfire_grace_time=None,
                          replace_existing=True)
        return scheduler

    def start(self) -> None:
        """Start ticking: the first tick (catch-up) runs at once, on the scheduler's thread."""
        if self.running:
            return
        self._scheduler = self.build_scheduler()
        self._scheduler.start()

    def stop(self, wait: bool = True) -> None:
        """Stop ticking; ``wait`` lets a running tick finish (its transactions commit)."""
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=wait)

    def kick(self) -> None:
        """Ask for a tick soon (after a commit that may trigger automation). Kicks within
        ``kick_delay`` are coalesced into one tick; a kick during a tick runs one more."""
        with self._state_lock:
            if self._run_lock.locked():
                self._again = True
                return
        scheduler = self._scheduler
        if scheduler is None or not scheduler.running:
            return
        soon = datetime.now(timezone.utc) + timedelta(seconds=self.kick_delay)
        job = scheduler.get_job(JOB_ID)
        if job is not None and (job.next_run_time is None or job.next_run_time > soon):
            job.modify(next_run_time=soon)

    # -- one tick ---------------------------------------------------------------------------
    def _tick(self) -> None:
        while True:
            self.run_once()
            with self._state_lock:
                again, self._again = self._again, False
            if not again:
                break
        self._follow_interval_setting()

    def _follow_interval_setting(self) -> None:
        """Reschedule when the firm's sweep interval differs from the job's (first tick, or
        the setting was changed meanwhile)."""
        try:
            minutes = sweep_interval_minutes(self.db)
        except Exception:  # noqa: BLE001 - keep the current interval
            log.exception("could not read the sweep interval")
            return
        scheduler = self._scheduler
        if minutes == self._interval:
            return
        self._interval = minutes
        if scheduler is not None and scheduler.running:
            scheduler.reschedule_job(JOB_ID, trigger="interval", minutes=minutes)

    def run_once(self) -> AutomationReport | None:
        """One tick now, in the calling thread: sweep (time rules, delayed actions, pending
        events) then send the outbox. Never raises; the report goes to ``on_report``.
        Returns None if a tick is already running in this process (it will run again)."""
        if not self._run_lock.acquire(blocking=False):
            with self._state_lock:
                self._again = True
            return None
        try:
            report = self._run()
        finally:
            self._run_lock.release()
        self.last_report = report
        if self.on_report is not None:
            try:
                self.on_report(report)
            except Exception:  # noqa: BLE001 - a broken listener must not stop the ticks
                log.exception("automation report listener failed")
        return report

    def _run(self) -> AutomationReport:
        started = self.clock.now()
        errors: list[str] = []
        summary: SweepSummary | None = None
        try:
            summary = sweep(self.db, self.clock, data_dir=self.data_dir)
            errors.extend(summary.errors)
        except Exception as exc:  # noqa: BLE001 - e.g. the database server is unreachable
            log.exception("automation sweep failed")
            errors.append(f"La surveillance automatique a échoué : {exc}")
        sent, mail_error = self._flush(errors)
        self._purge_old_traces()
        return AutomationReport(started_at=started, finished_at=self.clock.now(), sweep=summary,
                                flush=sent, mail_error=mail_error, errors=tuple(errors))

    def _purge_old_traces(self) -> None:
        """Keep run traces bounded (DESIGN §5): once a day, on the first tick of the day."""
        today = self.clock.today()
        if self._purged_on == today:
            return
        try:
            purge_traces(self.db, self.clock)
            self._purged_on = today
        except Exception:  # noqa: BLE001 - retried at the next tick
            log.exception("purge of old run traces failed")

    def _flush(self, errors: list[str]) -> tuple[FlushSummary | None, str | None]:
        if self.mailer_factory is None:
            return None, None
        try:
            if not _mails_waiting(self.db, self.clock):
                return None, None
            mailer = self.mailer_factory()
        except ThemisiaError as exc:  # SMTP not configured, no keyring, no password
            return None, str(exc)
        except Exception as exc:  # noqa: BLE001
            log.exception("mailer could not be built")
            return None, f"L'envoi des courriels est impossible : {exc}"
        try:
            result = flush(self.db, self.clock, mailer)
        except Exception as exc:  # noqa: BLE001
            log.exception("outbox flush failed")
            errors.append(f"L'envoi des courriels a échoué : {exc}")
            return None, None
        return result, result.stopped
