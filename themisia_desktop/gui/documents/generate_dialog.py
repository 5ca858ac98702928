"""« Générer depuis un modèle… »: choose a template, see the merge fields it uses, generate the
document on a worker. ``generated(document_id)`` is emitted once the document is stored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from themisia_desktop.core.documents.generate import generate_document
from themisia_desktop.core.documents.merge_fields import DESCRIPTIONS, FIELDS
from themisia_desktop.core.documents.templates import (TemplateRef, firm_templates_dir,
                                                       list_templates, template_fields)
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.field_errors import error_label
from themisia_desktop.gui.tables import LEFT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker

REF_ROLE = Qt.ItemDataRole.UserRole + 1
ORDER = {name: i for i, (name, _description) in enumerate(FIELDS)}


class GenerateDialog(CloseWhenIdle, QDialog):
    generated = Signal(int)

    def __init__(self, ctx, matter_id: int, store_root: Path,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.matter_id = matter_id
        self.store_root = Path(store_root)
        self._worker = Worker(self)
        self._fields_generation = 0
        self.templates: list[TemplateRef] = []
        self.setWindowTitle("Générer un document depuis un modèle")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(1060, 560)
        self._build()
        self._load_templates()

    def _build(self) -> None:
        self.template_list = QListWidget(self)
        self.template_list.setMinimumWidth(330)
        self.template_list.currentItemChanged.connect(lambda *_: self._template_changed())
        self.template_error = error_label(self, name="error_template")
        self.fields_model = RowsModel(("Champ de fusion", "Contenu"), (LEFT, LEFT), self)
        self.fields_view = make_table(self, self.fields_model, (230, 500), stretch=1)
        self.fields_caption = QLabel("Champs de fusion utilisés par ce modèle :", self)

        left = QVBoxLayout()
        left.addWidget(QLabel("Modèle :", self))
        left.addWidget(self.template_list, 1)
        right = QVBoxLayout()
        right.addWidget(self.fields_caption)
        right.addWidget(self.fields_view, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 2)

        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(300)
        self.title_edit.setPlaceholderText("Par défaut : nom du modèle – référence du dossier")
        form = QFormLayout()
        form.addRow("Titre du document :", self.title_edit)

        self.hint_label = QLabel(
            f"Les modèles propres au cabinet (.docx) se placent dans « "
            f"{firm_templates_dir(self.store_root)} ».", self)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #5a6270;")
        self.busy_label = QLabel("", self)
        self.busy_label.hide()
        self.error_label = error_label(self, name="error_general")

        self.buttons = QDialogButtonBox(self)
        self.generate_button = QPushButton("Générer", self)
        self.generate_button.setDefault(True)
        self.cancel_button = QPushButton("Annuler", self)
        self.buttons.addButton(self.generate_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.generate_button.clicked.connect(lambda _c=False: self.generate())
        self.cancel_button.clicked.connect(lambda _c=False: self.reject())
        self.generate_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.template_error)
        layout.addLayout(form)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.error_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy_label, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

    # -- state -------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._worker.busy

    def _set_busy(self, text: str | None) -> None:
        self.busy_label.setText(text or "")
        self.busy_label.setVisible(bool(text))

    def _show(self, label: QLabel, message: str) -> None:
        # French quotes keep their no-break spaces when the line wraps.
        label.setText(message.replace("« ", "«\u00a0").replace(" »", "\u00a0»"))
        label.setVisible(bool(message))

    def current_template(self) -> TemplateRef | None:
        item = self.template_list.currentItem()
        return item.data(REF_ROLE) if item is not None else None

    def select_template(self, name: str) -> None:
        """Select the template whose file stem (or title) is ``name``."""
        for row in range(self.template_list.count()):
            ref: TemplateRef = self.template_list.item(row).data(REF_ROLE)
            if name in (ref.name, ref.title):
                self.template_list.setCurrentRow(row)
                return
        raise LookupError(name)

    # -- templates and their fields ----------------------------------------------------------------
    def _load_templates(self) -> None:
        self._set_busy("Recherche des modèles…")
        root = self.store_root

        def shown(refs: list[TemplateRef]) -> None:
            self._set_busy(None)
            self.templates = refs
            self.template_list.clear()
            for ref in refs:
                item = QListWidgetItem(f"{ref.title}  ({ref.origin_label.lower()})")
                item.setData(REF_ROLE, ref)
                item.setToolTip(str(ref.path))
                self.template_list.addItem(item)
            if refs:
                self.template_list.setCurrentRow(0)
            else:
                self._show(self.template_error, "Aucun modèle n'est disponible.")

        def failed(exc: BaseException) -> None:
            self._set_busy(None)
            self._show(self.error_label, error_text(exc))

        self._worker.submit(lambda: list_templates(root), shown, failed)

    def _template_changed(self) -> None:
        ref = self.current_template()
        self._show(self.template_error, "")
        self._show(self.error_label, "")
        self.fields_model.set_rows([])
        self.generate_button.setEnabled(False)
        if ref is None:
            return
        self._fields_generation += 1
        generation = self._fields_generation
        root = self.store_root

        def shown(names: list[str]) -> None:
            if generation != self._fields_generation:
                return
            names = sorted(names, key=ORDER.__getitem__)
            self.fields_model.set_rows([(i, (f"{{{{ {n} }}}}", DESCRIPTIONS.get(n, "")))
                                        for i, n in enumerate(names)])
            self.generate_button.setEnabled(not self.busy)

        def failed(exc: BaseException) -> None:
            if generation == self._fields_generation:
                self._show(self.template_error, error_text(exc))

        self._worker.submit(lambda: template_fields(ref, root), shown, failed)

    # -- generating --------------------------------------------------------------------------------
    def generate(self) -> None:
        ref = self.current_template()
        if ref is None or self.busy:
            return
        ctx, matter_id, root = self._ctx, self.matter_id, self.store_root
        title = self.title_edit.text().strip() or None
        actor = ctx.current_user.id if getattr(ctx, "current_user", None) else None
        self._show(self.error_label, "")
        self._set_busy("Génération du document…")
        self.generate_button.setEnabled(False)
        self.template_list.setEnabled(False)

        def done(doc_id: int) -> None:
            self._set_busy(None)
            self.generated.emit(doc_id)
            self.accept()

        def failed(exc: BaseException) -> None:
            self._set_busy(None)
            self.template_list.setEnabled(True)
            self.generate_button.setEnabled(True)
            if isinstance(exc, ValidationError) and exc.field == "template":
                self._show(self.template_error, exc.message)
            else:
                self._show(self.error_label, error_text(exc))

        self._worker.submit(lambda: generate_document(ctx.db, ctx.clock, root, ref, matter_id,
                                                      user_id=actor, title=title), done, failed)
