"""The contact list as a user drives it: type, filter by status, sort by a header."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.helpers import type_into
from tests.unit.test_contact_search import add_contact
from themisia_desktop.gui.contacts.contact_list import ContactListWidget, count_text
from themisia_desktop.gui.contacts.list_model import ContactListModel


@pytest.fixture
def listed(ctx):
    db = ctx.db
    ids = {
        "helene": add_contact(db, "Faure", first="Hélène", phone="+33612345678", city="Lyon"),
        "lefevre": add_contact(db, "LEFÈVRE", kind="company", city="Paris", status="prospect",
                               siren="732829320"),
        "bernard": add_contact(db, "Bernard", first="Alain", city="Nantes", status="contact"),
        "former": add_contact(db, "Zola", first="Émile", status="client_former", city="Brest"),
    }
    return ids


@pytest.fixture
def widget(qtbot, ctx, listed):
    w = ContactListWidget(ctx.db)
    qtbot.addWidget(w)
    w.resize(1100, 500)
    w.show()
    qtbot.waitUntil(lambda: not w.busy and w.model.rowCount() == 3)
    return w


def shown_names(w) -> list[str]:
    m = w.model
    return [m.data(m.index(r, 0)) for r in range(m.rowCount())]


def search(qtbot, w, text: str) -> None:
    with qtbot.waitSignal(w.resultsShown, timeout=5000):
        type_into(qtbot, w.search_edit, text, replace=True)


def test_the_model_passes_the_model_tester(qtmodeltester, ctx, listed):
    from themisia_desktop.core.contacts.search import ALL_STATUSES, search_contact_ids

    model = ContactListModel(ctx.db)
    model.set_ids(search_contact_ids(ctx.db, "", statuses=ALL_STATUSES))
    qtmodeltester.check(model)
    assert model.rowCount() == 4 and model.columnCount() == 6


def test_typing_finds_without_accents_or_case(qtbot, widget):
    assert widget.count_label.text() == "3 contacts"
    search(qtbot, widget, "helene")
    assert shown_names(widget) == ["Hélène Faure"]
    assert widget.count_label.text() == "1 contact"
    search(qtbot, widget, "lefevre")
    assert shown_names(widget) == ["LEFÈVRE"]
    search(qtbot, widget, "06 12 34")
    assert shown_names(widget) == ["Hélène Faure"]
    m = widget.model
    assert [m.data(m.index(0, c)) for c in range(6)] == [
        "Hélène Faure", "Personne physique", "Client actif", "Lyon", "", "06 12 34 56 78"]
    search(qtbot, widget, "zzz")
    assert widget.model.rowCount() == 0 and widget.count_label.text() == "Aucun contact"


def test_only_the_last_search_is_shown(qtbot, widget):
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        for text in ("b", "be", "xyz", "lef"):
            widget.search_edit.setText(text)
            widget.refresh()  # several queries in flight: only the last one counts
    qtbot.waitUntil(lambda: not widget.busy)
    assert shown_names(widget) == ["LEFÈVRE"]


def test_the_status_filter_shows_a_former_client(qtbot, widget):
    assert "Émile Zola" not in shown_names(widget)
    combo = widget.status_combo
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        combo.setCurrentIndex(combo.findText("Client parti"))
    assert shown_names(widget) == ["Émile Zola"]
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        combo.setCurrentIndex(combo.findText("Tous les statuts"))
    assert len(shown_names(widget)) == 4
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        widget.kind_combo.setCurrentIndex(widget.kind_combo.findText("Personne morale"))
    assert shown_names(widget) == ["LEFÈVRE"]


def test_clicking_a_header_sorts_in_sql(qtbot, widget):
    assert shown_names(widget) == ["Alain Bernard", "Hélène Faure", "LEFÈVRE"]
    header = widget.view.horizontalHeader()
    x = header.sectionViewportPosition(3) + 10
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=header.viewport().rect().topLeft() + type(header.pos())(x, 5))
    assert shown_names(widget) == ["Hélène Faure", "Alain Bernard", "LEFÈVRE"]  # Lyon, Nantes, Paris
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=type(header.pos())(x, 5))
    assert shown_names(widget) == ["LEFÈVRE", "Alain Bernard", "Hélène Faure"]


def test_count_text():
    assert count_text(12345) == "12\u202f345 contacts"
    assert count_text(1) == "1 contact"
