"""The « Parties » tab of a matter: who is in it and in which role; add a contact in a role,
change a role, remove a party (the client stays)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from themisia_desktop.core.matters.parties import add_party, change_party_role, remove_party
from themisia_desktop.core.matters.queries import load_matter
from themisia_desktop.core.matters.schema import MatterView, PartyView
from themisia_desktop.core.models.enums import ContactKind, PartyRole
from themisia_desktop.gui.contacts.contact_search import ContactSearch
from themisia_desktop.gui.tables import LEFT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker


def _kind_label(code: str) -> str:
    try:
        return ContactKind(code).label
    except ValueError:
        return code


class PartiesTab(QWidget):
    """``changed`` after a party was added, changed or removed; ``loaded`` after a read."""

    changed = Signal()
    loaded = Signal()

    def __init__(self, ctx, matter_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.matter_id = matter_id
        self._worker = Worker(self)
        self.parties: tuple[PartyView, ...] = ()

        self.model = RowsModel(("Nom", "Rôle", "Type", "Note"), (LEFT, LEFT, LEFT, LEFT), self)
        self.view = make_table(self, self.model, (320, 170, 150, 300))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._selected())

        self.picker = ContactSearch(ctx.db, self, rows=4,
                                    placeholder="Ajouter une partie : tapez son nom…")
        self.role_combo = QComboBox(self)
        for role in PartyRole:
            self.role_combo.addItem(role.label, role.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(PartyRole.ADVERSE.value))
        self.add_button = QPushButton("Ajouter", self)
        self.add_button.clicked.connect(self.add)
        self.new_role_combo = QComboBox(self)
        for role in PartyRole:
            self.new_role_combo.addItem(role.label, role.value)
        self.role_button = QPushButton("Changer le rôle", self)
        self.role_button.clicked.connect(self.change_role)
        self.remove_button = QPushButton("Retirer du dossier", self)
        self.remove_button.clicked.connect(self.remove)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("error_parties")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.hide()

        add_row = QHBoxLayout()
        add_row.addWidget(self.picker, 1)
        top = Qt.AlignmentFlag.AlignTop
        as_label = QLabel("en tant que", self)
        as_label.setMinimumHeight(self.picker.edit.sizeHint().height())
        add_row.addWidget(as_label, 0, top)
        add_row.addWidget(self.role_combo, 0, top)
        add_row.addWidget(self.add_button, 0, top)
        edit_row = QHBoxLayout()
        edit_row.addWidget(QLabel("Partie sélectionnée :", self))
        edit_row.addWidget(self.new_role_combo)
        edit_row.addWidget(self.role_button)
        edit_row.addWidget(self.remove_button)
        edit_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(add_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(edit_row)
        self._selected()
        self.reload()

    @property
    def busy(self) -> bool:
        return self._worker.busy or self.picker.busy

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _actor(self) -> int | None:
        user = getattr(self._ctx, "current_user", None)
        return user.id if user is not None else None

    # -- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        ctx, mid = self._ctx, self.matter_id
        self._worker.submit_latest("view", lambda: load_matter(ctx.db, mid, ctx.clock.today()),
                                   self._apply, lambda exc: self._show_error(error_text(exc)))

    def _apply(self, view: MatterView) -> None:
        self.parties = view.parties
        self.model.set_rows([(p.id, (p.name + (" (client du dossier)" if p.is_client else ""),
                                     p.role_label, _kind_label(p.contact_kind), p.notes or ""))
                             for p in view.parties])
        self._selected()
        self.loaded.emit()

    def _current(self) -> PartyView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.parties[rows[0].row()] if rows and rows[0].row() < len(self.parties) else None

    def _selected(self) -> None:
        party = self._current()
        editable = party is not None and not party.is_client
        for widget in (self.new_role_combo, self.role_button, self.remove_button):
            widget.setEnabled(editable)
        if party is not None:
            self.new_role_combo.setCurrentIndex(self.new_role_combo.findData(party.role.value))

    # -- writing ---------------------------------------------------------------------------
    def _write(self, fn) -> None:  # noqa: ANN001
        self._show_error("")

        def done(_result) -> None:  # noqa: ANN001
            self.reload()
            self.changed.emit()

        self._worker.submit(fn, done, lambda exc: self._show_error(error_text(exc)))

    def add(self) -> None:
        ctx, mid, actor = self._ctx, self.matter_id, self._actor()
        contact_id, role = self.picker.contact_id, self.role_combo.currentData()
        if contact_id is None:
            self._show_error("Choisissez d'abord un contact dans la liste.")
            return
        self.picker.clear()
        self._write(lambda: add_party(ctx.db, ctx.clock, mid, contact_id, role, user_id=actor))

    def change_role(self) -> None:
        party = self._current()
        if party is None:
            return
        ctx, actor, role = self._ctx, self._actor(), self.new_role_combo.currentData()
        self._write(lambda: change_party_role(ctx.db, ctx.clock, party.id, role, user_id=actor))

    def remove(self) -> None:
        party = self._current()
        if party is None:
            return
        ctx, actor = self._ctx, self._actor()
        self._write(lambda: remove_party(ctx.db, ctx.clock, party.id, user_id=actor))


def build_parties_tab(ctx, matter_id: int, parent: QWidget) -> QWidget:  # noqa: ANN001
    return PartiesTab(ctx, matter_id, parent)
