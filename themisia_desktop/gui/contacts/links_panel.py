"""« Liens »: a company's legal representatives and beneficial owners (person contacts), or
the companies a person represents or owns. Double-click opens the other contact's card."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from themisia_desktop.core.contacts.links import LinkInfo, add_link, companies_of, list_links, remove_link
from themisia_desktop.core.models.enums import ContactKind, ContactLinkKind
from themisia_desktop.gui.contacts.contact_picker import ContactPicker, open_contact_picker
from themisia_desktop.gui.contacts.panel_base import CardPanel
from themisia_desktop.gui.tables import LEFT, RIGHT, RowsModel, make_table


def _share(link: LinkInfo) -> str:
    return f"{link.ownership_percent} %" if link.ownership_percent is not None else ""


class LinksPanel(CardPanel):
    def __init__(self, ctx, contact_id: int, kind: ContactKind,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, contact_id, parent)
        self.kind = ContactKind(kind)
        self.links: list[LinkInfo] = []
        self.picker: ContactPicker | None = None
        self.open_contact = self._open_contact_card
        company = self.kind == ContactKind.COMPANY
        other = "Personne" if company else "Société"
        self.model = RowsModel(("Lien", other, "Qualité", "Détention"), (LEFT, LEFT, LEFT, RIGHT),
                               self)
        self.view = make_table(self, self.model, (200, 340, 220, 100), stretch=1)
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.remove_button = QPushButton("Retirer", self)
        self.remove_button.clicked.connect(self.remove_selected)
        layout = QVBoxLayout(self)
        hint = QLabel("Représentants légaux et bénéficiaires effectifs de la société."
                      if company else "Sociétés que cette personne représente ou détient.", self)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        actions = QHBoxLayout()
        if company:
            self.kind_combo = QComboBox(self)
            for link_kind in ContactLinkKind:
                self.kind_combo.addItem(link_kind.label, link_kind.value)
            self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
            self.title_edit = QLineEdit(self)
            self.title_edit.setPlaceholderText("Qualité : gérant, président…")
            self.percent_spin = QSpinBox(self)
            self.percent_spin.setRange(0, 100)
            self.percent_spin.setSuffix(" %")
            self.percent_spin.setSpecialValueText("Détention")
            self.add_button = QPushButton("Ajouter…", self)
            self.add_button.clicked.connect(self.open_picker)
            actions.addWidget(self.kind_combo)
            actions.addWidget(self.title_edit, 1)
            actions.addWidget(self.percent_spin)
            actions.addWidget(self.add_button)
            self._kind_changed()
        else:
            actions.addStretch(1)
        actions.addWidget(self.remove_button)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        self._update()
        self.reload()

    def _kind_changed(self) -> None:
        owner = self.kind_combo.currentData() == ContactLinkKind.BENEFICIAL_OWNER.value
        self.percent_spin.setEnabled(owner)
        self.title_edit.setEnabled(not owner)

    def selected(self) -> LinkInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.links[rows[0].row()] if rows else None

    def _update(self) -> None:
        self.remove_button.setEnabled(self.selected() is not None)

    def reload(self) -> None:
        db, cid = self._ctx.db, self.contact_id
        fn = list_links if self.kind == ContactKind.COMPANY else companies_of
        self.run(lambda: fn(db, cid), self._apply)

    def _apply(self, links: list[LinkInfo]) -> None:
        self.links = links
        company = self.kind == ContactKind.COMPANY
        self.model.set_rows([(link.id, (link.kind.label,
                                        link.person_name if company else link.company_name,
                                        link.title or "", _share(link))) for link in links])
        self._update()
        self.loaded.emit()

    def other_id(self, row: int) -> int:
        link = self.links[row]
        return link.person_id if self.kind == ContactKind.COMPANY else link.company_id

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.links):
            self.open_contact(self.other_id(row))

    def _open_contact_card(self, contact_id: int) -> None:
        from themisia_desktop.gui.contacts.contact_card import open_contact_card

        open_contact_card(self._ctx, contact_id, self.window())

    def open_picker(self) -> ContactPicker:
        kind = self.kind_combo.currentData()
        self.picker = open_contact_picker(
            self._ctx, ContactLinkKind(kind).label,
            lambda person_id, k=kind: self.add(person_id, k), kinds=("person",), parent=self)
        return self.picker

    def add(self, person_id: int, kind: str) -> None:
        ctx, cid, actor = self._ctx, self.contact_id, self.actor()
        owner = kind == ContactLinkKind.BENEFICIAL_OWNER.value
        title = None if owner else self.title_edit.text()
        percent = (self.percent_spin.value() or None) if owner else None
        self.title_edit.clear()
        self.write(lambda: add_link(ctx.db, ctx.clock, cid, person_id, kind, title=title,
                                    ownership_percent=percent, actor_id=actor))

    def remove_selected(self) -> None:
        link = self.selected()
        if link is None:
            return
        ctx, actor = self._ctx, self.actor()
        self.write(lambda: remove_link(ctx.db, ctx.clock, link.id, actor_id=actor))
