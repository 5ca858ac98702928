"""The Dossiers area: search, status filter, and a double-click opening the matter screen."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from tests.gui.helpers import save_shot, type_into
from tests.unit.contact_factory import make_company, make_person
from themisia_desktop.core.matters.schema import MatterInput
from themisia_desktop.core.matters.service import change_matter_status, open_matter
from themisia_desktop.gui.matters.matter_list import build_matters_page
from themisia_desktop.gui.matters.matter_screen import MatterScreen



@pytest.fixture
def matters(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        dupont = make_company(s, "Boulangerie Dupont SARL", status="client_active")
        helene = make_person(s, "Hélène", "Bérard", status="client_active")
    me = ctx.current_user.id
    ids = [open_matter(ctx.db, ctx.clock, MatterInput(client, title, me), user_id=me,
                       kyc_acknowledged=True)
           for client, title in ((dupont, "Bail commercial"), (helene, "Échéance de prêt"),
                                 (dupont, "Litige fournisseur"))]
    change_matter_status(ctx.db, ctx.clock, ids[2], "closed")
    return ctx, ids


def shown_rows(page) -> list[tuple[str, str, str]]:
    m = page.model
    return [tuple(m.index(r, c).data() for c in (0, 1, 4)) for r in range(m.rowCount())]


def test_list_filters_and_opens_the_screen(qtbot, matters):
    ctx, ids = matters
    page = build_matters_page(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    with qtbot.waitSignal(page.pageShown, timeout=10_000):
        page.show()
    assert shown_rows(page) == [("2026-0002", "Échéance de prêt", "Ouvert"),
                                ("2026-0001", "Bail commercial", "Ouvert")]
    assert page.count_label.text() == "2 dossiers"
    save_shot(page, "matters_list.png")

    with qtbot.waitSignal(page.pageShown, timeout=10_000):
        page.status_combo.setCurrentIndex(page.status_combo.findText("Tous les statuts"))
    assert [r[0] for r in shown_rows(page)] == ["2026-0003", "2026-0002", "2026-0001"]
    assert shown_rows(page)[0][2] == "Clôturé"

    with qtbot.waitSignal(page.pageShown, timeout=10_000):
        type_into(qtbot, page.search_edit, "echeance")
    assert shown_rows(page) == [("2026-0002", "Échéance de prêt", "Ouvert")]
    with qtbot.waitSignal(page.pageShown, timeout=10_000):
        type_into(qtbot, page.search_edit, "dupont", replace=True)
    assert [r[0] for r in shown_rows(page)] == ["2026-0003", "2026-0001"]

    view = page.view
    rect = view.visualRect(page.model.index(1, 1))
    # A real double-click: press, release, then the double-click event on the same row.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.matterActivated, timeout=5000) as signal:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [ids[0]]
    screen = page.last_screen
    assert isinstance(screen, MatterScreen)
    qtbot.waitUntil(lambda: screen.view is not None, timeout=10_000)
    assert screen.reference_label.text() == "2026-0001"
    assert screen.title_label.text() == "Bail commercial"
    assert screen.client_label.text() == "Client : Boulangerie Dupont SARL"
    qtbot.waitUntil(lambda: not screen.busy)
    screen.close()
