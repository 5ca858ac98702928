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


def loaded(qtbot, m) -> None:
    """Ask for every row, then wait for the pages the model reads on its worker."""
    for r in range(m.rowCount()):
        m.data(m.index(r, 0))
    qtbot.waitUntil(lambda: all(m.is_loaded(r) for r in range(m.rowCount())) and not m.loading)


def shown_names(w, qtbot=None) -> list[str]:
    m = w.model
    if qtbot is not None:
        loaded(qtbot, m)
    return [m.data(m.index(r, 0)) for r in range(m.rowCount())]


def search(qtbot, w, text: str) -> None:
    with qtbot.waitSignal(w.resultsShown, timeout=5000):
        type_into(qtbot, w.search_edit, text, replace=True)


def test_the_model_passes_the_model_tester(qtmodeltester, qtbot, ctx, listed):
    from themisia_desktop.core.contacts.search import ALL_STATUSES, search_contact_ids

    model = ContactListModel(ctx.db)
    model.set_ids(search_contact_ids(ctx.db, "", statuses=ALL_STATUSES))
    qtmodeltester.check(model)  # rows not read yet: placeholders, never a wait
    assert model.rowCount() == 4 and model.columnCount() == 6
    loaded(qtbot, model)
    qtmodeltester.check(model)  # and with its rows
    assert model.data(model.index(0, 0)) == "BERNARD Alain"


def test_pages_are_read_on_the_worker_and_repainted(qtbot, ctx, listed, monkeypatch):
    from themisia_desktop.core.contacts.search import ALL_STATUSES, search_contact_ids
    from themisia_desktop.gui.contacts import list_model

    monkeypatch.setattr(list_model, "PAGE_SIZE", 2)
    model = ContactListModel(ctx.db)
    ids = search_contact_ids(ctx.db, "", statuses=ALL_STATUSES)
    model.set_ids(ids[:2])
    assert model.data(model.index(0, 0)) == "…" and model.data(model.index(0, 1)) == ""
    assert model.data(model.index(0, 0), list_model.ID_ROLE) == ids[0]
    qtbot.waitUntil(lambda: model.is_loaded(0) and not model.loading)
    assert model.data(model.index(0, 0)) == "BERNARD Alain"
    model.extend_ids(ids)  # the complete list: the first rows stay loaded
    assert model.rowCount() == 4 and model.is_loaded(0) and not model.is_loaded(2)
    assert model.data(model.index(3, 0)) == "…"
    qtbot.waitUntil(lambda: model.is_loaded(3) and not model.loading)
    assert model.data(model.index(3, 0)) == "ZOLA Émile"
    model.extend_ids(list(reversed(ids)))  # changed meanwhile: start again
    assert model.ids() == list(reversed(ids)) and not model.is_loaded(0)


def test_typing_finds_without_accents_or_case(qtbot, widget):
    assert widget.count_label.text() == "3 contacts"
    search(qtbot, widget, "helene")
    assert shown_names(widget, qtbot) == ["FAURE Hélène"]
    assert widget.count_label.text() == "1 contact"
    search(qtbot, widget, "lefevre")
    assert shown_names(widget, qtbot) == ["LEFÈVRE"]
    search(qtbot, widget, "06 12 34")
    assert shown_names(widget, qtbot) == ["FAURE Hélène"]
    m = widget.model
    assert [m.data(m.index(0, c)) for c in range(6)] == [
        "FAURE Hélène", "Personne physique", "Client actif", "Lyon", "", "06 12 34 56 78"]
    search(qtbot, widget, "zzz")
    assert widget.model.rowCount() == 0 and widget.count_label.text() == "Aucun contact"


def test_only_the_last_search_is_shown(qtbot, widget):
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        for text in ("b", "be", "xyz", "lef"):
            widget.search_edit.setText(text)
            widget.refresh()  # several queries in flight: only the last one counts
    qtbot.waitUntil(lambda: not widget.busy)
    assert shown_names(widget, qtbot) == ["LEFÈVRE"]


def test_the_status_filter_shows_a_former_client(qtbot, widget):
    assert "ZOLA Émile" not in shown_names(widget, qtbot)
    combo = widget.status_combo
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        combo.setCurrentIndex(combo.findText("Client parti"))
    assert shown_names(widget, qtbot) == ["ZOLA Émile"]
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        combo.setCurrentIndex(combo.findText("Tous les statuts"))
    assert len(shown_names(widget, qtbot)) == 4
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        widget.kind_combo.setCurrentIndex(widget.kind_combo.findText("Personne morale"))
    assert shown_names(widget, qtbot) == ["LEFÈVRE"]


def test_clicking_a_header_sorts_in_sql(qtbot, widget):
    assert shown_names(widget, qtbot) == ["BERNARD Alain", "FAURE Hélène", "LEFÈVRE"]
    header = widget.view.horizontalHeader()
    x = header.sectionViewportPosition(3) + 10
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=header.viewport().rect().topLeft() + type(header.pos())(x, 5))
    assert shown_names(widget, qtbot) == ["FAURE Hélène", "BERNARD Alain", "LEFÈVRE"]  # Lyon, Nantes, Paris
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=type(header.pos())(x, 5))
    assert shown_names(widget, qtbot) == ["LEFÈVRE", "BERNARD Alain", "FAURE Hélène"]


def test_count_text():
    assert count_text(12345) == "12\u202f345 contacts"
    assert count_text(1) == "1 contact"


def test_persons_are_shown_last_name_first_like_the_sort(qtbot, widget, ctx):
    """A French list: « NOM Prénom » for persons, the denomination for companies, in the
    order of the last name."""
    add_contact(ctx.db, "Lefèvre", first="Hélène", city="Lille")
    with qtbot.waitSignal(widget.resultsShown, timeout=5000):
        widget.refresh()
    assert shown_names(widget, qtbot) == ["BERNARD Alain", "FAURE Hélène", "LEFÈVRE",
                                          "LEFÈVRE Hélène"]
    m = widget.model
    assert m.data(m.index(2, 1)) == "Personne morale"
