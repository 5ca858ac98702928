"""« Choisir un contact »: a dialog around :class:`ContactSearch`, for the card's panels (a
role's contact, a company's representative). Emits ``picked(contact_id)`` and closes when the
user picks a result (double-click, Entrée or « Choisir »)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from themisia_desktop.gui.contacts.contact_search import ContactSearch

HINT = "Tapez les premières lettres du nom."


class ContactPicker(QDialog):
    picked = Signal(int)
    searched = Signal(int)  # results shown

    def __init__(self, ctx, title: str, *, kinds: tuple[str, ...] | None = None,  # noqa: ANN001
                 exclude: set[int] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._chosen = False
        self.finder = ContactSearch(ctx.db, self, kinds=kinds, exclude=exclude or (), rows=None,
                                    placeholder="Nom, e-mail, téléphone, ville…")
        self.search_edit = self.finder.edit
        self.results = self.finder.results
        self.hint_label = QLabel(HINT, self)
        self.hint_label.setProperty("role", "hint")
        self.buttons = QDialogButtonBox(self)
        self.choose_button = self.buttons.addButton("Choisir",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.choose_button, cancel):
            button.setAutoDefault(False)
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        self.finder.picked.connect(self._picked)
        self.finder.resultsShown.connect(self._shown)
        self.finder.failed.connect(self.hint_label.setText)
        self.finder.currentChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.finder, 1)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)
        self.resize(520, 400)
        self._update()

    @property
    def busy(self) -> bool:
        return self.finder.busy

    def _update(self) -> None:
        self.choose_button.setEnabled(self.finder.current_row() is not None)

    def _shown(self, count: int) -> None:
        typed = bool(self.search_edit.text().strip())
        self.hint_label.setText(f"{count} résultat{'s' if count > 1 else ''}." if typed else HINT)
        self.searched.emit(count)

    def search(self) -> None:
        """Search the field's text now."""
        self.finder.search_now()

    def choose(self) -> None:
        """Pick the selected result (« Choisir »)."""
        self.finder.pick_current()

    def _picked(self, contact_id: int, _name: str) -> None:
        if not self._chosen:  # once: the dialog closes on the first pick
            self._chosen = True
            self.picked.emit(contact_id)
            self.accept()


def open_contact_picker(ctx, title: str, on_picked: Callable[[int], None], *,  # noqa: ANN001
                        kinds: tuple[str, ...] | None = None, exclude: set[int] | None = None,
                        parent: QWidget) -> ContactPicker:
    """Open the dialog (window-modal, deleted once closed); ``on_picked(contact_id)`` runs
    when the user picks a contact."""
    picker = ContactPicker(ctx, title, kinds=kinds, exclude=exclude, parent=parent)
    picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    picker.picked.connect(on_picked)
    picker.open()
    return picker
