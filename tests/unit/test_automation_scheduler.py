"""The automation service: the APScheduler job's settings (no tick ever dropped, no overlap),
the catch-up tick at start, debounced kicks, the interval setting, and a tick's report:
mails sent, or a configuration problem reported instead of raised."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from apscheduler.jobstores.memory import MemoryJobStore

from themisia_desktop.core.automation import scheduler as scheduler_module
from themisia_desktop.core.automation.scheduler import JOB_ID, AutomationService
from themisia_desktop.core.firm.settings import set_setting
from themisia_desktop.core.notify.outbox import enqueue, get_mail
from themisia_desktop.core.notify.smtp_sender import SmtpSender


class Sender:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, mail) -> None:  # noqa: ANN001
        self.sent.append(mail.subject)


@pytest.fixture
def reports():
    return []


@pytest.fixture
def service(firm_ctx, tmp_path, reports):
    sender = Sender()
    svc = AutomationService(firm_ctx.db, firm_ctx.clock, data_dir=tmp_path,
                            mailer_factory=lambda: sender, on_report=reports.append)
    svc.sender = sender
    yield svc
    svc.stop(wait=True)


def test_the_job_never_drops_a_late_tick_never_overlaps_and_lives_in_memory(service):
    scheduler = service.build_scheduler()
    job = scheduler.get_job(JOB_ID)
    assert job.misfire_grace_time is None
    assert job.coalesce is True
    assert job.max_instances == 1
    assert job.trigger.interval == timedelta(minutes=5)
    assert str(job.trigger.timezone) == "UTC"
    assert isinstance(scheduler._lookup_jobstore("default"), MemoryJobStore)
    # the first run is due at once: the catch-up after the application was closed
    assert job.next_run_time <= datetime.now(timezone.utc)


def test_a_tick_sweeps_and_sends_the_outbox_and_reports(firm_ctx, service, reports):
    enqueue(firm_ctx.db, firm_ctx.clock, "client@client.example.fr", "Relance", "Bonjour.")
    report = service.run_once()
    assert service.sender.sent == ["Relance"]
    assert report.flush.sent == 1 and report.sweep is not None
    assert reports == [report]
    assert service.run_once().flush is None  # nothing waiting: the mailer is not even built


def test_an_smtp_configuration_problem_is_reported_not_raised(firm_ctx, tmp_path, reports):
    mail = enqueue(firm_ctx.db, firm_ctx.clock, "client@client.example.fr", "Relance", "Bonjour.")
    svc = AutomationService(firm_ctx.db, firm_ctx.clock, data_dir=tmp_path,
                            mailer_factory=lambda: SmtpSender.from_settings(firm_ctx.db,
                                                                            firm_ctx.secrets),
                            on_report=reports.append)
    report = svc.run_once()
    assert report.mail_error == ("Le serveur d'envoi des courriels (SMTP) n'est pas configuré : "
                                 "renseignez-le dans les paramètres du cabinet.")
    assert not report.ok
    assert get_mail(firm_ctx.db, mail.id).status == "pending"


def test_start_runs_a_catch_up_tick_off_the_calling_thread(firm_ctx, tmp_path):
    done = threading.Event()
    seen: list[str] = []

    def on_report(report) -> None:  # noqa: ANN001
        seen.append(threading.current_thread().name)
        done.set()

    svc = AutomationService(firm_ctx.db, firm_ctx.clock, data_dir=tmp_path, on_report=on_report)
    svc.start()
    try:
        assert done.wait(10), "the catch-up tick did not run"
        assert seen[0] != threading.current_thread().name
        assert svc.running
    finally:
        svc.stop(wait=True)
    assert not svc.running


def test_kicks_are_debounced_and_a_kick_during_a_tick_runs_one_more(firm_ctx, tmp_path, reports):
    svc = AutomationService(firm_ctx.db, firm_ctx.clock, data_dir=tmp_path,
                            on_report=reports.append, kick_delay=30)
    svc._scheduler = svc.build_scheduler()
    svc._scheduler.start(paused=True)  # nothing runs: the test reads the schedule
    try:
        job = svc._scheduler.get_job(JOB_ID)
        job.modify(next_run_time=datetime.now(timezone.utc) + timedelta(minutes=5))
        svc.kick()
        first = svc._scheduler.get_job(JOB_ID).next_run_time
        assert first - datetime.now(timezone.utc) <= timedelta(seconds=30)
        svc.kick()  # a second kick does not push the tick further away
        assert svc._scheduler.get_job(JOB_ID).next_run_time == first
    finally:
        svc.stop(wait=False)

    with svc._run_lock:  # a tick is running: a kick now asks for one more
        svc.kick()
        assert svc.run_once() is None
    svc._tick()
    assert len(reports) == 2


def test_the_interval_follows_the_firm_setting(firm_ctx, tmp_path):
    set_setting(firm_ctx.db, "sweep_interval_minutes", 15)
    assert scheduler_module.sweep_interval_minutes(firm_ctx.db) == 15
    svc = AutomationService(firm_ctx.db, firm_ctx.clock, data_dir=tmp_path)
    svc._scheduler = svc.build_scheduler()
    svc._scheduler.start(paused=True)
    try:
        svc._tick()
        assert svc._scheduler.get_job(JOB_ID).trigger.interval == timedelta(minutes=15)
        assert svc.build_scheduler().get_job(JOB_ID).trigger.interval == timedelta(minutes=15)
    finally:
        svc.stop(wait=False)


def test_the_first_tick_of_a_day_drops_run_traces_older_than_ninety_days(firm_ctx, service):
    from sqlalchemy import func, select

    from themisia_desktop.core.models import RunTrace

    now = firm_ctx.clock.now()
    with firm_ctx.db.write() as s:
        s.add(RunTrace(outcome="done", started_at=now - timedelta(days=120)))
        s.add(RunTrace(outcome="done", started_at=now - timedelta(days=10)))
    service.run_once()
    with firm_ctx.db.read() as s:
        kept = s.scalars(select(RunTrace.started_at)).all()
    assert [now - t for t in kept] == [timedelta(days=10)]
    with firm_ctx.db.write() as s:  # later the same day: not purged again
        s.add(RunTrace(outcome="done", started_at=now - timedelta(days=200)))
    service.run_once()
    with firm_ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(RunTrace)) == 2
