"""The Documents tab of a matter: its files (titre, fichier, modèle, ajouté le, par, taille),
« Joindre un fichier… », « Générer depuis un modèle… », « Ouvrir » and « Supprimer ».

Every read and write runs on the tab's :class:`Worker`. The file chooser, the program that
opens a file and the confirmation are injectable, so tests drive the tab without native
dialogs; by default they are ``QFileDialog``, ``QDesktopServices`` and a window-modal
``QMessageBox``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from themisia_desktop.core.documents.store import (DocumentInfo, attach_file, document_path,
                                                   list_documents, remove_document,
                                                   resolve_store_root)
from themisia_desktop.gui.documents.generate_dialog import GenerateDialog
from themisia_desktop.gui.tables import CENTER, LEFT, RIGHT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker

FileChooser = Callable[[QWidget], "Path | None"]
FileOpener = Callable[[Path], bool]

HEADERS = ("Titre", "Fichier", "Modèle", "Ajouté le", "Par", "Taille")


def choose_file_dialog(parent: QWidget) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(parent, "Joindre un fichier au dossier")
    return Path(name) if name else None


def open_with_system(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class DocumentsTab(QWidget):
    """The documents of one matter. ``changed`` is emitted after each successful write."""

    changed = Signal()
    loaded = Signal()

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None, *,  # noqa: ANN001
                 choose_file: FileChooser | None = None, open_file: FileOpener | None = None
                 ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.matter_id = matter_id
        self._choose_file = choose_file or choose_file_dialog
        self._open_file = open_file or open_with_system
        self._worker = Worker(self)
        self._generation = 0
        self.store_root: Path | None = None
        self.documents: list[DocumentInfo] = []
        self.generate_dialog: GenerateDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._build()
        self.reload()

    def _build(self) -> None:
        self.attach_button = QPushButton("Joindre un fichier…", self)
        self.generate_button = QPushButton("Générer depuis un modèle…", self)
        self.open_button = QPushButton("Ouvrir", self)
        self.remove_button = QPushButton("Supprimer", self)
        self.attach_button.clicked.connect(lambda _c=False: self.attach())
        self.generate_button.clicked.connect(lambda _c=False: self.open_generate_dialog())
        self.open_button.clicked.connect(lambda _c=False: self.open_selected())
        self.remove_button.clicked.connect(lambda _c=False: self.ask_remove())
        buttons = QHBoxLayout()
        for button in (self.attach_button, self.generate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)

        self.error_label = QLabel("", self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.hide()
        self.model = RowsModel(HEADERS, (LEFT, LEFT, LEFT, CENTER, LEFT, RIGHT), self)
        self.view = make_table(self, self.model, (300, 300, 190, 130, 160, 90), stretch=0)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.count_label = QLabel("", self)
        self.count_label.setStyleSheet("color: #5a6270;")
        self.store_label = QLabel("", self)
        self.store_label.setStyleSheet("color: #5a6270;")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.store_label)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.update_buttons()

    # -- state -------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._worker.busy

    def actor(self) -> int | None:
        user = getattr(self._ctx, "current_user", None)
        return user.id if user is not None else None

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def selected(self) -> DocumentInfo | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        doc_id = self.model.row_id(rows[0].row())
        return next((d for d in self.documents if d.id == doc_id), None)

    def select_id(self, doc_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_id(row) == doc_id:
                self.view.selectRow(row)
                return

    def update_buttons(self) -> None:
        ready = self.store_root is not None
        has_row = self.selected() is not None
        self.attach_button.setEnabled(ready)
        self.generate_button.setEnabled(ready)
        self.open_button.setEnabled(ready and has_row)
        self.remove_button.setEnabled(ready and has_row)

    # -- reading -----------------------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        self._generation += 1
        generation = self._generation
        keep = select if select is not None else (d.id if (d := self.selected()) else None)
        ctx, matter_id = self._ctx, self.matter_id

        def read() -> tuple[Path, list[DocumentInfo]]:
            return (resolve_store_root(ctx.db, ctx.dirs.data),
                    list_documents(ctx.db, matter_id=matter_id))

        def shown(result: tuple[Path, list[DocumentInfo]]) -> None:
            if generation != self._generation:
                return
            self.store_root, self.documents = result
            self.model.set_rows(
                [(d.id, (d.title, d.file_name, d.template_name or "", d.created_text,
                         d.created_by or "", d.size_text)) for d in self.documents],
                [f"{d.title}\n{d.file_name}" for d in self.documents])
            count = len(self.documents)
            self.count_label.setText("Aucun document" if not count else
                                     f"{count} document{'s' if count > 1 else ''}")
            self.store_label.setText(f"Dossier des documents : {self.store_root}")
            if keep is not None:
                self.select_id(keep)
            self.update_buttons()
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.show_error(error_text(exc))

        self._worker.submit(read, shown, failed)

    # -- writing -----------------------------------------------------------------------------------
    def _run_write(self, job: Callable[[], Any], *, select_result: bool = False) -> None:
        self.show_error("")
        for button in (self.attach_button, self.generate_button, self.remove_button):
            button.setEnabled(False)

        def done(result: Any) -> None:
            self.changed.emit()
            self.reload(select=result if select_result else None)

        def failed(exc: BaseException) -> None:
            self.show_error(error_text(exc))
            self.update_buttons()

        self._worker.submit(job, done, failed)

    def attach(self) -> None:
        """« Joindre un fichier… »: choose a file, copy it into the store on the worker."""
        if self.store_root is None:
            return
        path = self._choose_file(self)
        if path is None:
            return
        ctx, root, matter_id, actor = self._ctx, self.store_root, self.matter_id, self.actor()
        self._run_write(lambda: attach_file(ctx.db, ctx.clock, root, Path(path),
                                            matter_id=matter_id, user_id=actor),
                        select_result=True)

    def open_generate_dialog(self) -> GenerateDialog | None:
        if self.store_root is None:
            return None
        dialog = GenerateDialog(self._ctx, self.matter_id, self.store_root, parent=self)
        dialog.generated.connect(self._after_generated)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.generate_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: GenerateDialog) -> None:
        if self.generate_dialog is dialog:
            self.generate_dialog = None
        dialog.deleteLater()

    def _after_generated(self, doc_id: int) -> None:
        self.show_error("")
        self.changed.emit()
        self.reload(select=doc_id)

    def open_selected(self) -> None:
        """« Ouvrir »: find the file on the worker, then hand it to the system."""
        doc = self.selected()
        if doc is None or self.store_root is None:
            return
        ctx, root = self._ctx, self.store_root
        self.show_error("")

        def opened(path: Path) -> None:
            if not self._open_file(path):
                self.show_error(f"Aucune application n'a pu ouvrir « {path.name} ».")

        self._worker.submit(lambda: document_path(ctx.db, root, doc.id), opened,
                            lambda exc: self.show_error(error_text(exc)))

    def ask_remove(self) -> QMessageBox | None:
        """« Supprimer »: ask first (window-modal; the answer comes back by signal)."""
        doc = self.selected()
        if doc is None:
            return None
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        box = QMessageBox(QMessageBox.Icon.Question, "Supprimer le document",
                          f"Supprimer le document « {doc.title} » ?", parent=self)
        box.setInformativeText(f"Le fichier « {doc.file_name} » sera effacé du dossier des "
                               "documents. Cette action est définitive.")
        self.confirm_yes = box.addButton("Supprimer", QMessageBox.ButtonRole.DestructiveRole)
        self.confirm_no = box.addButton("Ne rien faire", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.confirm_no)
        box.buttonClicked.connect(lambda b: b is self.confirm_yes and self.remove(doc.id))
        self.confirm_box = box
        box.open()
        return box

    def remove(self, doc_id: int) -> None:
        if self.store_root is None:
            return
        ctx, root, actor = self._ctx, self.store_root, self.actor()
        self._run_write(lambda: remove_document(ctx.db, ctx.clock, root, doc_id, user_id=actor))


def build_documents_tab(ctx, matter_id: int, parent: QWidget | None = None, *,  # noqa: ANN001
                        choose_file: FileChooser | None = None,
                        open_file: FileOpener | None = None) -> DocumentsTab:
    """The Documents tab of ``matter_id`` (``changed`` after a write, ``reload()``)."""
    return DocumentsTab(ctx, matter_id, parent, choose_file=choose_file, open_file=open_file)
