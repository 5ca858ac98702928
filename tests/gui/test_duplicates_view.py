"""The « Doublons » screen driven as a user would: scan, pick a group, pick two of its records,
merge them or set them aside."""

from __future__ import annotations

import os
import re
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt

from tests.gui.helpers import click
from tests.unit.contact_factory import make_company, make_person
from themisia_desktop.core.contacts.duplicate_scan import scan_duplicates
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


def plant_three(ctx) -> dict[str, int]:
    """A~B (same e-mail), B~C (same phone); A and C alone are not a scanned pair."""
    with ctx.db.write() as s:
        a = make_person(s, "Jean", "Moreau", emails=("jmoreau@example.fr",))
        b = make_person(s, "Jean", "Moreaux", emails=("jmoreau@example.fr",),
                        phones=("+33478000000",))
        c = make_person(s, "Pauline", "Rivière", phones=("+33478000000",), city="Lyon")
    return {"a": a, "b": b, "c": c}


def open_view(qtbot, ctx) -> DuplicatesView:
    view = DuplicatesView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 768)
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


def group_sets(view: DuplicatesView) -> list[set[int]]:
    return [set(g.contact_ids) for g in view.groups]


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def choose_group(qtbot, view: DuplicatesView, ids: set[int]) -> None:
    row = next(n for n, g in enumerate(view.groups) if set(g.contact_ids) == ids)
    click_row(qtbot, view.groups_table, row)
    assert view.selected_group() is not None and set(view.selected_group().contact_ids) == ids


def member_row(view: DuplicatesView, contact_id: int) -> int:
    model = view.members_model
    return next(r for r in range(model.rowCount()) if model.row_id(r) == contact_id)


def toggle_member(qtbot, view: DuplicatesView, contact_id: int) -> None:
    click_row(qtbot, view.members_table, member_row(view, contact_id))


def members_text(view: DuplicatesView, contact_id: int) -> list[str]:
    model, row = view.members_model, member_row(view, contact_id)
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def test_scan_lists_the_planted_group_with_its_reasons_and_members(qtbot, firm_ctx):
    ids = plant(firm_ctx)
    view = open_view(qtbot, firm_ctx)
    assert view.scan_button.text() == SCAN_TEXT
    assert not view.merge_button.isEnabled() and not view.dismiss_button.isEnabled()
    seen = scan(qtbot, view)
    assert seen and max(seen) == 100  # the progress callback reached the bar
    assert not view.progress_bar.isVisible()
    assert group_sets(view) == [{ids["a"], ids["b"]}]
    gm = view.groups_model
    assert [gm.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Fiches du groupe", "Nombre", "Meilleur score", "Raisons principales"]
    texts = [gm.data(gm.index(0, c)) for c in range(4)]
    assert texts[0] == "Hélène Lefèvre ; Helene Lefevre" and texts[1] == "2"
    assert texts[2].endswith(" %") and int(texts[2][:-2]) >= 90
    assert texts[3] == "Même nom, même e-mail"
    assert "1 groupe de doublons" in view.status_label.text()
    # the first group is shown, its best pair picked
    assert view.members_model.rowCount() == 2
    assert members_text(view, ids["b"])[:4] == [
        f"Helene Lefevre (n° {ids['b']})", "Personne physique", "Contact", "Helene@example.fr"]
    assert members_text(view, ids["b"])[6] == "Lyon"
    assert view.selected_ids() == [ids["a"], ids["b"]]
    assert view.merge_button.isEnabled() and view.dismiss_button.isEnabled()


def test_a_group_of_three_lets_the_user_merge_any_two_of_its_members(qtbot, firm_ctx):
    ids = plant_three(firm_ctx)
    a, b, c = ids["a"], ids["b"], ids["c"]
    view = open_view(qtbot, firm_ctx)
    scan(qtbot, view)
    assert group_sets(view) == [{a, b, c}]
    assert {(p.a, p.b) for p in view.groups[0].pairs} == {(a, b), (b, c)}
    assert view.groups_model.data(view.groups_model.index(0, 1)) == "3"
    choose_group(qtbot, view, {a, b, c})
    assert view.members_model.rowCount() == 3
    for picked in list(view.selected_ids()):
        toggle_member(qtbot, view, picked)  # un-pick the proposed pair
    assert view.selected_ids() == [] and not view.merge_button.isEnabled()
    toggle_member(qtbot, view, a)
    toggle_member(qtbot, view, b)
    toggle_member(qtbot, view, c)
    assert view.selected_ids() == [a, b, c]
    assert not view.merge_button.isEnabled() and view.dismiss_button.isEnabled()
    assert "deux fiches à la fois" in view.selection_label.text()
    toggle_member(qtbot, view, b)
    assert view.selected_ids() == [a, c]
    assert view.merge_button.isEnabled() and view.merge_button.text() == MERGE_TEXT
    click(qtbot, view.merge_button)
    qtbot.waitUntil(lambda: view.merge_dialog is not None and view.merge_dialog.isVisible())
    d = view.merge_dialog
    assert (d.keep_id, d.merge_id) == (a, c)
    qtbot.waitUntil(lambda: not d.busy and d.preview is not None, timeout=5000)
    with qtbot.waitSignals([d.merged, view.contactsChanged], timeout=5000):
        click(qtbot, d.merge_button)
    assert get_contact(firm_ctx.db, c).merged_into_id == a
    # the group of three became a group of two, still shown
    assert group_sets(view) == [{a, b}]
    assert view.members_model.rowCount() == 2
    assert set(view.selected_ids()) == {a, b}
    qtbot.waitUntil(lambda: not view.busy)
    assert members_text(view, a)[0] == f"Jean Moreau (n° {a})"
    # undone from the dialog: the group of three is back
    qtbot.waitUntil(lambda: not d.busy)
    click(qtbot, d.undo_button)
    qtbot.waitUntil(lambda: d.confirm_box is not None and d.confirm_box.isVisible())
    with qtbot.waitSignal(d.undone, timeout=5000):
        click(qtbot, d.confirm_yes)
    assert group_sets(view) == [{a, b, c}]
    assert view.members_model.rowCount() == 3
    assert get_contact(firm_ctx.db, c).merged_into_id is None


def test_dismissing_a_whole_group_removes_it_and_a_rescan_keeps_it_away(qtbot, firm_ctx):
    ids = plant_three(firm_ctx)
    with firm_ctx.db.write() as s:
        other = {make_person(s, "Marie", "Durand"), make_person(s, "Marie", "Durant")}
    view = open_view(qtbot, firm_ctx)
    scan(qtbot, view)
    trio = {ids["a"], ids["b"], ids["c"]}
    assert sorted(map(sorted, group_sets(view))) == sorted(map(sorted, [trio, other]))
    choose_group(qtbot, view, trio)
    toggle_member(qtbot, view, next(i for i in trio if i not in view.selected_ids()))
    assert set(view.selected_ids()) == trio
    assert view.dismiss_button.text() == DISMISS_TEXT
    with qtbot.waitSignal(view.dismissed, timeout=5000) as dismissed:
        click(qtbot, view.dismiss_button)
    assert set(dismissed.args[0]) == trio
    assert group_sets(view) == [other]
    assert view.selected_group() is not None  # the next group, ready for the next decision
    assert "ne seront plus proposées" in view.status_label.text()
    assert [set(g.contact_ids) for g in scan_duplicates(firm_ctx.db)] == [other]
    scan(qtbot, view)
    assert group_sets(view) == [other]
    assert "1 groupe" in view.status_label.text()


def test_dismissing_two_members_keeps_the_rest_of_the_group(qtbot, firm_ctx):
    ids = plant_three(firm_ctx)
    a, b, c = ids["a"], ids["b"], ids["c"]
    view = open_view(qtbot, firm_ctx)
    scan(qtbot, view)
    choose_group(qtbot, view, {a, b, c})
    view.set_selected_ids(())
    toggle_member(qtbot, view, a)
    toggle_member(qtbot, view, b)
    with qtbot.waitSignal(view.dismissed, timeout=5000):
        click(qtbot, view.dismiss_button)
    assert group_sets(view) == [{b, c}]  # b~c is still a likely pair
    assert view.members_model.rowCount() == 2
    scan(qtbot, view)
    assert group_sets(view) == [{b, c}]


def test_duplicates_view_screenshot(qtbot, firm_ctx, tmp_path):
    """A PNG for a human to look at: into $THEMISIA_SHOTS when set (else a temporary folder)."""
    from themisia_desktop.core.models import Contact
    from themisia_desktop.gui.app import load_style_sheet

    out = Path(os.environ.get("THEMISIA_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    plant(firm_ctx)
    ids = plant_three(firm_ctx)
    with firm_ctx.db.write() as s:
        make_company(s, "Dupont Bâtiment", siren="732829320", city="Lyon")
        make_person(s, "Marie", "Durand")
        make_person(s, "Marie", "Durant", status="client_active")
        s.get(Contact, ids["b"]).external_ref = "CLI-0042"
    view = DuplicatesView(firm_ctx)
    qtbot.addWidget(view)
    view.setStyleSheet(load_style_sheet())
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    scan(qtbot, view)
    assert len(view.groups) >= 4
    choose_group(qtbot, view, set(ids.values()))
    view.layout().activate()
    assert view.grab().save(str(out / "duplicates_groups.png"))


def test_merge_dialog_can_be_opened_again_after_closing(qtbot, firm_ctx):
    ids = plant(firm_ctx)
    view = open_view(qtbot, firm_ctx)
    scan(qtbot, view)
    click(qtbot, view.merge_button)
    qtbot.waitUntil(lambda: view.merge_dialog is not None and view.merge_dialog.isVisible())
    first = view.merge_dialog
    qtbot.waitUntil(lambda: not first.busy and first.preview is not None, timeout=5000)
    click(qtbot, first.close_button)
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))  # closed, then deleted
    click(qtbot, view.merge_button)
    qtbot.waitUntil(lambda: view.merge_dialog is not first and view.merge_dialog.isVisible())
    assert (view.merge_dialog.keep_id, view.merge_dialog.merge_id) == (ids["a"], ids["b"])
    assert group_sets(view) == [{ids["a"], ids["b"]}]  # closed without merging: still listed


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
    assert view.members_model.rowCount() == 0 and not view.dismiss_button.isEnabled()


def test_the_contact_list_opens_the_duplicates_screen(qtbot, firm_ctx):
    from themisia_desktop.gui.contacts.contact_list import build_contacts_page

    page = build_contacts_page(firm_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    click(qtbot, page.duplicates_button)
    qtbot.waitUntil(lambda: page.duplicates_window.isVisible(), timeout=5_000)
    assert isinstance(page.duplicates_window, DuplicatesView)
    page.duplicates_window.close()


def test_group_members_show_their_references(qtbot, firm_ctx):
    from themisia_desktop.core.models import Contact

    ids = plant(firm_ctx)
    with firm_ctx.db.write() as s:
        c = make_person(s, "Hélène", "Lefèvre", phones=("+33612345678",), city="Lyon")
        s.get(Contact, ids["a"]).external_ref = "OLD-17"
    view = open_view(qtbot, firm_ctx)
    scan(qtbot, view)
    trio = {ids["a"], ids["b"], c}
    assert trio in group_sets(view), "a~b and a~c make one group"
    choose_group(qtbot, view, trio)
    assert members_text(view, ids["a"])[7] == "OLD-17"
    assert members_text(view, c)[4] == "06 12 34 56 78"
    assert members_text(view, ids["b"])[7] == "—"
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", members_text(view, c)[8])  # « créée le »
