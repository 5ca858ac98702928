"""The built-in workflows: every shipped file is a valid workflow, installing them is
idempotent, a shipped change reaches untouched workflows only."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from themisia_desktop.core.automation.builtins import builtins_dir, install_builtins, load_builtins
from themisia_desktop.core.automation.definition import (
    CreateTask,
    Notify,
    Schedule,
    SetField,
    StartWorkflow,
    parse_definition,
)
from themisia_desktop.core.automation.workflows import (
    create_workflow,
    find_by_builtin_key_in,
    get_workflow,
    list_workflows,
    save_version,
    set_enabled,
)
from themisia_desktop.core.clock import PARIS
from themisia_desktop.core.models import (
    Appointment,
    Contact,
    Deadline,
    Invoice,
    Matter,
    Notification,
    OutboxMail,
    RunTrace,
    ScheduledAction,
    Task,
    TimeEntry,
    Workflow,
    WorkflowVersion,
)
from tests.unit.matter_factory import make_client_matter, make_matter, make_user

SHIPPED = sorted(builtins_dir().glob("*.json"))
EXPECTED_KEYS = {"nouveau_dossier", "encours_client_eleve", "echeance_j_moins_3",
                 "facture_validee", "encours_dossier_sans_provision",
                 "chaine_onboarding_client", "chaine_planification_procedure",
                 "chaine_relance_facturation"}


def rows(db) -> list[tuple]:
    with db.read() as s:
        workflows = s.execute(select(Workflow.id, Workflow.name, Workflow.builtin_key,
                                     Workflow.enabled, Workflow.current_version)
                              .order_by(Workflow.id)).all()
        versions = s.scalar(select(func.count()).select_from(WorkflowVersion))
    return [tuple(r) for r in workflows] + [("versions", versions)]


def by_key(db) -> dict[str, object]:
    return {w.builtin_key: w for w in list_workflows(db) if w.builtin_key}


def test_the_six_templates_are_shipped_as_eight_files():
    assert {p.stem for p in SHIPPED} == EXPECTED_KEYS


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_file_parses_with_its_templates_checked(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    definition = parse_definition(data)  # default checker: merge fields of the record type
    assert definition.name and definition.description
    assert any(c in definition.description for c in "éèàçô«")  # written in French
    for action in definition.actions:
        if isinstance(action, StartWorkflow):
            assert action.workflow in EXPECTED_KEYS


def test_templates_match_what_the_firm_asked_for():
    templates, problems = load_builtins()
    assert problems == []
    docs = {t.key: t.definition for t in templates}

    new_matter = docs["nouveau_dossier"]
    assert (new_matter.trigger.kind, new_matter.trigger.record) == ("created", "matter")
    tasks = [a for a in new_matter.actions if isinstance(a, CreateTask)]
    assert [(t.title.split(" —")[0], t.due_in_days, t.assignee.value) for t in tasks] == [
        ("Vérifier les conflits d'intérêts", 2, "responsible"),
        ("Envoyer la convention d'honoraires", 7, "responsible")]
    assert any(isinstance(a, Notify) and a.channels == ("popup",) for a in new_matter.actions)

    client = docs["encours_client_eleve"]
    assert (client.trigger.kind, client.trigger.field, str(client.trigger.value)) \
        == ("threshold", "contact.encours", "10000.00")
    assert SetField("contact.close_monitoring", True) in client.actions

    deadline = docs["echeance_j_moins_3"].trigger
    assert (deadline.kind, deadline.field, deadline.offset_days, deadline.working_days) \
        == ("date", "deadline.due_on", -3, True)

    invoice = docs["facture_validee"]
    assert invoice.trigger.kind == "validated" and invoice.trigger.record == "invoice"
    assert [a.in_days for a in invoice.actions if isinstance(a, Schedule)] == [30]

    no_provision = docs["encours_dossier_sans_provision"]
    assert str(no_provision.trigger.value) == "20000.00"
    assert "matter.jours_depuis_derniere_provision" in json.dumps(
        no_provision.conditions.to_json())

    chain = [docs["chaine_onboarding_client"], docs["chaine_planification_procedure"]]
    assert [next(a.workflow for a in d.actions if isinstance(a, StartWorkflow)) for d in chain] \
        == ["chaine_planification_procedure", "chaine_relance_facturation"]
    assert any(isinstance(a, Schedule) for a in docs["chaine_relance_facturation"].actions)


def test_install_creates_every_builtin_disabled_and_twice_changes_nothing(firm_ctx):
    ctx = firm_ctx
    first = install_builtins(ctx.db, ctx.clock)
    assert set(first.created) == EXPECTED_KEYS and first.problems == ()
    installed = by_key(ctx.db)
    assert set(installed) == EXPECTED_KEYS
    assert not any(w.enabled for w in installed.values())
    assert installed["nouveau_dossier"].name == "Nouveau dossier : premières diligences"
    before = rows(ctx.db)

    ctx.clock.advance(timedelta(days=1))
    again = install_builtins(ctx.db, ctx.clock)
    assert again.created == () and again.updated == () and not again.changed
    assert set(again.unchanged) == EXPECTED_KEYS
    assert rows(ctx.db) == before


def changed_copy(tmp_path: Path, key: str, **changes) -> Path:
    directory = tmp_path / "workflows"
    shutil.copytree(builtins_dir(), directory)
    path = directory / f"{key}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return directory


def test_a_changed_file_gives_a_new_version_and_keeps_the_switch(firm_ctx, tmp_path):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    wf = by_key(ctx.db)["facture_validee"]
    set_enabled(ctx.db, ctx.clock, wf.id, True, user_id=ctx.current_user.id)

    directory = changed_copy(tmp_path, "facture_validee",
                             description="Nouvelle description livrée avec la mise à jour.")
    summary = install_builtins(ctx.db, ctx.clock, directory=directory)
    assert summary.updated == ("facture_validee",)
    detail = get_workflow(ctx.db, wf.id)
    assert detail.version == 2 and detail.saved_by_id is None
    assert detail.info.description == "Nouvelle description livrée avec la mise à jour."
    assert detail.info.enabled is True  # switched on by the firm: still on

    assert install_builtins(ctx.db, ctx.clock, directory=directory).updated == ()


def test_a_workflow_the_firm_edited_is_never_overwritten(firm_ctx, tmp_path):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    wf = by_key(ctx.db)["nouveau_dossier"]
    doc = get_workflow(ctx.db, wf.id).definition.to_json()
    doc["name"] = "Ouverture de dossier (version du cabinet)"
    doc["actions"] = doc["actions"][:1]
    save_version(ctx.db, ctx.clock, wf.id, doc, user_id=ctx.current_user.id)
    before = rows(ctx.db)

    directory = changed_copy(tmp_path, "nouveau_dossier", description="Texte mis à jour.")
    summary = install_builtins(ctx.db, ctx.clock, directory=directory)
    assert summary.kept_edited == ("nouveau_dossier",) and summary.updated == ()
    assert rows(ctx.db) == before
    detail = get_workflow(ctx.db, wf.id)
    assert detail.info.name == "Ouverture de dossier (version du cabinet)"
    assert len(detail.definition.actions) == 1 and detail.info.enabled is False


def test_a_name_already_used_by_the_firm_gets_a_suffix(firm_ctx):
    ctx = firm_ctx
    templates, _ = load_builtins()
    mine = next(t for t in templates if t.key == "echeance_j_moins_3").document
    own = create_workflow(ctx.db, ctx.clock, mine, user_id=ctx.current_user.id)
    install_builtins(ctx.db, ctx.clock)
    builtin = by_key(ctx.db)["echeance_j_moins_3"]
    assert builtin.id != own.id and builtin.name == "Échéance à J−3 (2)"
    assert install_builtins(ctx.db, ctx.clock).changed is False


def test_a_broken_file_is_reported_and_the_others_installed(firm_ctx, tmp_path):
    ctx = firm_ctx
    directory = changed_copy(tmp_path, "facture_validee", actions=[])
    summary = install_builtins(ctx.db, ctx.clock, directory=directory)
    assert "facture_validee" not in summary.created and len(summary.created) == 7
    assert summary.problems == ("Modèle facture_validee.json : Actions : il faut au moins une "
                                "action",)


# -- what each built-in does when it runs ---------------------------------------------------
def run(ctx, key: str, entity_type: str, entity_id: int):
    from themisia_desktop.core.automation.runner import run_workflow_in

    with ctx.db.write() as s:
        workflow_id = find_by_builtin_key_in(s, key)
        return run_workflow_in(s, ctx.clock, workflow_id, entity_type=entity_type,
                               entity_id=entity_id, trigger={"kind": "test"})


def people(ctx) -> tuple[int, int, int]:
    """A client (owned by its partner), a matter with a responsible partner and an associate."""
    with ctx.db.write() as s:
        partner = make_user(s, "cmartin", first="Claire", last="Martin", category="partner")
        associate = make_user(s, "pdurand", first="Paul", last="Durand")
        client_id, matter_id = make_client_matter(s, responsible_id=partner)
        s.get(Contact, client_id).owner_id = partner
    return partner, associate, matter_id


def tasks(ctx) -> list[tuple[str, int | None, object]]:
    with ctx.db.read() as s:
        return [tuple(r) for r in s.execute(select(Task.title, Task.assignee_id, Task.due_on)
                                            .order_by(Task.id))]


def test_new_matter_gives_the_partner_two_tasks_and_a_popup(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    partner, _, matter_id = people(ctx)
    result = run(ctx, "nouveau_dossier", "matter", matter_id)
    assert result.outcome == "succeeded", result.error
    today = ctx.clock.today()
    assert tasks(ctx) == [
        ("Vérifier les conflits d'intérêts — 2026-0001", partner, today + timedelta(days=2)),
        ("Envoyer la convention d'honoraires — 2026-0001", partner, today + timedelta(days=7))]
    with ctx.db.read() as s:
        (note,) = s.scalars(select(Notification)).all()
    assert note.user_id == partner
    assert note.title == "Nouveau dossier 2026-0001 : Boulangerie Dupont SARL"
    assert "ouvert le 5 janvier 2026" in note.body


def mails(ctx) -> list[tuple[str, str]]:
    """(to, subject) of the queued mails, spaces normalised (amounts use narrow spaces)."""
    with ctx.db.read() as s:
        return [(m.to_addrs, " ".join(m.subject.split()))
                for m in s.scalars(select(OutboxMail).order_by(OutboxMail.id))]


def unbilled(ctx, matter_id: int, user_id: int, amount: str) -> None:
    with ctx.db.write() as s:
        s.add(TimeEntry(matter_id=matter_id, user_id=user_id, work_date=date(2026, 1, 6),
                        minutes=600, description="Conclusions", billable=True,
                        hourly_rate=Decimal("300.00"), amount=Decimal(amount),
                        rate_source="user_standard"))


def test_client_over_10000_mails_its_owner_and_is_closely_monitored(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    partner, _, matter_id = people(ctx)
    unbilled(ctx, matter_id, partner, "10500.00")
    with ctx.db.read() as s:
        client_id = s.get(Matter, matter_id).client_id
    result = run(ctx, "encours_client_eleve", "contact", client_id)
    assert result.outcome == "succeeded", result.error
    assert mails(ctx) == [("cmartin@cabinet.example.fr",
                           "Encours élevé : Boulangerie Dupont SARL (10 500,00 €)")]
    with ctx.db.read() as s:
        assert s.get(Contact, client_id).close_monitoring is True


def test_client_without_owner_alerts_the_partners_of_its_active_matters(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    partner, associate, matter_id = people(ctx)
    with ctx.db.write() as s:
        client_id = s.get(Matter, matter_id).client_id
        s.get(Contact, client_id).owner_id = None
        make_matter(s, client_id, associate, reference="2026-0002")
    unbilled(ctx, matter_id, partner, "12000.00")
    result = run(ctx, "encours_client_eleve", "contact", client_id)
    assert result.outcome == "succeeded", result.error
    assert [to for to, _ in mails(ctx)] == ["cmartin@cabinet.example.fr",
                                            "pdurand@cabinet.example.fr"]


def test_deadline_reminder_reaches_the_responsible_by_popup_and_mail(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    partner, associate, matter_id = people(ctx)
    with ctx.db.write() as s:
        deadline = Deadline(matter_id=matter_id, title="Dépôt des conclusions",
                            due_on=date(2026, 3, 5), responsible_id=associate)
        s.add(deadline)
        s.flush()
        deadline_id = deadline.id
    result = run(ctx, "echeance_j_moins_3", "deadline", deadline_id)
    assert result.outcome == "succeeded", result.error
    with ctx.db.read() as s:
        (note,) = s.scalars(select(Notification)).all()
    assert note.title == "Échéance le 5 mars 2026 : Dépôt des conclusions"
    assert [subject for _, subject in mails(ctx)] == [
        "Rappel : échéance du 5 mars 2026 — 2026-0001"]


def test_deadline_reminder_goes_to_the_deadline_own_responsible(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    partner, associate, matter_id = people(ctx)
    with ctx.db.write() as s:
        deadline = Deadline(matter_id=matter_id, title="Dépôt des conclusions",
                            due_on=date(2026, 3, 5), responsible_id=associate)
        s.add(deadline)
        s.flush()
        deadline_id = deadline.id
    run(ctx, "echeance_j_moins_3", "deadline", deadline_id)
    with ctx.db.read() as s:
        assert [n.user_id for n in s.scalars(select(Notification))] == [associate]
    assert mails(ctx) == [("pdurand@cabinet.example.fr",
                           "Rappel : échéance du 5 mars 2026 — 2026-0001")]


def test_validated_invoice_gives_a_task_and_a_reminder_in_30_days(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    partner, _, matter_id = people(ctx)
    with ctx.db.write() as s:
        invoice = Invoice(number="F-2026-0007", matter_id=matter_id,
                          client_id=s.get(Matter, matter_id).client_id, status="validated",
                          issued_on=date(2026, 3, 2), due_on=date(2026, 4, 1),
                          total_excl_tax=Decimal("1000.00"), total_vat=Decimal("200.00"),
                          total_incl_tax=Decimal("1200.00"))
        s.add(invoice)
        s.flush()
        invoice_id = invoice.id
    result = run(ctx, "facture_validee", "invoice", invoice_id)
    assert result.outcome == "succeeded", result.error
    assert tasks(ctx) == [("Envoyer la facture F-2026-0007 au client", partner,
                           ctx.clock.today() + timedelta(days=1))]
    with ctx.db.read() as s:
        (later,) = s.scalars(select(ScheduledAction)).all()
    assert later.action["type"] == "create_task"
    assert later.due_at.astimezone(PARIS).date() == date(2026, 4, 1)  # 2 March + 30


def test_matter_without_provision_alerts_its_partner(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    partner, _, matter_id = people(ctx)
    unbilled(ctx, matter_id, partner, "20500.00")
    ctx.clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc))  # 64 days after opening
    result = run(ctx, "encours_dossier_sans_provision", "matter", matter_id)
    assert result.outcome == "succeeded", result.error
    with ctx.db.read() as s:
        (note,) = s.scalars(select(Notification)).all()
    assert note.user_id == partner
    assert " ".join(note.title.split()) \
        == "Dossier 2026-0001 : encours de 20 500,00 € sans provision"
    assert "depuis 64 jours" in note.body


def test_the_chain_onboards_plans_and_schedules_the_billing_follow_up(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    workflows = by_key(ctx.db)
    for key in ("chaine_onboarding_client", "chaine_planification_procedure",
                "chaine_relance_facturation"):  # installed switched off: the firm opts in
        set_enabled(ctx.db, ctx.clock, workflows[key].id, True)
    partner, _, matter_id = people(ctx)
    result = run(ctx, "chaine_onboarding_client", "matter", matter_id)
    assert result.outcome == "succeeded", result.error
    assert [t[0] for t in tasks(ctx)] == [
        "Contrôle KYC : Boulangerie Dupont SARL",
        "Faire signer la convention d'honoraires — 2026-0001",
        "Établir le calendrier de procédure — 2026-0001"]
    with ctx.db.read() as s:
        (meeting,) = s.scalars(select(Appointment)).all()
        (later,) = s.scalars(select(ScheduledAction)).all()
        outcomes = s.execute(select(Workflow.builtin_key, RunTrace.outcome)
                             .join(Workflow, Workflow.id == RunTrace.workflow_id)
                             .order_by(RunTrace.id)).all()
    assert meeting.title == "Réunion de lancement — 2026-0001 (Boulangerie Dupont SARL)"
    assert later.action["title"].startswith("Point facturation")
    assert sorted(tuple(o) for o in outcomes) == sorted([
        ("chaine_onboarding_client", "succeeded"), ("chaine_planification_procedure", "succeeded"),
        ("chaine_relance_facturation", "succeeded")])


def test_the_first_link_alone_does_not_run_the_switched_off_rest_of_the_chain(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    first = by_key(ctx.db)["chaine_onboarding_client"]
    set_enabled(ctx.db, ctx.clock, first.id, True)
    partner, _, matter_id = people(ctx)
    result = run(ctx, "chaine_onboarding_client", "matter", matter_id)
    assert result.outcome == "succeeded", result.error
    second = by_key(ctx.db)["chaine_planification_procedure"]
    (skipped,) = [a for a in result.actions if a["action"] == "start_workflow"]
    assert skipped["outcome"] == "skipped"
    assert skipped["message"] == f"Automatisation « {second.name} » désactivée : non lancée"
    assert "Établir le calendrier de procédure — 2026-0001" not in [t[0] for t in tasks(ctx)]
    with ctx.db.read() as s:
        ran = s.scalars(select(RunTrace.workflow_id)).all()
        assert s.scalars(select(ScheduledAction)).all() == []
    assert ran == [first.id]


def test_switched_on_new_matter_builtin_reacts_to_the_creation_event(firm_ctx):
    from themisia_desktop.core.automation.engine import process_pending_events
    from themisia_desktop.core.automation.events import EventKind, record_event

    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    set_enabled(ctx.db, ctx.clock, by_key(ctx.db)["nouveau_dossier"].id, True)
    partner, _, matter_id = people(ctx)
    with ctx.db.write() as s:
        record_event(s, kind=EventKind.CREATED, entity_type="matter", entity_id=matter_id,
                     at=ctx.clock.now(), user_id=ctx.current_user.id)
    summary = process_pending_events(ctx.db, ctx.clock)
    # one run: the onboarding chain, also on a new matter, is installed switched off
    assert summary.errors == () and summary.runs == 1
    assert [(title.split(" —")[0], who) for title, who, _ in tasks(ctx)] == [
        ("Vérifier les conflits d'intérêts", partner),
        ("Envoyer la convention d'honoraires", partner)]
