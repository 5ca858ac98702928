"""« Nouveau contact » / « Modifier le contact »: the typology's fields, the contact details,
one address; checked and saved by core on a worker, with a duplicate warning while typing."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from themisia_desktop.context import AppContext
from themisia_desktop.core.contacts.duplicates import DuplicateMatch, find_candidates
from themisia_desktop.core.contacts.edit import ContactEdit, edit_contact
from themisia_desktop.core.contacts.identifiers import suggest_vat
from themisia_desktop.core.contacts.schema import ChannelInput, ContactDetails, ContactInput
from themisia_desktop.core.contacts.service import CREATION_STATUSES, create_contact, get_contact
from themisia_desktop.core.contacts.validation import (clean_addresses, clean_channels,
                                                       clean_details)
from themisia_desktop.core.errors import ThemisiaError, ValidationError
from themisia_desktop.core.models.enums import ContactKind
from themisia_desktop.gui.busy_guard import CloseWhenIdle
from themisia_desktop.gui.contacts import contact_dialog_fields as fields
from themisia_desktop.gui.contacts.contact_dialog_duplicates import (STRONG_SCORE, DuplicateWatcher,
                                                                     match_line, probe_of)
from themisia_desktop.gui.forms.ui_contact_dialog import Ui_ContactDialog
from themisia_desktop.gui.worker import Worker

NEW_TITLE = "Nouveau contact"
EDIT_TITLE = "Modifier le contact"
NO_SIREN = "Saisissez d'abord un SIREN valide (9 chiffres) : la TVA en est calculée."
_PAGES = (ContactKind.PERSON, ContactKind.COMPANY, ContactKind.JURISDICTION)


@dataclass(frozen=True)
class NeedsConfirmation:
    """The save stopped before writing: these contacts look like the one being saved."""

    matches: list[DuplicateMatch]


class ContactDialog(CloseWhenIdle, QDialog):
    """Emits ``saved(ContactDetails)`` then closes (accepted) once core has saved the contact."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, contact_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.contact_id = contact_id
        self._loaded: ContactDetails | None = None
        self._suggested_vat: str | None = None
        self.confirm_box: QMessageBox | None = None
        self.ui = ui = Ui_ContactDialog()
        ui.setupUi(self)
        self._worker = Worker(self)
        fields.setup_choices(ui)
        self.errors = fields.DialogErrors(ui)
        self.duplicates = DuplicateWatcher(self, ctx.db, self._probe, exclude_id=contact_id)
        self.duplicates.shown.connect(self._show_duplicates)
        self._radios = {ContactKind.PERSON: ui.person_radio, ContactKind.COMPANY: ui.company_radio,
                        ContactKind.JURISDICTION: ui.jurisdiction_radio}
        for kind, radio in self._radios.items():
            radio.toggled.connect(lambda on, k=kind: on and self._kind_changed(k))
        for edit in (ui.last_name_edit, ui.first_name_edit, ui.birth_date_edit, ui.legal_name_edit,
                     ui.siren_edit, ui.siret_edit, ui.vat_edit, ui.court_city_edit,
                     ui.court_name_edit, ui.email_edit, ui.phone_edit):
            edit.textEdited.connect(self.duplicates.schedule)
        ui.siren_edit.textEdited.connect(self._auto_vat)
        ui.vat_suggest_button.clicked.connect(self.propose_vat)
        ui.court_type_combo.currentIndexChanged.connect(self._court_changed)
        ui.court_city_edit.textEdited.connect(self._court_changed)
        ui.save_button.clicked.connect(self.save)
        ui.cancel_button.clicked.connect(self.reject)
        self._kind_changed(ContactKind.PERSON)
        if contact_id is None:
            self.setWindowTitle(NEW_TITLE)
        else:
            self.setWindowTitle(EDIT_TITLE)
            for radio in self._radios.values():
                radio.setEnabled(False)  # core refuses a change of typology
            ui.status_combo.setEnabled(False)
            ui.status_combo.setToolTip("Le statut évolue avec les dossiers (fiche du contact).")
            self._set_busy("Chargement…")
            self._worker.submit(lambda: get_contact(ctx.db, contact_id), self._on_loaded,
                                self._on_failed)

    # -- state -------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._worker.busy

    @property
    def kind(self) -> ContactKind:
        return _PAGES[self.ui.kind_stack.currentIndex()]

    def error_text(self) -> str:
        return self.ui.error_label.text() if not self.ui.error_label.isHidden() else ""

    def _set_busy(self, text: str | None) -> None:
        self.ui.busy_label.setText(text or "")
        self.ui.busy_label.setVisible(bool(text))
        self.ui.scroll_contents.setEnabled(text is None)
        self.ui.save_button.setEnabled(text is None)
        if text:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _show_error(self, message: str) -> None:
        self.ui.error_label.setText(message)
        self.ui.error_label.setVisible(bool(message))

    # -- reactions to typing -------------------------------------------------------------------
    def _kind_changed(self, kind: ContactKind) -> None:
        self.ui.kind_stack.setCurrentIndex(_PAGES.index(kind))
        self.ui.details_group.setTitle(fields.KIND_TITLES[kind])
        self._radios[kind].setChecked(True)
        self.errors.clear()
        self._show_error("")
        self.duplicates.schedule()

    def _court_changed(self) -> None:
        self.ui.court_name_edit.setPlaceholderText(fields.court_name_hint(self.ui))
        self.duplicates.schedule()

    def _auto_vat(self, siren: str) -> None:
        """Fill the VAT number from a valid SIREN unless the user typed one of their own."""
        current = self.ui.vat_edit.text().strip()
        if current and current != self._suggested_vat:
            return
        self._suggested_vat = suggest_vat(siren.strip() or None)
        self.ui.vat_edit.setText(self._suggested_vat or "")

    def propose_vat(self) -> None:
        siren = self.ui.siren_edit.text().strip() or self.ui.siret_edit.text().replace(" ", "")[:9]
        vat = suggest_vat(siren or None)
        if vat is None:
            self.errors.show(self.kind, ValidationError(NO_SIREN, field="siren"))
            return
        self._suggested_vat = vat
        self.ui.vat_edit.setText(vat)
        self.errors.by_kind[ContactKind.COMPANY].clear("vat_number")
        self.duplicates.schedule()

    def _probe(self):  # noqa: ANN202
        return probe_of(fields.details_input(self.ui, self.kind), fields.channel_inputs(self.ui))

    def _show_duplicates(self, matches: list[DuplicateMatch]) -> None:
        self.ui.duplicate_list.setText("\n".join("• " + match_line(m) for m in matches))
        self.ui.duplicate_frame.setVisible(bool(matches))

    # -- loading (edit mode) ---------------------------------------------------------------------
    def _on_loaded(self, contact: ContactDetails) -> None:
        self._set_busy(None)
        self._loaded = contact
        self._kind_changed(ContactKind(contact.kind))
        fields.fill(self.ui, contact)
        self.ui.court_name_edit.setPlaceholderText(fields.court_name_hint(self.ui))

    # -- saving ----------------------------------------------------------------------------------
    def save(self, *, confirmed: bool = False) -> None:
        if self.busy or (self.contact_id is not None and self._loaded is None):
            return
        self.errors.clear()
        self._show_error("")
        ui, ctx, loaded, cid = self.ui, self._ctx, self._loaded, self.contact_id
        details = fields.details_input(ui, self.kind)
        address = fields.address_input(ui)
        channels = fields.channel_inputs(ui)
        if loaded is not None:  # the e-mails and phones not shown in the form are kept
            shown = {(c.kind, c.value) for c in loaded.channels if c.is_primary}
            channels += [ChannelInput(kind=c.kind, value=c.value, label=c.label)
                         for c in loaded.channels if (c.kind, c.value) not in shown]
        notes = fields.notes_text(ui)
        status = ui.status_combo.currentData()
        actor = ctx.current_user.id if ctx.current_user else None

        def work() -> ContactDetails | NeedsConfirmation:
            # Everything is checked before anything is looked up or written.
            clean = clean_details(details, ctx.clock.today())
            addresses = clean_addresses([address] if address else [])
            clean_chans = clean_channels(channels)
            if cid is None and status not in CREATION_STATUSES:
                raise ValidationError("Choisissez le statut initial.", field="status")
            if not confirmed:
                probe = probe_of(clean, clean_chans)
                found = find_candidates(ctx.db, probe, exclude_id=cid) if probe else []
                strong = [m for m in found if m.score >= STRONG_SCORE]
                if strong:
                    return NeedsConfirmation(strong)
            if cid is None:
                return create_contact(ctx.db, ctx.clock, ContactInput(
                    details=details, status=status, addresses=tuple(addresses),
                    channels=tuple(channels), notes=notes), actor_id=actor)
            return edit_contact(ctx.db, ctx.clock, cid, ContactEdit(
                details=details, channels=tuple(channels), address=address, notes=notes),
                actor_id=actor)

        self._set_busy("Enregistrement…")
        self._worker.submit(work, self._on_saved, self._on_failed)

    def _on_saved(self, result: ContactDetails | NeedsConfirmation) -> None:
        self._set_busy(None)
        if isinstance(result, NeedsConfirmation):
            self._show_duplicates(result.matches)
            self._ask_confirmation(result.matches)
            return
        self.saved.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(None)
        if isinstance(exc, ValidationError):
            label = self.errors.show(self.kind, exc)
            if label is not None:
                self.ui.scroll_area.ensureWidgetVisible(self.focusWidget() or label)
                return
        if isinstance(exc, ThemisiaError):
            self._show_error(str(exc))
        else:
            self._show_error(f"L'enregistrement a échoué : {exc}")
        if self.contact_id is not None and self._loaded is None:
            self.ui.save_button.setEnabled(False)  # nothing loaded: nothing to save

    def _ask_confirmation(self, matches: list[DuplicateMatch]) -> None:
        """Non-modal to the application (``open()``): the answer comes back by signal."""
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        verb = "Créer" if self.contact_id is None else "Enregistrer"
        box = QMessageBox(QMessageBox.Icon.Warning, "Doublon possible",
                          f"Ce contact ressemble à un contact existant. {verb} quand même ?", parent=self)
        box.setInformativeText("\n".join(match_line(m) for m in matches))
        self.confirm_yes = box.addButton(f"{verb} quand même", QMessageBox.ButtonRole.AcceptRole)
        self.confirm_no = box.addButton("Revenir au formulaire", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.confirm_no)
        box.buttonClicked.connect(lambda b: b is self.confirm_yes and self.save(confirmed=True))
        self.confirm_box = box
        box.open()


def open_new_contact_dialog(ctx: AppContext, parent: QWidget | None) -> ContactDialog:
    """Show « Nouveau contact » (window-modal, deleted when closed); connect to ``saved``."""
    dialog = ContactDialog(ctx, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
