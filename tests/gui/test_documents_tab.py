"""The Documents tab of a matter, driven as a user would: attach, generate, open, delete."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt

from tests.gui.helpers import click, type_into
from tests.unit.matter_factory import make_client_matter
from themisia_desktop.core.documents.store import document_path, list_documents
from themisia_desktop.gui.documents.documents_tab import HEADERS, DocumentsTab, build_documents_tab


@pytest.fixture
def matter_id(firm_ctx) -> int:
    with firm_ctx.db.write() as s:
        return make_client_matter(s)[1]


class Chooser:
    """Stands in for the file dialog: returns the paths it was given, one per call."""

    def __init__(self, *paths: Path | None) -> None:
        self.paths = list(paths)

    def __call__(self, _parent) -> Path | None:  # noqa: ANN001
        return self.paths.pop(0)


def open_tab(qtbot, ctx, matter_id: int, **kwargs) -> DocumentsTab:
    tab = build_documents_tab(ctx, matter_id, None, **kwargs)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.show()
    return tab


def cells(tab: DocumentsTab) -> list[dict[str, str]]:
    model = tab.model
    return [{HEADERS[c]: model.index(r, c).data() for c in range(model.columnCount())}
            for r in range(model.rowCount())]


def test_attach_a_file_through_the_tab(qtbot, firm_ctx, matter_id, tmp_path):
    ctx = firm_ctx
    src = tmp_path / "Courrier adverse.pdf"
    src.write_bytes(b"%PDF-1.4 courrier" * 100)
    tab = open_tab(qtbot, ctx, matter_id, choose_file=Chooser(src, None))
    assert cells(tab) == [] and tab.count_label.text() == "Aucun document"

    with qtbot.waitSignal(tab.changed, timeout=10_000), \
            qtbot.waitSignal(tab.loaded, timeout=10_000):
        click(qtbot, tab.attach_button)
    assert cells(tab) == [{"Titre": "Courrier adverse", "Fichier": "Courrier adverse.pdf",
                           "Modèle": "", "Ajouté le": "02/03/2026 10:30",
                           "Par": "Hélène Lefèvre", "Taille": "1,7 Ko"}]
    assert tab.count_label.text() == "1 document"
    assert tab.selected() is not None and tab.open_button.isEnabled()
    [doc] = list_documents(ctx.db, matter_id=matter_id)
    stored = document_path(ctx.db, ctx.dirs.data / "documents", doc.id)
    assert stored.read_bytes() == src.read_bytes()

    click(qtbot, tab.attach_button)  # the user cancels the file dialog: nothing happens
    assert not tab.busy and len(list_documents(ctx.db, matter_id=matter_id)) == 1


def test_a_bad_file_shows_a_french_message(qtbot, firm_ctx, matter_id, tmp_path):
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    tab = open_tab(qtbot, firm_ctx, matter_id, choose_file=Chooser(empty))
    click(qtbot, tab.attach_button)
    qtbot.waitUntil(lambda: tab.error_text() != "")
    assert tab.error_text() == "Le fichier « vide.txt » est vide."
    assert cells(tab) == [] and tab.attach_button.isEnabled()


def test_generate_the_convention_from_the_tab(qtbot, firm_ctx, matter_id):
    ctx = firm_ctx
    tab = open_tab(qtbot, ctx, matter_id)
    click(qtbot, tab.generate_button)
    dialog = tab.generate_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.generate_button.isEnabled(), timeout=10_000)
    titles = [dialog.template_list.item(i).text() for i in range(dialog.template_list.count())]
    assert titles == ["Convention d'honoraires  (modèle fourni)", "Lettre de mission  (modèle fourni)"]
    shown_fields = [dialog.fields_model.index(r, 0).data()
                    for r in range(dialog.fields_model.rowCount())]
    assert "{{ avocat.taux_horaire }}" in shown_fields and "{{ client.nom }}" in shown_fields
    type_into(qtbot, dialog.title_edit, "Convention signée à l'ouverture")

    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        click(qtbot, dialog.generate_button)
    assert tab.generate_dialog is None  # closed once the document is stored
    [row] = cells(tab)
    assert (row["Titre"], row["Modèle"]) == ("Convention signée à l'ouverture",
                                             "Convention d'honoraires")
    assert row["Fichier"] == "Convention d'honoraires - 2026-0001.docx"
    [doc] = list_documents(ctx.db, matter_id=matter_id)
    path = document_path(ctx.db, tab.store_root, doc.id)
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "Boulangerie Dupont SARL" in text and "200,00\u00a0€" in text


def test_a_broken_firm_template_is_explained_in_the_dialog(qtbot, firm_ctx, matter_id):
    ctx = firm_ctx
    folder = ctx.dirs.data / "documents" / "modeles"
    folder.mkdir(parents=True)
    document = docx.Document()
    document.add_paragraph("Cher {{ client.surnom }}")
    document.save(folder / "courrier_amical.docx")
    tab = open_tab(qtbot, ctx, matter_id)
    click(qtbot, tab.generate_button)
    dialog = tab.generate_dialog
    qtbot.waitUntil(lambda: dialog.template_list.count() == 3, timeout=10_000)
    dialog.select_template("courrier_amical")
    qtbot.waitUntil(lambda: dialog.template_error.isVisible(), timeout=10_000)
    assert dialog.template_error.text().replace("\u00a0", " ") == (
        "Le modèle utilise un champ inconnu : « client.surnom ».")
    assert not dialog.generate_button.isEnabled()
    dialog.select_template("lettre_mission")
    qtbot.waitUntil(lambda: dialog.generate_button.isEnabled(), timeout=10_000)
    assert not dialog.template_error.isVisible()
    click(qtbot, dialog.cancel_button)
    assert list_documents(ctx.db, matter_id=matter_id) == []


def test_open_and_delete_with_confirmation(qtbot, firm_ctx, matter_id, tmp_path):
    ctx = firm_ctx
    src = tmp_path / "note.txt"
    src.write_text("Note d'audience", encoding="utf-8")
    opened: list[Path] = []
    tab = open_tab(qtbot, ctx, matter_id, choose_file=Chooser(src),
                   open_file=lambda p: opened.append(p) or True)
    assert not tab.open_button.isEnabled() and not tab.remove_button.isEnabled()
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        click(qtbot, tab.attach_button)
    stored = document_path(ctx.db, tab.store_root, tab.selected().id)

    click(qtbot, tab.open_button)
    qtbot.waitUntil(lambda: opened == [stored])

    tab.view.clearSelection()
    centre = tab.view.visualRect(tab.model.index(0, 0)).center()
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: len(opened) == 2)

    click(qtbot, tab.remove_button)
    box = tab.confirm_box
    assert box is not None and "« note »" in box.text()
    click(qtbot, tab.confirm_no)  # « Ne rien faire »
    assert stored.exists() and len(cells(tab)) == 1

    click(qtbot, tab.remove_button)
    with qtbot.waitSignal(tab.changed, timeout=10_000), \
            qtbot.waitSignal(tab.loaded, timeout=10_000):
        click(qtbot, tab.confirm_yes)
    assert cells(tab) == [] and not stored.exists()
    assert list_documents(ctx.db, matter_id=matter_id) == []
