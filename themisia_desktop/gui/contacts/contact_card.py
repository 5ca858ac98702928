"""The 360° card of a contact: header (name, typology, status, KYC badge), the live financial
banner, « Modifier… » and « Changer de statut », and the tabs Journal, Dossiers, Factures,
Règlements and Temps.

Everything is read by core (:mod:`themisia_desktop.core.contacts.card`) on the card's
:class:`Worker`; the GUI thread only fills labels and models. :meth:`ContactCard.reload`
refreshes the header, the banner and every tab in one read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QMenu, QPlainTextEdit, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from themisia_desktop.core.contacts.card import (ContactCard as CardData, JournalLine,
                                                 JournalPage, add_journal_entry, fr_date, journal,
                                                 load_card)
from themisia_desktop.core.contacts.lifecycle import change_status
from themisia_desktop.core.contacts.search import format_phone
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.finance.balances import Banner
from themisia_desktop.core.models.enums import InteractionKind, KycStatus
from themisia_desktop.core.money import format_eur
from themisia_desktop.gui.tables import CENTER, LEFT, RIGHT, RowsModel, error_text
from themisia_desktop.gui.tables import make_table as _table
from themisia_desktop.gui.worker import Worker

KYC_COLOURS = {
    KycStatus.VALIDATED: ("#1e6b34", "#dff3e4"),
    KycStatus.IN_PROGRESS: ("#7a5200", "#fff1cc"),
    KycStatus.TO_CHECK: ("#7a5200", "#fff1cc"),
    KycStatus.REFUSED: ("#8f1d1d", "#fbe0e0"),
    KycStatus.EXPIRED: ("#8f1d1d", "#fbe0e0"),
}
JOURNAL_FORM_KINDS = ((InteractionKind.CALL, "Appel"), (InteractionKind.MEETING, "Rendez-vous"),
                      (InteractionKind.NOTE, "Note"))


def matters_text(active: int, archived: int) -> str:
    return f"{active} actif{'s' if active > 1 else ''} / {archived} archivé{'s' if archived > 1 else ''}"


# -- the card -------------------------------------------------------------------------------
class ContactCard(QWidget):
    """The card of one contact. ``loaded`` is emitted each time a reload has been shown."""

    loaded = Signal()
    failed = Signal(str)
    journalAdded = Signal(object)   # JournalLine
    statusChanged = Signal(object)  # ContactSummary
    contactChanged = Signal()       # status or identity changed (a list showing it can refresh)

    def __init__(self, ctx, contact_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.contact_id = contact_id
        self.card: CardData | None = None
        self.edit_dialog = None
        self._worker = Worker(self)
        self._generation = 0
        self._journal_lines: list[JournalLine] = []
        self.panels: dict[str, QWidget] = {}   # tab name → panel (KYC, Rôles, Tarifs négociés, Liens)
        self.open_matter = self._open_matter_screen  # hook: double-click on a matter row
        self.setWindowTitle("Fiche contact")
        self._build()
        self.reload()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.name_label = QLabel("Chargement…", self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind_label = QLabel("", self)
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("statusBadge")
        self.kyc_label = QLabel("", self)
        self.kyc_label.setObjectName("kycBadge")
        self.channels_label = QLabel("", self)
        self.channels_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.channels_label.setStyleSheet("color: #5a6270;")

        self.edit_button = QPushButton("Modifier…", self)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.status_button = QPushButton("Changer de statut", self)  # leaves room for the arrow
        self.status_menu = QMenu(self.status_button)
        self.status_button.setMenu(self.status_menu)
        self.reload_button = QPushButton("Actualiser", self)
        self.reload_button.clicked.connect(self.reload)
        for widget in (self.edit_button, self.status_button):
            widget.setEnabled(False)

        title = QHBoxLayout()
        title.addWidget(self.name_label)
        title.addSpacing(12)
        title.addWidget(self.status_label)
        title.addWidget(self.kyc_label)
        title.addStretch(1)
        title.addWidget(self.reload_button)
        title.addWidget(self.status_button)
        title.addWidget(self.edit_button)
        sub = QHBoxLayout()
        sub.addWidget(self.kind_label)
        sub.addWidget(QLabel("·", self))
        sub.addWidget(self.channels_label, 1)

        self.error_label = QLabel("", self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b;")
        self.error_label.hide()

        # The banner: « Encours · Solde dû · Créances douteuses · Dossiers actifs / archivés »
        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setStyleSheet("#banner { background: #f3f5f8; border: 1px solid #d5dae1; "
                                  "border-radius: 4px; }")
        grid = QGridLayout(self.banner)
        grid.setContentsMargins(16, 8, 16, 8)
        grid.setHorizontalSpacing(32)
        value_font = QFont(self.font())
        value_font.setPointSizeF(value_font.pointSizeF() * 1.3)
        value_font.setBold(True)
        self.banner_values: dict[str, QLabel] = {}
        for column, (key, caption) in enumerate((
                ("encours", "Encours"), ("solde_du", "Solde dû"),
                ("creances_douteuses", "Créances douteuses"),
                ("matters", "Dossiers actifs / archivés"))):
            caption_label = QLabel(caption, self.banner)
            caption_label.setStyleSheet("color: #5a6270;")
            value = QLabel("—", self.banner)
            value.setFont(value_font)
            grid.addWidget(caption_label, 0, column)
            grid.addWidget(value, 1, column)
            self.banner_values[key] = value
        grid.setColumnStretch(4, 1)
        self.encours_value = self.banner_values["encours"]
        self.solde_value = self.banner_values["solde_du"]
        self.douteuses_value = self.banner_values["creances_douteuses"]
        self.matters_value = self.banner_values["matters"]

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_journal_tab(), "Journal")
        self.matters_model = RowsModel(("Référence", "Intitulé", "Statut", "Ouvert le", "Responsable"),
                                       (LEFT, LEFT, LEFT, CENTER, LEFT), self)
        self.invoices_model = RowsModel(
            ("N°", "Dossier", "Date", "Statut", "Montant TTC", "Échéance", "Douteuse"),
            (LEFT, LEFT, CENTER, LEFT, RIGHT, CENTER, CENTER), self)
        self.payments_model = RowsModel(("Date", "Montant", "Mode", "Référence", "Factures réglées"),
                                        (CENTER, RIGHT, LEFT, LEFT, LEFT), self)
        self.time_model = RowsModel(
            ("Date", "Avocat", "Dossier", "Durée", "Description", "Taux horaire", "Montant HT",
             "Facturé"), (CENTER, LEFT, LEFT, RIGHT, LEFT, RIGHT, RIGHT, CENTER), self)
        self.matters_view = _table(self, self.matters_model, (110, 420, 110, 100, 200), stretch=1)
        self.invoices_view = _table(self, self.invoices_model, (130, 110, 100, 100, 130, 100))
        self.payments_view = _table(self, self.payments_model, (100, 130, 110, 200))
        self.time_view = _table(self, self.time_model, (90, 150, 90, 60, 360, 100, 110, 120),
                                stretch=4)
        self._tab_names = ("Journal", "Dossiers", "Factures", "Règlements", "Temps")
        self.matters_view.doubleClicked.connect(
            lambda index: self.open_matter(self.matters_model.row_id(index.row())))
        for view, name in zip((self.matters_view, self.invoices_view, self.payments_view,
                               self.time_view), self._tab_names[1:], strict=True):
            self.tabs.addTab(view, name)

        layout = QVBoxLayout(self)
        layout.addLayout(title)
        layout.addLayout(sub)
        layout.addWidget(self.error_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

    def _build_journal_tab(self) -> QWidget:
        page = QWidget(self)
        self.entry_kind_combo = QComboBox(page)
        for kind, label in JOURNAL_FORM_KINDS:
            self.entry_kind_combo.addItem(label, kind.value)
        self.entry_subject_edit = QLineEdit(page)
        self.entry_subject_edit.setPlaceholderText("Objet (obligatoire)")
        self.entry_subject_edit.setMaxLength(300)
        self.entry_body_edit = QPlainTextEdit(page)
        self.entry_body_edit.setPlaceholderText("Détail (facultatif)")
        self.entry_body_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.entry_add_button = QPushButton("Ajouter au journal", page)
        self.entry_add_button.clicked.connect(self.add_entry)
        self.entry_subject_edit.returnPressed.connect(self.add_entry)
        self.entry_error_label = QLabel("", page)
        self.entry_error_label.setStyleSheet("color: #a61b1b;")
        self.entry_error_label.hide()

        form = QGridLayout()
        form.addWidget(QLabel("Ajouter un appel / un rendez-vous / une note :", page), 0, 0, 1, 3)
        form.addWidget(self.entry_kind_combo, 1, 0)
        form.addWidget(self.entry_subject_edit, 1, 1)
        form.addWidget(self.entry_add_button, 1, 2)
        form.addWidget(self.entry_body_edit, 2, 1)
        form.addWidget(self.entry_error_label, 3, 1)
        form.setColumnStretch(1, 1)

        self.journal_model = RowsModel(("Date", "Type", "Objet", "Détail", "Par"),
                                       (CENTER, LEFT, LEFT, LEFT, LEFT), self)
        self.journal_view = _table(page, self.journal_model, (120, 150, 360, 420, 170), stretch=3)
        self.more_button = QPushButton("Afficher les lignes plus anciennes", page)
        self.more_button.clicked.connect(self.load_more_journal)
        self.more_button.hide()

        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.journal_view, 1)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    # -- state -------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._worker.busy

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _actor(self) -> int | None:
        user = getattr(self._ctx, "current_user", None)
        return user.id if user is not None else None

    # -- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read header, banner and tabs again (on the worker)."""
        self._generation += 1
        generation = self._generation
        ctx, cid = self._ctx, self.contact_id
        today = ctx.clock.today()

        def shown(card: CardData) -> None:
            if generation == self._generation:
                self._apply(card)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._show_error(error_text(exc))
                self.failed.emit(error_text(exc))

        self._worker.submit(lambda: load_card(ctx.db, cid, today), shown, failed)

    def _apply(self, card: CardData) -> None:
        self.card = card
        h = card.header
        self.setWindowTitle(f"Fiche contact — {h.display_name}")
        self.name_label.setText(h.display_name)
        self.kind_label.setText(h.kind_label)
        self.status_label.setText(h.status_label)
        self.status_label.setStyleSheet("padding: 2px 8px; border-radius: 8px; "
                                        "background: #e3ebf7; color: #1d3f73;")
        fg, bg = KYC_COLOURS.get(h.kyc_status, ("#333", "#eee"))
        self.kyc_label.setText(h.kyc_label)
        self.kyc_label.setStyleSheet(f"padding: 2px 8px; border-radius: 8px; background: {bg}; "
                                     f"color: {fg};")
        parts = [p for p in (h.primary_email, format_phone(h.primary_phone), h.city) if p]
        self.channels_label.setText(" · ".join(parts) or "Aucune coordonnée")
        self._apply_banner(card.banner)
        self._fill_status_menu()
        self.edit_button.setEnabled(h.merged_into_id is None)
        if h.merged_into_id is not None:
            self._show_error("Ce contact a été fusionné dans un autre : la fiche est en lecture seule.")
        self._journal_lines = list(card.journal.lines)
        self._show_journal(card.journal)
        self.matters_model.set_rows([(m.id, (m.reference, m.title, m.status_label,
                                             fr_date(m.opened_on), m.responsible))
                                     for m in card.matters])
        self.invoices_model.set_rows([
            (i.id, (("Avoir " if i.is_credit_note else "") + i.number, i.matter_reference,
                    fr_date(i.issued_on), i.status_label, format_eur(i.total_incl_tax),
                    fr_date(i.due_on), "Oui" if i.doubtful else ""))
            for i in card.invoices])
        self.payments_model.set_rows([
            (p.id, (fr_date(p.received_on), format_eur(p.amount), p.method, p.reference or "",
                    ", ".join(p.invoices)))
            for p in card.payments])
        self.time_model.set_rows([
            (t.id, (fr_date(t.work_date), t.lawyer, t.matter_reference, t.duration, t.description,
                    format_eur(t.hourly_rate), format_eur(t.amount),
                    "Oui" if t.billed else ("Non" if t.billable else "Non facturable")))
            for t in card.time])
        self._add_panels(h)
        counts = (None, len(card.matters), len(card.invoices), len(card.payments), len(card.time))
        for index, (name, count) in enumerate(zip(self._tab_names, counts, strict=True)):
            self.tabs.setTabText(index, name if count is None else f"{name} ({count})")
        self.loaded.emit()

    def _add_panels(self, h) -> None:  # noqa: ANN001 - CardHeader
        """The tabs that apply to this contact, added once its typology and status are known."""
        from themisia_desktop.gui.contacts.card_panels import panels_for

        for name, panel in panels_for(self._ctx, h, self):
            if name in self.panels:
                continue
            self.panels[name] = panel
            panel.changed.connect(self.reload)
            self.tabs.addTab(panel, name)

    def _open_matter_screen(self, matter_id: int) -> None:
        try:
            from themisia_desktop.gui.matters.matter_screen import open_matter_screen
        except ModuleNotFoundError:
            return
        open_matter_screen(self._ctx, matter_id, self)

    def _apply_banner(self, banner: Banner) -> None:
        self.encours_value.setText(format_eur(banner.encours))
        self.solde_value.setText(format_eur(banner.solde_du))
        self.douteuses_value.setText(format_eur(banner.creances_douteuses))
        self.douteuses_value.setStyleSheet("color: #a61b1b;" if banner.creances_douteuses > 0 else "")
        self.matters_value.setText(matters_text(banner.active_matters, banner.archived_matters))

    def _show_journal(self, page: JournalPage) -> None:
        self.journal_model.set_rows(
            [(line.id, (line.when_text, line.kind_label, line.subject,
                        " ".join((line.body or "").split()), line.user_name or ""))
             for line in self._journal_lines],
            tips=[line.body for line in self._journal_lines])
        self.more_button.setVisible(page.has_more)

    def load_more_journal(self) -> None:
        ctx, cid, offset = self._ctx, self.contact_id, len(self._journal_lines)
        generation = self._generation

        def shown(page: JournalPage) -> None:
            self.more_button.setEnabled(True)
            if generation == self._generation:
                self._journal_lines.extend(page.lines)
                self._show_journal(page)

        def failed(exc: BaseException) -> None:
            self.more_button.setEnabled(True)
            self._show_error(error_text(exc))

        self.more_button.setEnabled(False)
        self._worker.submit(lambda: journal(ctx.db, cid, offset=offset), shown, failed)

    # -- status ------------------------------------------------------------------------------
    def _fill_status_menu(self) -> None:
        self.status_menu.clear()
        transitions = self.card.header.transitions if self.card else ()
        for status in transitions:
            action = QAction(status.label, self.status_menu)
            action.setData(status.value)
            action.triggered.connect(lambda _checked=False, s=status.value: self.change_status(s))
            self.status_menu.addAction(action)
        self.status_button.setEnabled(bool(transitions))
        self.status_button.setToolTip("" if transitions else
                                      "Aucun changement de statut possible pour ce contact.")

    def status_actions(self) -> list[QAction]:
        return list(self.status_menu.actions())

    def change_status(self, new_status: str) -> None:
        ctx, cid, actor = self._ctx, self.contact_id, self._actor()
        self._show_error("")
        self.status_button.setEnabled(False)

        def done(summary) -> None:  # noqa: ANN001
            self.statusChanged.emit(summary)
            self.contactChanged.emit()
            self.reload()

        def failed(exc: BaseException) -> None:
            self.status_button.setEnabled(True)
            self._show_error(error_text(exc))

        self._worker.submit(lambda: change_status(ctx.db, ctx.clock, cid, new_status, actor_id=actor),
                            done, failed)

    # -- journal -----------------------------------------------------------------------------
    def entry_error_text(self) -> str:
        return self.entry_error_label.text() if not self.entry_error_label.isHidden() else ""

    def add_entry(self) -> None:
        ctx, cid, actor = self._ctx, self.contact_id, self._actor()
        kind = self.entry_kind_combo.currentData()
        subject = self.entry_subject_edit.text()
        body = self.entry_body_edit.toPlainText()
        self.entry_error_label.hide()
        self.entry_add_button.setEnabled(False)

        def done(line: JournalLine) -> None:
            self.entry_add_button.setEnabled(True)
            self.entry_subject_edit.clear()
            self.entry_body_edit.clear()
            self.journalAdded.emit(line)
            self.reload()

        def failed(exc: BaseException) -> None:
            self.entry_add_button.setEnabled(True)
            self.entry_error_label.setText(error_text(exc))
            self.entry_error_label.show()
            if isinstance(exc, ValidationError) and exc.field == "subject":
                self.entry_subject_edit.setFocus()

        self._worker.submit(
            lambda: add_journal_entry(ctx.db, ctx.clock, cid, kind, subject, body, actor),
            done, failed)

    # -- edit --------------------------------------------------------------------------------
    def open_edit_dialog(self):  # noqa: ANN201
        from themisia_desktop.gui.contacts.contact_dialog import ContactDialog

        dialog = ContactDialog(self._ctx, contact_id=self.contact_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _details: (self.reload(), self.contactChanged.emit()))
        self.edit_dialog = dialog
        dialog.open()
        return dialog


def open_contact_card(ctx, contact_id: int, parent: QWidget | None = None) -> ContactCard:  # noqa: ANN001
    """Show the card of a contact in its own window (deleted when closed)."""
    card = ContactCard(ctx, contact_id, parent)
    card.setWindowFlag(Qt.WindowType.Window, True)
    card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    card.resize(1200, 720)
    card.show()
    return card
