"""« Automatisations et délais »: doubtful debts, payment delay, VAT, public holidays and
the automation watch interval."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from themisia_desktop.context import AppContext
from themisia_desktop.core.firm.preferences import (SWEEP_INTERVAL_NOTICE, GeneralInput,
                                                     GeneralSettings, get_general_settings,
                                                     update_general_settings)
from themisia_desktop.gui.settings.form_base import SAVED, SettingsForm, line_edit

TITLE = "Automatisations et délais"
LEAD = ("Les délais appliqués aux factures et aux relances, le calendrier des jours fériés "
        "utilisé pour les échéances et la fréquence à laquelle Themisia surveille les règles "
        "d'automatisation.")
HOLIDAYS = "Jours fériés d'Alsace-Moselle (Vendredi saint et 26 décembre)"
HOLIDAYS_TIP = "Pour les cabinets du Bas-Rhin, du Haut-Rhin et de la Moselle."


class GeneralForm(SettingsForm):
    def __init__(self, ctx: AppContext, *, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(ctx, TITLE, LEAD, editable=editable, parent=parent)
        box = self.form_box
        self.payment_edit = line_edit(box, "invoice_payment_days_edit", max_length=5, width=90)
        self.doubtful_edit = line_edit(box, "doubtful_debt_days_edit", max_length=5, width=90)
        self.vat_edit = line_edit(box, "vat_rate_edit", max_length=6, width=90)
        self.holidays_check = QCheckBox(HOLIDAYS, box)
        self.holidays_check.setObjectName("alsace_moselle_check")
        self.holidays_check.setToolTip(HOLIDAYS_TIP)
        self.sweep_edit = line_edit(box, "sweep_interval_minutes_edit", max_length=5, width=90)
        self.add_row("Délai de paiement des factures (jours)", self.payment_edit)
        self.add_row("Créance douteuse après (jours de retard)", self.doubtful_edit)
        self.add_row("Taux de TVA (%)", self.vat_edit)
        self.add_row("Calendrier", self.holidays_check)
        self.add_row("Surveillance des automatisations (minutes)", self.sweep_edit)
        self.sweep_hint = QLabel(SWEEP_INTERVAL_NOTICE, box)
        self.sweep_hint.setObjectName("sweep_hint")
        self.sweep_hint.setProperty("role", "hint")
        self.sweep_hint.setWordWrap(True)
        self.sweep_hint.setMinimumWidth(420)
        self.form.addRow("", self.sweep_hint)
        self.finish({"invoice_payment_days": self.payment_edit,
                     "doubtful_debt_days": self.doubtful_edit, "vat_rate": self.vat_edit,
                     "sweep_interval_minutes": self.sweep_edit})
        self.load()

    def fetch(self) -> GeneralSettings:
        return get_general_settings(self.ctx.db)

    def fill(self, value: GeneralSettings) -> None:
        self.payment_edit.setText(str(value.invoice_payment_days))
        self.doubtful_edit.setText(str(value.doubtful_debt_days))
        self.vat_edit.setText(value.vat_rate_text)
        self.holidays_check.setChecked(value.alsace_moselle_holidays)
        self.sweep_edit.setText(str(value.sweep_interval_minutes))

    def collect(self) -> GeneralInput:
        return GeneralInput(doubtful_debt_days=self.doubtful_edit.text(),
                            alsace_moselle_holidays=self.holidays_check.isChecked(),
                            sweep_interval_minutes=self.sweep_edit.text(),
                            invoice_payment_days=self.payment_edit.text(),
                            vat_rate=self.vat_edit.text())

    def store(self, data: GeneralInput) -> tuple[GeneralSettings, int]:
        before = get_general_settings(self.ctx.db).sweep_interval_minutes
        user = self.ctx.current_user
        after = update_general_settings(self.ctx.db, self.ctx.clock, data,
                                        user_id=user.id if user else None)
        return after, before

    def _on_saved(self, result: tuple[GeneralSettings, int]) -> None:
        after, before = result
        super()._on_saved(after)
        if after.sweep_interval_minutes != before:
            self.set_status(f"{SAVED} {SWEEP_INTERVAL_NOTICE}")
