"""« Cabinet »: the firm's identity printed on invoices, documents and mails."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from themisia_desktop.context import AppContext
from themisia_desktop.core.contacts.search import format_phone
from themisia_desktop.core.firm.preferences import (FirmIdentity, get_firm_identity,
                                                     update_firm_identity)
from themisia_desktop.gui.settings.form_base import SettingsForm, line_edit

TITLE = "Cabinet"
LEAD = ("L'identité du cabinet telle qu'elle figure sur les factures, les documents générés et "
        "les e-mails envoyés par Themisia.")


class FirmForm(SettingsForm):
    def __init__(self, ctx: AppContext, *, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(ctx, TITLE, LEAD, editable=editable, parent=parent)
        box = self.form_box
        self.name_edit = line_edit(box, "name_edit", placeholder="Cabinet Martin & Associés")
        self.address1_edit = line_edit(box, "address_line1_edit", placeholder="12 rue de la République")
        self.address2_edit = line_edit(box, "address_line2_edit", placeholder="Bâtiment, étage…")
        self.postal_edit = line_edit(box, "postal_code_edit", max_length=10, width=110)
        self.city_edit = line_edit(box, "city_edit", max_length=100)
        self.phone_edit = line_edit(box, "phone_edit", max_length=30, width=220,
                                    placeholder="04 78 00 00 00")
        self.email_edit = line_edit(box, "email_edit", max_length=254,
                                    placeholder="accueil@cabinet.fr")
        self.siren_edit = line_edit(box, "siren_edit", max_length=20, width=220,
                                    placeholder="552 008 443")
        self.vat_edit = line_edit(box, "vat_number_edit", max_length=30, width=220,
                                  placeholder="FR19552008443")
        self.bar_edit = line_edit(box, "bar_edit", max_length=100, placeholder="Lyon")
        self.legal_edit = QPlainTextEdit(box)
        self.legal_edit.setObjectName("legal_mentions_edit")
        self.legal_edit.setFixedHeight(72)
        self.legal_edit.setPlaceholderText("Mentions ajoutées en bas des factures (une par ligne)")
        rows = (("Nom du cabinet *", self.name_edit), ("Adresse", self.address1_edit),
                ("Complément", self.address2_edit), ("Code postal", self.postal_edit),
                ("Ville", self.city_edit), ("Téléphone", self.phone_edit),
                ("E-mail", self.email_edit), ("SIREN", self.siren_edit),
                ("TVA intracommunautaire", self.vat_edit), ("Barreau", self.bar_edit),
                ("Mentions légales", self.legal_edit))
        for label, widget in rows:
            self.add_row(label, widget)
        self.finish({"name": self.name_edit, "address_line1": self.address1_edit,
                     "address_line2": self.address2_edit, "postal_code": self.postal_edit,
                     "city": self.city_edit, "phone": self.phone_edit, "email": self.email_edit,
                     "siren": self.siren_edit, "vat_number": self.vat_edit, "bar": self.bar_edit,
                     "legal_mentions": self.legal_edit})
        self.load()

    def fetch(self) -> FirmIdentity:
        return get_firm_identity(self.ctx.db)

    def fill(self, value: FirmIdentity) -> None:
        self.name_edit.setText(value.name)
        self.address1_edit.setText(value.address_line1)
        self.address2_edit.setText(value.address_line2)
        self.postal_edit.setText(value.postal_code)
        self.city_edit.setText(value.city)
        self.phone_edit.setText(format_phone(value.phone))
        self.email_edit.setText(value.email)
        self.siren_edit.setText(value.siren)
        self.vat_edit.setText(value.vat_number)
        self.bar_edit.setText(value.bar)
        self.legal_edit.setPlainText(value.legal_mentions)

    def collect(self) -> FirmIdentity:
        return FirmIdentity(
            name=self.name_edit.text(), address_line1=self.address1_edit.text(),
            address_line2=self.address2_edit.text(), postal_code=self.postal_edit.text(),
            city=self.city_edit.text(), phone=self.phone_edit.text(), email=self.email_edit.text(),
            siren=self.siren_edit.text(), vat_number=self.vat_edit.text(), bar=self.bar_edit.text(),
            legal_mentions=self.legal_edit.toPlainText())

    def store(self, data: FirmIdentity) -> FirmIdentity:
        user = self.ctx.current_user
        return update_firm_identity(self.ctx.db, self.ctx.clock, data,
                                    user_id=user.id if user else None)

    def saved_message(self, result: FirmIdentity) -> str:
        return "Identité du cabinet enregistrée : elle figurera sur les prochains documents."
