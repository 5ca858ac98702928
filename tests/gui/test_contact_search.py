"""The contact search as a user drives it: inline under a field, and in the « Choisir un
contact » dialog; keyboard, type filter, exclusions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.helpers import click, save_shot, type_into
from tests.unit.contact_factory import make_company, make_person
from themisia_desktop.core.matters.queries import find_contacts
from themisia_desktop.gui.contacts.contact_picker import ContactPicker
from themisia_desktop.gui.contacts.contact_search import NO_MATCH, ContactSearch


@pytest.fixture
def world(firm_ctx):
    with firm_ctx.db.write() as s:
        ids = {
            "marc": make_person(s, "Marc", "Girard", city="Lyon", emails=("marc@exemple.fr",)),
            "marie": make_person(s, "Marie", "Girard", status="client_active"),
            "garage": make_company(s, "Garage Girard SAS"),
        }
    return firm_ctx, ids


def inline(qtbot, ctx, **kw) -> ContactSearch:
    widget = ContactSearch(ctx.db, **kw)
    qtbot.addWidget(widget)
    widget.resize(600, 200)
    widget.show()
    return widget


def search(qtbot, widget: ContactSearch, text: str) -> int:
    with qtbot.waitSignal(widget.resultsShown, timeout=10_000) as shown:
        type_into(qtbot, widget.edit, text)
    return shown.args[0]


def texts(widget: ContactSearch) -> list[str]:
    return [widget.results.item(r).text() for r in range(widget.results.count())]


def test_typing_shows_the_matches_once_and_down_then_enter_picks(qtbot, world):
    ctx, ids = world
    widget = inline(qtbot, ctx)
    shown: list[int] = []
    widget.resultsShown.connect(shown.append)
    assert search(qtbot, widget, "girard") == 3
    qtbot.waitUntil(lambda: not widget.busy)
    assert shown == [3]  # typed quickly: one search, not one per letter
    assert widget.results.isVisible()
    assert texts(widget)[1] == ("GIRARD Marc  —  Personne physique · Contact · Lyon · "
                                "marc@exemple.fr")
    with qtbot.waitSignal(widget.picked) as picked:
        qtbot.keyClick(widget.edit, Qt.Key.Key_Down)
        qtbot.keyClick(widget.edit, Qt.Key.Key_Down)
        qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    assert picked.args == [ids["marc"], "Marc Girard"]
    assert widget.contact_id == ids["marc"] and widget.edit.text() == "Marc Girard"
    assert not widget.results.isVisible()
    type_into(qtbot, widget.edit, "x")  # typing again forgets the choice
    assert widget.contact_id is None
    qtbot.waitUntil(lambda: not widget.busy)


def test_enter_with_one_match_picks_it_and_no_match_says_so(qtbot, world):
    ctx, ids = world
    widget = inline(qtbot, ctx)
    assert search(qtbot, widget, "marie") == 1
    with qtbot.waitSignal(widget.picked) as picked:
        qtbot.keyClick(widget.edit, Qt.Key.Key_Enter)
    assert picked.args[0] == ids["marie"]
    widget.clear()
    assert search(qtbot, widget, "zzz") == 0
    assert texts(widget) == [NO_MATCH]
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    assert widget.contact_id is None


def test_kinds_and_exclusions_filter_what_is_offered(qtbot, world):
    ctx, ids = world
    widget = inline(qtbot, ctx, kinds=("company",))
    assert search(qtbot, widget, "girard") == 1
    assert texts(widget)[0].startswith("Garage Girard SAS")
    people = inline(qtbot, ctx, kinds=("person",), exclude={ids["marc"]})
    assert search(qtbot, people, "girard") == 1
    assert texts(people)[0].startswith("GIRARD Marie")
    assert [r.id for r in find_contacts(ctx.db, "girard", exclude=[ids["garage"]])] == [
        ids["marc"], ids["marie"]]


def test_the_dialog_picks_once_on_enter_and_leaves_out_the_contact_itself(qtbot, world):
    ctx, ids = world
    picker = ContactPicker(ctx, "Contact « Facturation »", exclude={ids["marie"]})
    qtbot.addWidget(picker)
    picked: list[int] = []
    picker.picked.connect(picked.append)
    picker.open()
    assert not picker.choose_button.isEnabled()
    assert picker.hint_label.text() == "Tapez les premières lettres du nom."
    with qtbot.waitSignal(picker.searched, timeout=10_000) as searched:
        type_into(qtbot, picker.search_edit, "girard")
    assert searched.args == [2]
    assert picker.hint_label.text() == "2 résultats."
    assert picker.choose_button.isEnabled() and picker.results.currentRow() == 0
    save_shot(picker, "contact_picker_dialog.png")
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    assert picked == [ids["marc"]]  # once, not again by the dialog's default button
    assert not picker.isVisible()


def test_the_dialog_choose_button_and_double_click(qtbot, world):
    ctx, ids = world
    picker = ContactPicker(ctx, "Représentant légal", kinds=("person",))
    qtbot.addWidget(picker)
    picker.open()
    with qtbot.waitSignal(picker.searched, timeout=10_000):
        type_into(qtbot, picker.search_edit, "girard")
    view = picker.results
    rect = view.visualItemRect(view.item(1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picker.isVisible()  # a click only selects
    with qtbot.waitSignal(picker.picked) as picked:
        click(qtbot, picker.choose_button)
    assert picked.args == [ids["marie"]]
