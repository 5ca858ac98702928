"""« Fusionner deux contacts »: which record is kept, the value kept for each field that differs,
what will move; the merge and its undo run on a worker (DESIGN §3.3)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QDialog, QFrame, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
                               QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from themisia_desktop.context import AppContext
from themisia_desktop.core.contacts.merge import (FieldDiff, MergePreview, merge_contacts,
                                                  preview_merge, undo_merge)
from themisia_desktop.core.errors import ThemisiaError
from themisia_desktop.core.models.enums import ContactStatus, KycStatus
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.field_errors import error_label
from themisia_desktop.gui.worker import Worker

TITLE = "Fusionner deux contacts"
SWAP_TEXT = "Conserver l'autre fiche"
MERGE_TEXT = "Fusionner"
UNDO_TEXT = "Annuler la fusion"
DONE_TEXT = "Fusion effectuée"
UNDONE_TEXT = "Fusion annulée"
MOVES_TITLE = "Ce qui sera déplacé"
COLUMNS = ("Champ", "Fiche conservée", "Autre fiche")

FIELD_LABELS = {
    "display_name": "Nom affiché", "status": "Statut", "primary_email": "E-mail principal",
    "primary_phone": "Téléphone principal", "city": "Ville", "external_ref": "Référence externe",
    "notes": "Notes", "kyc_status": "Statut KYC", "kyc_expires_on": "Échéance KYC",
    "owner_id": "Responsable du contact",
    "person.civility": "Civilité", "person.last_name": "Nom", "person.first_name": "Prénom",
    "person.birth_date": "Date de naissance", "person.birth_place": "Lieu de naissance",
    "person.nationality": "Nationalité", "person.id_document_type": "Pièce d'identité",
    "person.id_document_number": "N° de la pièce",
    "person.id_document_expires_on": "Expiration de la pièce", "person.profession": "Profession",
    "company.legal_name": "Raison sociale", "company.legal_form": "Forme juridique",
    "company.siren": "SIREN", "company.siret": "SIRET", "company.rcs_city": "Ville du RCS",
    "company.rcs_number": "N° RCS", "company.vat_number": "N° de TVA",
    "company.share_capital": "Capital social", "company.naf_code": "Code NAF",
    "jurisdiction.court_type": "Type de juridiction", "jurisdiction.chamber": "Chambre",
    "jurisdiction.city": "Ville", "jurisdiction.registry_phone": "Téléphone du greffe",
    "jurisdiction.registry_email": "E-mail du greffe",
}
_MAX_SHOWN = 60  # characters of a value shown in a cell (the whole value is in the tooltip)


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def format_value(name: str, value: Any) -> str:
    """A value as a French reader expects it; "—" for nothing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "—"
    if name == "status":
        try:
            return ContactStatus(value).label
        except ValueError:
            return str(value)
    if name == "kyc_status":
        try:
            return KycStatus(value).label
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:,.2f} €".replace(",", "\u202f").replace(".", ",")
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if name == "owner_id":
        return f"Utilisateur n° {value}"
    return " ".join(str(value).split())


def moves_lines(moves: dict[str, int]) -> list[str]:
    return [f"{label} : {count}" for label, count in moves.items()]


class MergeDialog(CloseWhenIdle, QDialog):
    """Emits ``merged(merge_record_id)`` after the merge and ``undone(merge_record_id)`` after
    its undo. ``keep_id``/``merge_id`` are the current choice (swapped by « Conserver l'autre
    fiche »)."""

    merged = Signal(int)
    undone = Signal(int)

    def __init__(self, ctx: AppContext, keep_id: int, merge_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.keep_id, self.merge_id = keep_id, merge_id
        self.preview: MergePreview | None = None
        self.record_id: int | None = None
        self.confirm_box: QMessageBox | None = None
        self.choice_buttons: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self._groups: list[QButtonGroup] = []
        self._worker = Worker(self)
        self.setWindowTitle(TITLE)
        self.setObjectName("MergeDialog")
        self.resize(860, 640)
        self._build()
        self._load_preview()

    # -- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(18, 16, 18, 14)
        root.setSpacing(10)
        title = QLabel(TITLE)
        title.setProperty("role", "title")
        root.addWidget(title)

        names = QFrame()
        names.setProperty("role", "notice")
        names_row = QHBoxLayout(names)
        names_row.setContentsMargins(12, 8, 12, 8)
        texts = QVBoxLayout()
        self.keep_label = QLabel()
        self.keep_label.setTextFormat(Qt.TextFormat.RichText)
        self.merge_label = QLabel()
        self.merge_label.setTextFormat(Qt.TextFormat.RichText)
        self.merge_label.setWordWrap(True)
        texts.addWidget(self.keep_label)
        texts.addWidget(self.merge_label)
        names_row.addLayout(texts, 1)
        self.swap_button = QPushButton(SWAP_TEXT)
        self.swap_button.setToolTip("Inverser : la fiche conservée devient celle qui disparaît.")
        self.swap_button.clicked.connect(self.swap)
        names_row.addWidget(self.swap_button, 0, Qt.AlignmentFlag.AlignVCenter)
        root.addWidget(names)

        fields_box = QGroupBox("Champs qui diffèrent")
        fields_layout = QVBoxLayout(fields_box)
        self.fields_hint = QLabel("Pour chaque champ, cochez la valeur à garder sur la fiche "
                                  "conservée.")
        self.fields_hint.setProperty("role", "hint")
        self.fields_hint.setWordWrap(True)
        fields_layout.addWidget(self.fields_hint)
        self.fields_table = QTableWidget(0, len(COLUMNS))
        self.fields_table.setHorizontalHeaderLabels(COLUMNS)
        self.fields_table.verticalHeader().setVisible(False)
        self.fields_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.fields_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.fields_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        fields_layout.addWidget(self.fields_table)
        root.addWidget(fields_box, 3)

        self.moves_box = moves_box = QGroupBox(MOVES_TITLE)
        moves_layout = QVBoxLayout(moves_box)
        self.moves_label = QLabel()
        self.moves_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.moves_label.setWordWrap(True)
        self.moves_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        moves_layout.addWidget(self.moves_label)
        root.addWidget(moves_box)

        self.result_frame = QFrame()
        self.result_frame.setProperty("role", "notice")
        result_row = QHBoxLayout(self.result_frame)
        result_row.setContentsMargins(12, 8, 12, 8)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        result_row.addWidget(self.result_label, 1)
        self.undo_button = QPushButton(UNDO_TEXT)
        self.undo_button.clicked.connect(self.ask_undo)
        result_row.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.result_frame.setVisible(False)
        root.addWidget(self.result_frame)

        self.error_label = error_label()
        root.addWidget(self.error_label)

        buttons = QHBoxLayout()
        self.busy_label = QLabel()
        self.busy_label.setProperty("role", "hint")
        buttons.addWidget(self.busy_label, 1)
        self.merge_button = QPushButton(MERGE_TEXT)
        self.merge_button.setDefault(True)
        self.merge_button.clicked.connect(self.merge)
        self.close_button = QPushButton("Annuler")
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.close_button)
        root.addLayout(buttons)

    # -- state -----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._worker.busy

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def _set_busy(self, text: str | None) -> None:
        self.busy_label.setText(text or "")
        done = self.record_id is not None
        self.merge_button.setEnabled(text is None and self.preview is not None and not done)
        self.swap_button.setEnabled(text is None and self.preview is not None and not done)
        self.undo_button.setEnabled(text is None)
        self.close_button.setEnabled(text is None)
        if text:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _failed(self, exc: BaseException, what: str) -> None:
        self._set_busy(None)
        if isinstance(exc, ThemisiaError):
            self._show_error(str(exc))
        else:
            self._show_error(f"{what} a échoué : {exc}")

    def choices(self) -> dict[str, str]:
        """Field → "keep" or "merged", as ticked."""
        return {name: "merged" if merged.isChecked() else "keep"
                for name, (_keep, merged) in self.choice_buttons.items()}

    # -- preview ---------------------------------------------------------------------------------
    def _load_preview(self) -> None:
        db, keep_id, merge_id = self._ctx.db, self.keep_id, self.merge_id
        self.preview = None
        self.keep_label.setText("Fiche conservée : …")
        self.merge_label.setText("")
        self._set_busy("Chargement de l'aperçu…")
        self._worker.submit(lambda: preview_merge(db, keep_id, merge_id), self._on_preview,
                            lambda exc: self._failed(exc, "Le chargement de l'aperçu"))

    def _on_preview(self, preview: MergePreview) -> None:
        self.preview = preview
        self._show_error("")
        self.keep_label.setText(f"Fiche conservée : <b>{_html(preview.keep_name)}</b>")
        self.merge_label.setText(
            f"Fiche absorbée, qui disparaîtra de la liste : "
            f"<b>{_html(preview.merge_name)}</b>")
        self._fill_fields(preview.fields)
        self.fields_table.setHorizontalHeaderLabels(
            (COLUMNS[0], f"{COLUMNS[1]} — {preview.keep_name}", f"{COLUMNS[2]} — {preview.merge_name}"))
        self.moves_box.setTitle(MOVES_TITLE)
        lines = moves_lines(preview.moves)
        self.moves_label.setText(
            ("De « " + preview.merge_name + " » vers « " + preview.keep_name + " » :\n"
             + "\n".join("• " + line for line in lines)) if lines
            else "Rien à déplacer : l'autre fiche n'a ni dossier, ni facture, ni historique.")
        self._set_busy(None)

    def _fill_fields(self, diffs: list[FieldDiff]) -> None:
        table = self.fields_table
        table.setRowCount(0)
        for group in self._groups:
            group.deleteLater()
        self._groups, self.choice_buttons = [], {}
        table.setRowCount(len(diffs))
        for row, diff in enumerate(diffs):
            item = QTableWidgetItem(field_label(diff.field))
            item.setData(Qt.ItemDataRole.UserRole, diff.field)
            table.setItem(row, 0, item)
            group = QButtonGroup(self)
            pair = []
            for column, value in ((1, diff.keep_value), (2, diff.merged_value)):
                text = format_value(diff.field, value)
                radio = QRadioButton(text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…")
                radio.setToolTip(text)
                radio.setObjectName(f"{diff.field}:{'keep' if column == 1 else 'merged'}")
                group.addButton(radio)
                table.setCellWidget(row, column, _padded(radio))
                pair.append(radio)
            pair[0 if diff.default == "keep" else 1].setChecked(True)
            self.choice_buttons[diff.field] = (pair[0], pair[1])
            self._groups.append(group)
        table.resizeRowsToContents()
        table.setVisible(bool(diffs))
        self.fields_hint.setText(
            "Pour chaque champ, cochez la valeur à garder sur la fiche conservée. "
            "Un champ vide est complété par l'autre fiche." if diffs
            else "Les deux fiches ont les mêmes valeurs : aucun choix à faire.")

    def swap(self) -> None:
        if self.busy or self.record_id is not None:
            return
        self.keep_id, self.merge_id = self.merge_id, self.keep_id
        self._load_preview()

    # -- merge and undo --------------------------------------------------------------------------
    def merge(self) -> None:
        if self.busy or self.preview is None or self.record_id is not None:
            return
        self._show_error("")
        ctx, keep_id, merge_id, choices = self._ctx, self.keep_id, self.merge_id, self.choices()
        user_id = ctx.current_user.id if ctx.current_user else None
        self._set_busy("Fusion en cours…")
        self._worker.submit(
            lambda: merge_contacts(ctx.db, ctx.clock, keep_id, merge_id, field_choices=choices,
                                   user_id=user_id),
            self._on_merged, lambda exc: self._failed(exc, "La fusion"))

    def _on_merged(self, record_id: int) -> None:
        self.record_id = record_id
        preview = self.preview
        assert preview is not None
        self.fields_table.setEnabled(False)
        self.result_label.setText(
            f"<b>{DONE_TEXT}</b> : « {_html(preview.merge_name)} » a été fusionnée dans "
            f"« {_html(preview.keep_name)} ». Vous pouvez encore l'annuler.")
        self.undo_button.setVisible(True)
        self.moves_box.setTitle("Ce qui a été déplacé")
        self.result_frame.setVisible(True)
        self.close_button.setText("Fermer")
        self._set_busy(None)
        self.merged.emit(record_id)

    def ask_undo(self) -> None:
        """Non-modal to the application (``open()``): the answer comes back by signal."""
        if self.busy or self.record_id is None or self.preview is None:
            return
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        box = QMessageBox(QMessageBox.Icon.Question, UNDO_TEXT,
                          "Annuler cette fusion ?", parent=self)
        box.setInformativeText(
            f"« {self.preview.merge_name} » redeviendra une fiche distincte et tout ce qui avait "
            f"été déplacé vers « {self.preview.keep_name} » lui reviendra.")
        self.confirm_yes = box.addButton(UNDO_TEXT, QMessageBox.ButtonRole.AcceptRole)
        self.confirm_no = box.addButton("Garder la fusion", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.confirm_no)
        box.buttonClicked.connect(lambda b: b is self.confirm_yes and self.undo())
        self.confirm_box = box
        box.open()

    def undo(self) -> None:
        if self.busy or self.record_id is None:
            return
        self._show_error("")
        ctx, record_id = self._ctx, self.record_id
        user_id = ctx.current_user.id if ctx.current_user else None
        self._set_busy("Annulation de la fusion…")
        self._worker.submit(lambda: undo_merge(ctx.db, ctx.clock, record_id, user_id),
                            lambda _none: self._on_undone(record_id),
                            lambda exc: self._failed(exc, "L'annulation"))

    def _on_undone(self, record_id: int) -> None:
        preview = self.preview
        assert preview is not None
        self.record_id = None
        self.result_label.setText(
            f"<b>{UNDONE_TEXT}</b> : « {_html(preview.keep_name)} » et "
            f"« {_html(preview.merge_name)} » sont de nouveau deux fiches distinctes.")
        self.undo_button.setVisible(False)
        self.moves_box.setTitle(MOVES_TITLE)
        self.fields_table.setEnabled(True)
        self._set_busy(None)
        self.undone.emit(record_id)


def _padded(widget: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(6, 2, 6, 2)
    layout.addWidget(widget)
    return holder


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
