"""The contact dialog's fields: choices, reading the inputs, filling from a contact, and
showing a core ``ValidationError`` under the field it names."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from themisia_desktop.core.contacts.schema import (
    CIVILITIES,
    COURT_TYPES,
    ID_DOCUMENT_TYPES,
    AddressInfo,
    AddressInput,
    ChannelInput,
    CompanyInput,
    ContactDetails,
    Details,
    JurisdictionInput,
    PersonInput,
)
from themisia_desktop.core.contacts.search import format_phone
from themisia_desktop.core.contacts.validation import court_name
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models.enums import ContactKind, ContactStatus
from themisia_desktop.gui.field_errors import FieldErrors
from themisia_desktop.gui.forms.ui_contact_dialog import Ui_ContactDialog

LEGAL_FORMS = ("SARL", "SAS", "SASU", "SA", "SCI", "SELARL", "SELAS", "EURL", "SNC", "SCP",
               "SCM", "GIE", "EI", "Association")
KIND_TITLES = {ContactKind.PERSON: "Personne physique", ContactKind.COMPANY: "Personne morale",
               ContactKind.JURISDICTION: "Juridiction"}
CHOOSE = "Choisissez…"
COURT_NAME_HINT = "construit à partir du type et de la ville"


def _opt(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


def setup_choices(ui: Ui_ContactDialog) -> None:
    ui.civility_combo.addItem("", None)
    for c in CIVILITIES:
        ui.civility_combo.addItem(c, c)
    ui.id_type_combo.addItem("", None)
    for code, label in ID_DOCUMENT_TYPES.items():
        ui.id_type_combo.addItem(label, code)
    ui.legal_form_combo.addItems(LEGAL_FORMS)
    ui.legal_form_combo.setCurrentIndex(-1)
    ui.legal_form_combo.lineEdit().setPlaceholderText("ex. SARL, SAS, SCI…")
    ui.court_type_combo.addItem(CHOOSE, None)
    for code, label in COURT_TYPES.items():
        ui.court_type_combo.addItem(label, code)
    for status in (ContactStatus.CONTACT, ContactStatus.PROSPECT):
        ui.status_combo.addItem(status.label, status.value)
    ui.court_name_edit.setPlaceholderText(COURT_NAME_HINT)


def court_name_hint(ui: Ui_ContactDialog) -> str:
    code = ui.court_type_combo.currentData()
    return court_name(code, _opt(ui.court_city_edit)) if code else COURT_NAME_HINT


# -- reading -------------------------------------------------------------------------------
def details_input(ui: Ui_ContactDialog, kind: ContactKind) -> Details:
    if kind == ContactKind.PERSON:
        return PersonInput(
            last_name=ui.last_name_edit.text(), first_name=_opt(ui.first_name_edit),
            civility=ui.civility_combo.currentData(), birth_date=_opt(ui.birth_date_edit),
            birth_place=_opt(ui.birth_place_edit), nationality=_opt(ui.nationality_edit),
            id_document_type=ui.id_type_combo.currentData(),
            id_document_number=_opt(ui.id_number_edit),
            id_document_expires_on=_opt(ui.id_expires_edit), profession=_opt(ui.profession_edit))
    if kind == ContactKind.COMPANY:
        return CompanyInput(
            legal_name=ui.legal_name_edit.text(),
            legal_form=ui.legal_form_combo.currentText().strip() or None,
            siren=_opt(ui.siren_edit), siret=_opt(ui.siret_edit), rcs_city=_opt(ui.rcs_city_edit),
            rcs_number=_opt(ui.rcs_number_edit), vat_number=_opt(ui.vat_edit),
            share_capital=_opt(ui.share_capital_edit), naf_code=_opt(ui.naf_edit))
    return JurisdictionInput(
        court_type=ui.court_type_combo.currentData() or "", city=_opt(ui.court_city_edit),
        chamber=_opt(ui.chamber_edit), name=_opt(ui.court_name_edit),
        registry_phone=_opt(ui.registry_phone_edit), registry_email=_opt(ui.registry_email_edit))


def address_input(ui: Ui_ContactDialog) -> AddressInput | None:
    """The form's one address, or None when all its fields are empty."""
    values = [_opt(e) for e in (ui.line1_edit, ui.line2_edit, ui.postal_code_edit, ui.city_edit)]
    if not any(values):
        return None
    line1, line2, postal_code, city = values
    return AddressInput(line1=line1 or "", line2=line2, postal_code=postal_code, city=city,
                        is_primary=True)


def channel_inputs(ui: Ui_ContactDialog) -> list[ChannelInput]:
    """E-mail first, then phone: the validators name them ``emails[0]`` and ``phones[1]``."""
    return [ChannelInput(kind="email", value=ui.email_edit.text(), is_primary=True),
            ChannelInput(kind="phone", value=ui.phone_edit.text(), is_primary=True)]


def notes_text(ui: Ui_ContactDialog) -> str | None:
    return ui.notes_edit.toPlainText().strip() or None


# -- filling -------------------------------------------------------------------------------
def _set_combo(combo: QComboBox, value: str | None) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
    elif combo.isEditable():
        combo.setEditText(value or "")


def _date(value) -> str:  # noqa: ANN001 (date | str | None)
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else (value or "")


def primary_address(c: ContactDetails) -> AddressInfo | None:
    return next((a for a in c.addresses if a.is_primary), c.addresses[0] if c.addresses else None)


def fill(ui: Ui_ContactDialog, c: ContactDetails) -> None:
    if c.person:
        p = c.person
        _set_combo(ui.civility_combo, p.civility)
        ui.last_name_edit.setText(p.last_name or "")
        ui.first_name_edit.setText(p.first_name or "")
        ui.birth_date_edit.setText(_date(p.birth_date))
        ui.birth_place_edit.setText(p.birth_place or "")
        ui.nationality_edit.setText(p.nationality or "")
        ui.profession_edit.setText(p.profession or "")
        _set_combo(ui.id_type_combo, p.id_document_type)
        ui.id_number_edit.setText(p.id_document_number or "")
        ui.id_expires_edit.setText(_date(p.id_document_expires_on))
    if c.company:
        co = c.company
        ui.legal_name_edit.setText(co.legal_name or "")
        ui.legal_form_combo.setEditText(co.legal_form or "")
        ui.siren_edit.setText(co.siren or "")
        ui.siret_edit.setText(co.siret or "")
        ui.rcs_city_edit.setText(co.rcs_city or "")
        ui.rcs_number_edit.setText(co.rcs_number or "")
        ui.vat_edit.setText(co.vat_number or "")
        ui.share_capital_edit.setText(
            str(co.share_capital).replace(".", ",") if co.share_capital is not None else "")
        ui.naf_edit.setText(co.naf_code or "")
    if c.jurisdiction:
        j = c.jurisdiction
        _set_combo(ui.court_type_combo, j.court_type)
        ui.court_city_edit.setText(j.city or "")
        ui.chamber_edit.setText(j.chamber or "")
        # A name that is only "type + ville" stays empty, so that it follows the city.
        ui.court_name_edit.setText("" if j.name == court_name(j.court_type, j.city) else j.name or "")
        ui.registry_phone_edit.setText(format_phone(j.registry_phone))
        ui.registry_email_edit.setText(j.registry_email or "")
    ui.email_edit.setText(next((ch.value for ch in c.channels if ch.kind == "email" and ch.is_primary),
                               c.emails[0] if c.emails else ""))
    phone = next((ch.value for ch in c.channels if ch.kind == "phone" and ch.is_primary),
                 c.phones[0] if c.phones else "")
    ui.phone_edit.setText(format_phone(phone))
    address = primary_address(c)
    if address is not None:
        ui.line1_edit.setText(address.line1)
        ui.line2_edit.setText(address.line2 or "")
        ui.postal_code_edit.setText(address.postal_code or "")
        ui.city_edit.setText(address.city or "")
    ui.notes_edit.setPlainText(c.notes or "")
    ui.status_combo.clear()
    ui.status_combo.addItem(c.status.label, c.status.value)


# -- errors --------------------------------------------------------------------------------
class DialogErrors:
    """One :class:`FieldErrors` per form of the dialog; ``show(exc)`` finds the field that a
    core field name (``"siren"``, ``"emails[0]"``, ``"addresses[0].postal_code"``…) is about."""

    def __init__(self, ui: Ui_ContactDialog) -> None:
        self._ui = ui
        self.by_kind = {
            ContactKind.PERSON: FieldErrors(ui.person_form, {
                "civility": ui.civility_combo, "last_name": ui.last_name_edit,
                "first_name": ui.first_name_edit, "birth_date": ui.birth_date_edit,
                "birth_place": ui.birth_place_edit, "nationality": ui.nationality_edit,
                "profession": ui.profession_edit, "id_document_type": ui.id_type_combo,
                "id_document_number": ui.id_number_edit,
                "id_document_expires_on": ui.id_expires_edit}),
            ContactKind.COMPANY: FieldErrors(ui.company_form, {
                "legal_name": ui.legal_name_edit, "legal_form": ui.legal_form_combo,
                "siren": ui.siren_edit, "siret": ui.siret_edit, "rcs_city": ui.rcs_city_edit,
                "rcs_number": ui.rcs_number_edit, "vat_number": ui.vat_widget,
                "share_capital": ui.share_capital_edit, "naf_code": ui.naf_edit}),
            ContactKind.JURISDICTION: FieldErrors(ui.jurisdiction_form, {
                "court_type": ui.court_type_combo, "city": ui.court_city_edit,
                "chamber": ui.chamber_edit, "name": ui.court_name_edit,
                "registry_phone": ui.registry_phone_edit,
                "registry_email": ui.registry_email_edit}),
        }
        self.common = FieldErrors(ui.common_form, {
            "status": ui.status_combo, "email": ui.email_edit, "phone": ui.phone_edit,
            "line1": ui.line1_edit, "line2": ui.line2_edit, "postal_code": ui.postal_code_edit,
            "city": ui.city_edit})
        # The VAT row holds the field and its « Proposer » button: style and clear the field.
        ui.vat_widget.setFocusProxy(ui.vat_edit)
        ui.vat_edit.textEdited.connect(lambda _t: self._mark(ui.vat_edit, False))
        ui.vat_edit.textEdited.connect(lambda _t: self.by_kind[ContactKind.COMPANY].clear("vat_number"))

    @staticmethod
    def _mark(widget: QWidget, invalid: bool) -> None:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def locate(self, kind: ContactKind, field: str | None) -> tuple[FieldErrors, str] | None:
        """The form and key showing errors of core field ``field`` (None: no such field here)."""
        if not field:
            return None
        if field.startswith("emails"):
            return self.common, "email"
        if field.startswith("phones"):
            return self.common, "phone"
        if field.startswith("addresses"):
            key = field.rpartition(".")[2] if "." in field else "line1"
            return (self.common, key) if self.common.has(key) else None
        if field == "status":
            return self.common, field
        errors = self.by_kind[kind]
        return (errors, field) if errors.has(field) else None

    def show(self, kind: ContactKind, exc: ValidationError) -> QLabel | None:
        """Show ``exc`` under its field; the label used, or None when no field matches."""
        where = self.locate(kind, exc.field)
        if where is None:
            return None
        errors, key = where
        errors.show(key, exc.message)
        if key == "vat_number":
            self._mark(self._ui.vat_edit, True)
            self._ui.vat_edit.selectAll()
        return errors.label(key)

    def message(self, field: str, kind: ContactKind) -> str:
        """What is shown under the field of core name ``field`` ("" when nothing)."""
        where = self.locate(kind, field)
        return where[0].message(where[1]) if where else ""

    def clear(self) -> None:
        for errors in (*self.by_kind.values(), self.common):
            errors.clear()
        self._mark(self._ui.vat_edit, False)
