"""The merge dialog driven as a user would; what was merged (and undone) is checked through core."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from tests.gui.helpers import click
from tests.unit.contact_factory import make_person
from themisia_desktop.core.contacts.merge import merge_contacts
from themisia_desktop.core.contacts.service import get_contact
from themisia_desktop.core.models import Invoice, Matter, MatterParty
from themisia_desktop.gui.contacts.merge_dialog import (DONE_TEXT, TITLE, UNDONE_TEXT,
                                                        MergeDialog)

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)


def plant_pair(ctx) -> dict[str, int]:
    """Two records of one client; the second one has a matter and an invoice."""
    user_id = ctx.current_user.id
    with ctx.db.write() as s:
        keep = make_person(s, "Hélène", "LEFÈVRE", phones=("+33612345678",))
        dup = make_person(s, "Helene", "Lefevre", status="client_active",
                          emails=("helene@example.fr",), phones=("+33612345678",),
                          birth_date=date(1970, 5, 4), city="Lyon")
        matter = Matter(reference="2026-0001", title="Lefèvre c/ Dupont", client_id=dup,
                        responsible_id=user_id, opened_on=date(2026, 1, 5), created_at=T0,
                        updated_at=T0)
        s.add(matter)
        s.flush()
        s.add(MatterParty(matter_id=matter.id, contact_id=dup, role="client"))
        s.add(Invoice(number="F-2026-0001", matter_id=matter.id, client_id=dup, status="sent",
                      total_excl_tax=Decimal("375.00"), total_vat=Decimal("75.00"),
                      total_incl_tax=Decimal("450.00"), created_at=T0, updated_at=T0))
        s.flush()
        return {"keep": keep, "dup": dup, "matter": matter.id}


def matter_client(ctx, matter_id: int) -> int:
    with ctx.db.read() as s:
        return s.get(Matter, matter_id).client_id


def open_dialog(qtbot, ctx, keep_id: int, merge_id: int) -> MergeDialog:
    d = MergeDialog(ctx, keep_id, merge_id)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    wait_preview(qtbot, d)
    return d


def wait_preview(qtbot, d: MergeDialog) -> None:
    qtbot.waitUntil(lambda: not d.busy and d.preview is not None
                    and d.preview.keep_id == d.keep_id, timeout=5000)


def test_merge_with_a_field_from_the_other_record_then_undo(qtbot, firm_ctx):
    ids = plant_pair(firm_ctx)
    d = open_dialog(qtbot, firm_ctx, ids["keep"], ids["dup"])
    assert d.windowTitle() == TITLE
    assert "Hélène LEFÈVRE" in d.keep_label.text()
    assert "Helene Lefevre" in d.merge_label.text()
    moves = d.moves_label.text()
    assert "Dossiers : 1" in moves and "Factures : 1" in moves
    # defaults: the kept name, the other record's e-mail (the kept one has none)
    keep_name, other_name = d.choice_buttons["display_name"]
    assert keep_name.isChecked() and not other_name.isChecked()
    assert d.choice_buttons["primary_email"][1].isChecked()
    assert other_name.text() == "Helene Lefevre"
    # the user prefers the other record's spelling of the name, and keeps their own city-less
    click(qtbot, other_name)
    assert other_name.isChecked() and not keep_name.isChecked()
    click(qtbot, d.choice_buttons["city"][0])
    assert d.choices()["display_name"] == "merged" and d.choices()["city"] == "keep"

    with qtbot.waitSignal(d.merged, timeout=5000) as merged:
        click(qtbot, d.merge_button)
    record_id = merged.args[0]
    qtbot.waitUntil(lambda: not d.busy)
    assert d.result_frame.isVisible() and DONE_TEXT in d.result_label.text()
    assert not d.merge_button.isEnabled() and not d.swap_button.isEnabled()

    kept = get_contact(firm_ctx.db, ids["keep"])
    assert kept.display_name == "Helene Lefevre"
    assert kept.primary_email == "helene@example.fr"
    assert kept.city is None
    assert get_contact(firm_ctx.db, ids["dup"]).merged_into_id == ids["keep"]
    assert matter_client(firm_ctx, ids["matter"]) == ids["keep"]

    click(qtbot, d.undo_button)
    qtbot.waitUntil(lambda: d.confirm_box is not None and d.confirm_box.isVisible())
    assert "Annuler cette fusion" in d.confirm_box.text()
    assert "redeviendra une fiche distincte" in d.confirm_box.informativeText()
    with qtbot.waitSignal(d.undone, timeout=5000) as undone:
        click(qtbot, d.confirm_yes)
    assert undone.args == [record_id]
    qtbot.waitUntil(lambda: not d.busy)
    assert UNDONE_TEXT in d.result_label.text() and not d.undo_button.isVisible()

    kept = get_contact(firm_ctx.db, ids["keep"])
    back = get_contact(firm_ctx.db, ids["dup"])
    assert kept.display_name == "Hélène LEFÈVRE" and kept.primary_email is None
    assert back.merged_into_id is None and back.display_name == "Helene Lefevre"
    assert back.primary_email == "helene@example.fr"
    assert matter_client(firm_ctx, ids["matter"]) == ids["dup"]


def test_refusing_the_undo_keeps_the_merge(qtbot, firm_ctx):
    ids = plant_pair(firm_ctx)
    d = open_dialog(qtbot, firm_ctx, ids["keep"], ids["dup"])
    with qtbot.waitSignal(d.merged, timeout=5000):
        click(qtbot, d.merge_button)
    qtbot.waitUntil(lambda: not d.busy)
    click(qtbot, d.undo_button)
    qtbot.waitUntil(lambda: d.confirm_box is not None and d.confirm_box.isVisible())
    click(qtbot, d.confirm_no)
    qtbot.waitUntil(lambda: not d.confirm_box.isVisible())
    assert not d.busy and d.undo_button.isVisible()
    assert get_contact(firm_ctx.db, ids["dup"]).merged_into_id == ids["keep"]


def test_swap_keeps_the_other_record(qtbot, firm_ctx):
    ids = plant_pair(firm_ctx)
    d = open_dialog(qtbot, firm_ctx, ids["keep"], ids["dup"])
    click(qtbot, d.swap_button)
    wait_preview(qtbot, d)
    assert (d.keep_id, d.merge_id) == (ids["dup"], ids["keep"])
    assert "Helene Lefevre" in d.keep_label.text()
    assert "Hélène LEFÈVRE" in d.merge_label.text()
    # nothing of the kept record's activity moves now; the other one has only its phone
    assert "Dossiers" not in d.moves_label.text()
    with qtbot.waitSignal(d.merged, timeout=5000):
        click(qtbot, d.merge_button)
    assert get_contact(firm_ctx.db, ids["keep"]).merged_into_id == ids["dup"]
    assert get_contact(firm_ctx.db, ids["dup"]).merged_into_id is None
    assert matter_client(firm_ctx, ids["matter"]) == ids["dup"]


def test_merge_refused_by_core_is_explained_in_french(qtbot, firm_ctx):
    ids = plant_pair(firm_ctx)
    d = open_dialog(qtbot, firm_ctx, ids["keep"], ids["dup"])
    # someone else merges the pair meanwhile
    merge_contacts(firm_ctx.db, firm_ctx.clock, ids["keep"], ids["dup"])
    click(qtbot, d.merge_button)
    qtbot.waitUntil(lambda: not d.busy and d.error_text() != "", timeout=5000)
    assert "a déjà été fusionnée" in d.error_text()
    assert d.record_id is None and not d.result_frame.isVisible()
    assert d.isVisible()


def test_merge_dialog_screenshot(qtbot, firm_ctx, tmp_path):
    """A PNG for a human to look at: into $THEMISIA_SHOTS when set (else a temporary folder)."""
    from themisia_desktop.gui.app import load_style_sheet

    out = Path(os.environ.get("THEMISIA_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    ids = plant_pair(firm_ctx)
    d = MergeDialog(firm_ctx, ids["keep"], ids["dup"])
    qtbot.addWidget(d)
    d.setStyleSheet(load_style_sheet())
    d.resize(1366, 768)
    d.show()
    qtbot.waitExposed(d)
    wait_preview(qtbot, d)
    d.layout().activate()
    assert d.grab().save(str(out / "merge_dialog.png"))
    with qtbot.waitSignal(d.merged, timeout=5000):
        click(qtbot, d.merge_button)
    qtbot.waitUntil(lambda: not d.busy)
    assert d.grab().save(str(out / "merge_dialog_done.png"))
