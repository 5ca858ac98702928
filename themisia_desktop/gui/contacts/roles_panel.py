"""« Rôles »: who receives the client's invoices, reminders and letters (facturation,
recouvrement, correspondance), the default of each kind marked; add, make default, remove."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from themisia_desktop.core.contacts.roles import RoleInfo, add_role, list_roles, remove_role, set_default_role
from themisia_desktop.core.models.enums import ContactRoleKind
from themisia_desktop.gui.contacts.contact_picker import ContactPicker, open_contact_picker
from themisia_desktop.gui.contacts.panel_base import CardPanel
from themisia_desktop.gui.tables import CENTER, LEFT, RowsModel, make_table

DEFAULT_MARK = "★ Par défaut"


class RolesPanel(CardPanel):
    def __init__(self, ctx, contact_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ctx, contact_id, parent)
        self.roles: list[RoleInfo] = []
        self.picker: ContactPicker | None = None
        hint = QLabel("Sans contact désigné, le client reçoit lui-même factures, relances et "
                      "courriers. Le contact « par défaut » de chaque rôle est celui utilisé.", self)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.model = RowsModel(("Rôle", "Contact", "E-mail", "Par défaut"),
                               (LEFT, LEFT, LEFT, CENTER), self)
        self.view = make_table(self, self.model, (170, 300, 300, 120), stretch=2)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.kind_combo = QComboBox(self)
        for kind in ContactRoleKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.add_button = QPushButton("Ajouter…", self)
        self.add_button.clicked.connect(self.open_picker)
        self.default_button = QPushButton("Par défaut", self)
        self.default_button.clicked.connect(self.make_default)
        self.remove_button = QPushButton("Retirer", self)
        self.remove_button.clicked.connect(self.remove_selected)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Rôle :", self))
        actions.addWidget(self.kind_combo)
        actions.addWidget(self.add_button)
        actions.addStretch(1)
        actions.addWidget(self.default_button)
        actions.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        self._update()
        self.reload()

    def selected(self) -> RoleInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.roles[rows[0].row()] if rows else None

    def _update(self) -> None:
        role = self.selected()
        self.default_button.setEnabled(role is not None and not role.is_default)
        self.remove_button.setEnabled(role is not None)

    def reload(self) -> None:
        db, cid = self._ctx.db, self.contact_id
        self.run(lambda: list_roles(db, cid), self._apply)

    def _apply(self, roles: list[RoleInfo]) -> None:
        self.roles = roles
        self.model.set_rows([(r.id, (r.kind.label, r.contact_name, r.email or "",
                                     DEFAULT_MARK if r.is_default else ""))
                             for r in roles])
        self._update()
        self.loaded.emit()

    def open_picker(self) -> ContactPicker:
        kind = self.kind_combo.currentData()
        self.picker = open_contact_picker(
            self._ctx, f"Contact « {ContactRoleKind(kind).label} »",
            lambda contact_id, k=kind: self.add(contact_id, k), kinds=("person", "company"),
            exclude={self.contact_id}, parent=self)
        return self.picker

    def add(self, contact_id: int, kind: str) -> None:
        ctx, cid, actor = self._ctx, self.contact_id, self.actor()
        self.write(lambda: add_role(ctx.db, ctx.clock, cid, contact_id, kind, actor_id=actor))

    def make_default(self) -> None:
        role = self.selected()
        if role is None:
            return
        ctx, cid, actor = self._ctx, self.contact_id, self.actor()
        self.write(lambda: set_default_role(ctx.db, ctx.clock, cid, role.contact_id,
                                            role.kind.value, actor_id=actor))

    def remove_selected(self) -> None:
        role = self.selected()
        if role is None:
            return
        ctx, cid, actor = self._ctx, self.contact_id, self.actor()
        self.write(lambda: remove_role(ctx.db, ctx.clock, cid, role.contact_id, role.kind.value,
                                       actor_id=actor))
