"""The automation commands of ``themisia-admin``: list, import/export, switch on/off,
dry-run, sweep and runs, as the firm's IT person would use them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timezone
from decimal import Decimal
from io import StringIO

from sqlalchemy import func, select

from themisia_desktop import cli_automation as cli
from themisia_desktop.core.automation.builtins import builtins_dir, install_builtins
from themisia_desktop.core.automation.workflows import get_workflow, list_workflows
from themisia_desktop.core.models import Task, TimeEntry, Workflow
from tests.unit.contact_factory import make_company
from tests.unit.matter_factory import make_matter, make_user

class Streams:
    def __init__(self) -> None:
        self.out, self.err = StringIO(), StringIO()

    @property
    def text(self) -> str:
        return self.out.getvalue()

    @property
    def error(self) -> str:
        return self.err.getvalue()

def keyed(ctx) -> dict[str, int]:
    return {w.builtin_key: w.id for w in list_workflows(ctx.db) if w.builtin_key}

def workflow_count(ctx) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(Workflow))

def test_list_says_when_there_is_nothing_then_shows_the_builtins(firm_ctx):
    io = Streams()
    assert cli.workflows_list(firm_ctx, False, out=io.out) == 0
    assert io.text == "Aucun workflow.\n"

    install_builtins(firm_ctx.db, firm_ctx.clock)
    io = Streams()
    assert cli.workflows_list(firm_ctx, False, out=io.out) == 0
    lines = io.text.splitlines()
    assert lines[0].split() == ["N°", "État", "Déclencheur", "Sur", "Vers.", "Nom"]
    row = next(line for line in lines if "[modèle : echeance_j_moins_3]" in line)
    assert "désactivé" in row and "Date limite" in row and "Échéance à J−3" in row
    assert lines[-1] == "8 workflows, dont 0 activé."

def test_list_as_json_is_machine_readable(firm_ctx):
    install_builtins(firm_ctx.db, firm_ctx.clock)
    io = Streams()
    assert cli.workflows_list(firm_ctx, True, out=io.out) == 0
    data = json.loads(io.text)
    assert len(data) == 8 and not any(d["enabled"] for d in data)
    chain = next(d for d in data if d["builtin_key"] == "chaine_onboarding_client")
    assert (chain["trigger_kind"], chain["record_type"], chain["version"]) \
        == ("created", "matter", 1)

def test_enable_and_disable_switch_the_workflow(firm_ctx):
    install_builtins(firm_ctx.db, firm_ctx.clock)
    wid = keyed(firm_ctx)["facture_validee"]
    io = Streams()
    assert cli.workflows_enable(firm_ctx, wid, out=io.out, err=io.err) == 0
    assert io.text == f"Workflow n° {wid} « Facture validée : envoi et relance » activé.\n"
    assert get_workflow(firm_ctx.db, wid).info.enabled is True

    io = Streams()
    assert cli.workflows_disable(firm_ctx, wid, out=io.out, err=io.err) == 0
    assert io.text.endswith("désactivé.\n")
    assert get_workflow(firm_ctx.db, wid).info.enabled is False

def test_an_unknown_workflow_is_refused_in_french(firm_ctx):
    io = Streams()
    assert cli.workflows_enable(firm_ctx, 999, out=io.out, err=io.err) == 1
    assert io.error == "Erreur : Ce workflow n'existe pas (ou plus).\n" and io.text == ""
    assert cli.workflows_export(firm_ctx, 999, None, out=io.out, err=io.err) == 1

def test_export_then_import_gives_a_disabled_copy(firm_ctx, tmp_path):
    install_builtins(firm_ctx.db, firm_ctx.clock)
    wid = keyed(firm_ctx)["nouveau_dossier"]
    cli.workflows_enable(firm_ctx, wid, out=StringIO(), err=StringIO())
    target = tmp_path / "nouveau dossier.json"
    io = Streams()
    assert cli.workflows_export(firm_ctx, wid, target, out=io.out, err=io.err) == 0
    assert io.text == f"Workflow n° {wid} exporté dans {target}.\n"
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["format"] == "themisia-workflow"
    assert exported["workflow"]["name"] == "Nouveau dossier : premières diligences"

    io = Streams()
    assert cli.workflows_import(firm_ctx, target, out=io.out, err=io.err) == 0
    copy = max(list_workflows(firm_ctx.db), key=lambda w: w.id)
    assert copy.name == "Nouveau dossier : premières diligences (2)"
    assert copy.enabled is False and copy.builtin_key is None
    assert io.text.startswith(f"Workflow importé : n° {copy.id} « {copy.name} » (désactivé")
    original = get_workflow(firm_ctx.db, wid).definition
    assert get_workflow(firm_ctx.db, copy.id).definition == replace(original, name=copy.name)

def test_export_to_standard_output(firm_ctx):
    install_builtins(firm_ctx.db, firm_ctx.clock)
    io = Streams()
    assert cli.workflows_export(firm_ctx, keyed(firm_ctx)["facture_validee"], "-",
                                out=io.out, err=io.err) == 0
    assert json.loads(io.text)["builtin_key"] == "facture_validee"

def test_a_shipped_template_file_can_be_imported_directly(firm_ctx):
    io = Streams()
    path = builtins_dir() / "encours_dossier_sans_provision.json"
    assert cli.workflows_import(firm_ctx, path, out=io.out, err=io.err) == 0, io.error
    (info,) = list_workflows(firm_ctx.db)
    assert info.name == "Encours dossier > 20 000 € sans provision depuis 60 jours"
    assert info.enabled is False and info.trigger_kind == "threshold"

def test_an_invalid_file_lists_every_mistake_and_creates_nothing(firm_ctx, tmp_path):
    bad = tmp_path / "faux.json"
    bad.write_text(json.dumps({
        "name": "Faux", "trigger": {"kind": "created", "record": "matter"},
        "actions": [{"type": "create_task", "title": "Appeler {{ dossier.inconnu }}",
                     "assignee": {"role": "responsible"}, "due_in_days": -1}]}),
        encoding="utf-8")
    io = Streams()
    assert cli.workflows_import(firm_ctx, bad, out=io.out, err=io.err) == 1
    lines = io.error.splitlines()
    assert lines[0] == "Erreur : ce workflow n'est pas valide :"
    assert any("délai doit être un nombre de jours positif" in line for line in lines)
    assert any("dossier" in line for line in lines[1:]) and len(lines) >= 3
    assert workflow_count(firm_ctx) == 0

    garbage = tmp_path / "pas du json.json"
    garbage.write_text("{ pas du json", encoding="utf-8")
    io = Streams()
    assert cli.workflows_import(firm_ctx, garbage, out=io.out, err=io.err) == 1
    assert "JSON" in io.error
    io = Streams()
    assert cli.workflows_import(firm_ctx, tmp_path / "absent.json", out=io.out, err=io.err) == 1
    assert io.error.startswith("Erreur : impossible de lire")
    assert workflow_count(firm_ctx) == 0

# -- engine-backed commands -----------------------------------------------------------------
def matter_with_unbilled_work(ctx, amount: str, *,
                              opened_on: date = date(2026, 1, 5)) -> tuple[int, int]:
    with ctx.db.write() as s:
        responsible = make_user(s, "associe", first="Claire", last="Martin", category="partner")
        client_id = make_company(s, "Boulangerie Dupont SARL", status="client_active")
        matter_id = make_matter(s, client_id, responsible, opened_on=opened_on)
        s.add(TimeEntry(matter_id=matter_id, user_id=responsible, work_date=date(2026, 1, 6),
                        minutes=600, description="Rédaction des conclusions", billable=True,
                        hourly_rate=Decimal("300.00"), amount=Decimal(amount),
                        rate_source="user_standard"))
    return client_id, matter_id

def test_sweep_at_a_given_instant_fires_the_threshold_once_then_runs_lists_it(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    wid = keyed(ctx)["encours_dossier_sans_provision"]
    cli.workflows_enable(ctx, wid, out=StringIO(), err=StringIO())
    _, matter_id = matter_with_unbilled_work(ctx, "21000.00")
    # opened 5 January 2026, no provision: 60 days later is 6 March 2026.
    io = Streams()
    now = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)
    assert cli.sweep(ctx, now, out=io.out, err=io.err) == 0, io.error
    assert io.text.startswith("Balayage du 10 mars 2026 à 09:00 : 1 règle surveillée.")
    assert "Déclenchements : 1" in io.text
    assert (f"Encours dossier > 20 000 € sans provision depuis 60 jours → dossier n° "
            f"{matter_id} : Exécuté") in io.text

    io = Streams()
    assert cli.sweep(ctx, now, out=io.out, err=io.err) == 0
    assert "Déclenchements : 0" in io.text  # once per episode

    io = Streams()
    assert cli.runs(ctx, False, 10, out=io.out) == 0
    first = io.text.splitlines()[0]
    assert "Exécuté" in first and f"dossier n° {matter_id}" in first

    io = Streams()
    assert cli.runs(ctx, True, 10, out=io.out) == 0
    (run,) = json.loads(io.text)
    assert (run["workflow_id"], run["entity_type"], run["entity_id"], run["outcome"]) \
        == (wid, "matter", matter_id, "succeeded")

def test_a_naive_now_is_paris_time(firm_ctx):
    io = Streams()
    assert cli.sweep(firm_ctx, datetime(2026, 7, 1, 9, 30), out=io.out, err=io.err) == 0
    assert io.text.startswith("Balayage du 1er juillet 2026 à 09:30 : 0 règle surveillée.")
    assert io.text.count("Déclenchements : 0") == 1

def test_runs_says_when_nothing_ran(firm_ctx):
    io = Streams()
    assert cli.runs(firm_ctx, False, 20, out=io.out) == 0
    assert io.text == "Aucune exécution de workflow.\n"

def test_dry_run_lists_what_would_happen_and_changes_nothing(firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    wid = keyed(ctx)["encours_dossier_sans_provision"]
    _, matter_id = matter_with_unbilled_work(ctx, "25000.00", opened_on=date(2025, 11, 3))
    before = workflow_count(ctx)
    io = Streams()
    assert cli.workflows_dry_run(ctx, wid, out=io.out, err=io.err) == 0, io.error
    assert io.text.startswith("Simulation de « Encours dossier > 20 000 € sans provision "
                              "depuis 60 jours » au 02/03/2026 (rien n'est modifié) :")
    lines = [" ".join(line.split()) for line in io.text.splitlines()]
    assert lines[1:] == [
        f"- dossier n° {matter_id} : Exécuté",
        "→ Notifier (notification et e-mail) Claire Martin : « Dossier 2026-0001 : encours de "
        "25 000,00 € sans provision »",
        "1 enregistrement examiné, 1 déclencherait des actions."]
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Task)) == 0
    assert workflow_count(ctx) == before
