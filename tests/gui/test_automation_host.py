"""The running application's automation engine: started at login, woken by commits that write
events, reporting back on the GUI thread, stopped with the main window."""

from __future__ import annotations

from themisia_desktop.core.automation.builtins import install_builtins
from themisia_desktop.core.automation.traces import list_runs
from themisia_desktop.core.automation.workflows import find_by_builtin_key_in, set_enabled
from themisia_desktop.core.calendar.tasks import matter_tasks
from themisia_desktop.core.matters.schema import MatterInput
from themisia_desktop.core.matters.service import open_matter
from themisia_desktop.gui.startup import StartupFlow
from tests.unit.contact_factory import make_company


def test_a_matter_opened_while_logged_in_gets_its_built_in_tasks(qtbot, firm_ctx):
    ctx = firm_ctx
    install_builtins(ctx.db, ctx.clock)
    with ctx.db.read() as s:
        workflow_id = find_by_builtin_key_in(s, "nouveau_dossier")
    set_enabled(ctx.db, ctx.clock, workflow_id, True, user_id=ctx.current_user.id)
    with ctx.db.write() as s:
        client = make_company(s, "Boulangerie Dupont SARL", status="client_active")

    flow = StartupFlow(lambda: ctx, automation=True)
    flow.ctx = ctx  # as once the base is open and the user has logged in
    window = flow.open_main_window(ctx.current_user)
    qtbot.addWidget(window)
    host = flow.automation
    reports = []
    host.reported.connect(reports.append)
    qtbot.waitUntil(lambda: bool(reports), timeout=15_000)  # the catch-up tick at start
    assert reports[0].ok

    # A commit that writes an event wakes the engine; no sweep interval to wait for.
    matter = open_matter(ctx.db, ctx.clock, MatterInput(client, "Bail commercial",
                                                        ctx.current_user.id),
                         user_id=ctx.current_user.id, kyc_acknowledged=True)
    qtbot.waitUntil(lambda: len(list_runs(ctx.db, workflow_id=workflow_id)) == 1, timeout=15_000)
    titles = {t.title for t in matter_tasks(ctx.db, ctx.clock, matter)}
    assert titles == {"Vérifier les conflits d'intérêts — 2026-0001",
                      "Envoyer la convention d'honoraires — 2026-0001"}

    window.close()
    qtbot.waitUntil(lambda: not host.service.running, timeout=10_000)
