"""The « Doublons » screen driven as a user would: scan, dismiss, open the merge dialog."""

from __future__ import annotations

import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt

from tests.gui.helpers import click
from tests.unit.contact_factory import make_company, make_person
from themisia_desktop.core.contacts.service import get_contact
from themisia_desktop.gui.contacts.duplicates_view import (DISMISS_TEXT, MERGE_TEXT, SCAN_TEXT,
                                                           DuplicatesView)


def plant(ctx) -> dict[str, int]:
    with ctx.db.write() as s:
        a = make_person(s, "Hélène", "Lefèvre", emails=("helene@example.fr",))
        b = make_person(s, "Helene", "Lefevre", emails=("Helene@example.fr",), city="Lyon")
        make_person(s, "Paul", "Garnier", emails=("paul@example.fr",))
        make_company(s, "SARL Dupont Bâtiment", siren="732829320")
        return {"a": a, "b": b}


def open_view(qtbot, ctx) -> DuplicatesView:
    view = DuplicatesView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def scan(qtbot, view: DuplicatesView) -> list[int]:
    seen: list[int] = []
    view.progress_bar.valueChanged.connect(seen.append)
    with qtbot.waitSignal(view.scanned, timeout=10000):
        click(qtbot, view.scan_button)
    qtbot.waitUntil(lambda: not view.busy)
    return seen


def pairs(view: DuplicatesView) -> set[tuple[int, int]]:
    return {(r.a, r.b) for r in view.model.rows}


def test_scan_finds_the_planted_pair_with_its_reasons(qtbot, firm_ctx):
    ids = plant(firm_ctx)
    view = open_view(qtbot, firm_ctx)
    assert view.scan_button.text() == SCAN_TEXT
    assert not view.merge_button.isEnabled() and not view.dismiss_button.isEnabled()
    seen = scan(qtbot, view)
    assert seen and max(seen) == 100  # the progress callback reached the bar
    assert not view.progress_bar.isVisible()
    assert pairs(view) == {(ids["a"], ids["b"])}
    model = view.model
    texts = [model.data(model.index(0, c)) for c in range(4)]
    assert texts[0] == "Hélène Lefèvre" and texts[1] == "Helene Lefevre"
    assert texts[2].endswith(" %") and int(texts[2][:-2]) >= 90
    assert texts[3] == "Même nom, même e-mail"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["Contact A", "Contact B", "Score",
                                                             "Raisons"]
    assert "1 paire" in view.status_label.text()
    assert view.merge_button.isEnabled() and view.dismiss_button.isEnabled()


def test_dismiss_removes_the_pair_and_a_rescan_keeps_it_away(qtbot, firm_ctx):
    ids = plant(firm_ctx)
    with firm_ctx.db.write() as s:
        other = (make_person(s, "Marie", "Durand"), make_person(s, "Marie", "Durant"))
    view = open_view(qtbot, firm_ctx)
    scan(qtbot, view)
    assert pairs(view) == {(ids["a"], ids["b"]), other}
    row = next(i for i, r in enumerate(view.model.rows) if (r.a, r.b) == (ids["a"], ids["b"]))
    view.table.selectRow(row)
    assert view.dismiss_button.text() == DISMISS_TEXT
    with qtbot.waitSignal(view.dismissed, timeout=5000) as dismissed:
        click(qtbot, view.dismiss_button)
    assert dismissed.args == [ids["a"], ids["b"]]
    assert pairs(view) == {other}
    assert view.selected_row() is not None  # the next pair, ready for the next decision
    assert "ne seront plus proposés" in view.status_label.text()
    scan(qtbot, view)
    assert pairs(view) == {other}
    assert "1 paire" in view.status_label.text()


def test_merge_opens_the_dialog_for_the_pair_and_removes_it_after(qtbot, firm_ctx):
    ids = plant(firm_ctx)
    view = open_view(qtbot, firm_ctx)
    scan(qtbot, view)
    view.table.selectRow(0)
    assert view.merge_button.text() == MERGE_TEXT
    click(qtbot, view.merge_button)
    qtbot.waitUntil(lambda: view.merge_dialog is not None and view.merge_dialog.isVisible())
    d = view.merge_dialog
    assert (d.keep_id, d.merge_id) == (ids["a"], ids["b"])
    qtbot.waitUntil(lambda: not d.busy and d.preview is not None, timeout=5000)
    with qtbot.waitSignals([d.merged, view.contactsChanged], timeout=5000):
        click(qtbot, d.merge_button)
    record_id = d.record_id
    assert record_id is not None
    assert view.model.rows == []
    assert get_contact(firm_ctx.db, ids["b"]).merged_into_id == ids["a"]
    # undone from the dialog: the pair comes back in the list
    qtbot.waitUntil(lambda: not d.busy)
    click(qtbot, d.undo_button)
    qtbot.waitUntil(lambda: d.confirm_box is not None and d.confirm_box.isVisible())
    with qtbot.waitSignal(d.undone, timeout=5000) as undone:
        click(qtbot, d.confirm_yes)
    assert undone.args == [record_id]
    assert pairs(view) == {(ids["a"], ids["b"])}
    assert get_contact(firm_ctx.db, ids["b"]).merged_into_id is None


def test_duplicates_view_screenshot(qtbot, firm_ctx, tmp_path):
    """A PNG for a human to look at: into $THEMISIA_SHOTS when set (else a temporary folder)."""
    from themisia_desktop.gui.app import load_style_sheet

    out = Path(os.environ.get("THEMISIA_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    plant(firm_ctx)
    with firm_ctx.db.write() as s:
        make_company(s, "Dupont Bâtiment", siren="732829320", city="Lyon")
        make_person(s, "Jean-Pierre", "Martin", phones=("+33478000000",))
        make_person(s, "Jean Pierre", "Martin", phones=("+33478000000",))
        make_person(s, "Marie", "Durand")
        make_person(s, "Marie", "Durant")
    view = DuplicatesView(firm_ctx)
    qtbot.addWidget(view)
    view.setStyleSheet(load_style_sheet())
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    scan(qtbot, view)
    assert len(view.model.rows) >= 3
    view.table.selectRow(1)
    view.layout().activate()
    assert view.grab().save(str(out / "duplicates_view.png"))



def test_merge_dialog_can_be_opened_again_after_closing(qtbot, firm_ctx):
    ids = plant(firm_ctx)
    view = open_view(qtbot, firm_ctx)
    scan(qtbot, view)
    view.table.selectRow(0)
    click(qtbot, view.merge_button)
    qtbot.waitUntil(lambda: view.merge_dialog is not None and view.merge_dialog.isVisible())
    first = view.merge_dialog
    qtbot.waitUntil(lambda: not first.busy and first.preview is not None, timeout=5000)
    click(qtbot, first.close_button)
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))  # closed, then deleted
    click(qtbot, view.merge_button)
    qtbot.waitUntil(lambda: view.merge_dialog is not first and view.merge_dialog.isVisible())
    assert (view.merge_dialog.keep_id, view.merge_dialog.merge_id) == (ids["a"], ids["b"])
    assert pairs(view) == {(ids["a"], ids["b"])}  # closed without merging: still listed


def test_duplicates_window_opens_from_a_parent(qtbot, firm_ctx):
    from PySide6.QtWidgets import QWidget

    from themisia_desktop.gui.contacts.duplicates_view import open_duplicates_window

    parent = QWidget()
    qtbot.addWidget(parent)
    view = open_duplicates_window(firm_ctx, parent)
    qtbot.waitExposed(view)
    assert view.isWindow() and view.windowTitle().startswith("Doublons")
    scan(qtbot, view)
    assert "Aucun doublon" in view.status_label.text()


def test_the_contact_list_opens_the_duplicates_screen(qtbot, firm_ctx):
    from tests.gui.helpers import click
    from themisia_desktop.gui.contacts.contact_list import build_contacts_page
    from themisia_desktop.gui.contacts.duplicates_view import DuplicatesView

    page = build_contacts_page(firm_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    click(qtbot, page.duplicates_button)
    qtbot.waitUntil(lambda: page.duplicates_window.isVisible(), timeout=5_000)
    assert isinstance(page.duplicates_window, DuplicatesView)
    page.duplicates_window.close()


def test_groups_gather_connected_pairs_with_their_references(qtbot, firm_ctx):
    from themisia_desktop.core.models import Contact

    ids = plant(firm_ctx)
    with firm_ctx.db.write() as s:
        c = make_person(s, "Hélène", "Lefèvre", phones=("+33612345678",), city="Lyon")
        s.get(Contact, ids["a"]).external_ref = "OLD-17"
    view = open_view(qtbot, firm_ctx)
    scan(qtbot, view)
    gm = view.groups_model
    texts = [gm.data(gm.index(r, 0)) for r in range(gm.rowCount())]
    mine = next(t for t in texts if f"n° {ids['a']}, réf. OLD-17" in t)
    assert f"n° {ids['b']}" in mine and f"n° {c}" in mine, "a~b and a~c make one group"
    row = texts.index(mine)
    assert gm.data(gm.index(row, 1)) == "3"
    view.groups_table.selectRow(row)
    chosen = view.selected_row()
    assert chosen is not None and {chosen.a, chosen.b} <= {ids["a"], ids["b"], c}
    with qtbot.waitSignal(view.dismissed, timeout=5000):
        click(qtbot, view.dismiss_button)
    assert view.groups_model.rowCount() >= 1  # the group's other pairs are still offered
