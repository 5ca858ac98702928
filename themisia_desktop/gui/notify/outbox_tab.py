"""« Suivi des e-mails »: the mails Themisia sends (en attente, envoyé, échec, incertain), their
recipients, subject, attempts and last error; a failed or uncertain one can be sent again."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from themisia_desktop.core.models.enums import OutboxStatus
from themisia_desktop.core.notify.formatting import date_heure
from themisia_desktop.core.notify.outbox import MailInfo, list_recent, requeue
from themisia_desktop.gui.tables import CENTER, LEFT, RowsModel, error_text, make_table
from themisia_desktop.gui.worker import Worker

HEADERS = ("Créé le", "État", "Destinataires", "Objet", "Tentatives", "Dernière erreur")
WIDTHS = (160, 100, 240, 300, 80, 300)
RESENDABLE = (OutboxStatus.FAILED.value, OutboxStatus.UNCERTAIN.value)


def mail_row(mail: MailInfo) -> tuple[str, ...]:
    to = mail.to + (f" (cc : {mail.cc})" if mail.cc else "")
    return (date_heure(mail.created_at), mail.status_label, to, mail.subject,
            str(mail.attempts), " ".join((mail.last_error or "").split()))


class OutboxTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self._worker = Worker(self)
        self.mails: list[MailInfo] = []
        self._note = ""  # shown once, after the next reload

        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("outbox_filter")
        self.filter_combo.addItem("Tous les e-mails", None)
        for value, label in OutboxStatus.choices():
            self.filter_combo.addItem(label, value)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.reload())
        filter_label = QLabel("Afficher :", self)
        filter_label.setBuddy(self.filter_combo)
        self.resend_button = QPushButton("Renvoyer", self)
        self.resend_button.setToolTip("Remettre en file d'envoi un e-mail en échec ou incertain")
        self.resend_button.setEnabled(False)
        self.resend_button.clicked.connect(self.resend_selected)
        self.reload_button = QPushButton("Actualiser", self)
        self.reload_button.clicked.connect(self.reload)
        bar = QHBoxLayout()
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_combo)
        bar.addStretch(1)
        bar.addWidget(self.resend_button)
        bar.addWidget(self.reload_button)

        self.model = RowsModel(HEADERS, (LEFT, LEFT, LEFT, LEFT, CENTER, LEFT), self)
        self.table = make_table(self, self.model, WIDTHS, stretch=5)
        self.table.setObjectName("outbox_table")
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection())
        self.message_label = QLabel("", self)
        self.message_label.setWordWrap(True)
        self.detail_label = QLabel("", self)  # the whole last error of the selected mail
        self.detail_label.setObjectName("outbox_detail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.message_label)
        self.reload()

    def reload(self) -> None:
        status = self.filter_combo.currentData()
        db = self._ctx.db
        self._worker.submit_latest(
            "load", lambda: list_recent(db, statuses=[status] if status else None),
            self._show, self._failed)

    def _show(self, mails: list[MailInfo]) -> None:
        self.mails = mails
        self.model.set_rows([(m.id, mail_row(m)) for m in mails],
                            [m.last_error or m.subject for m in mails])
        if self._note:
            self.message_label.setStyleSheet("color: #2e6b30;")
            self.message_label.setText(self._note)
        else:
            self.message_label.setStyleSheet("color: #5a6270;")
            self.message_label.setText("" if mails else "Aucun e-mail à afficher.")
        self._note = ""
        self._selection()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.message_label.setStyleSheet("color: #a61b1b;")
        self.message_label.setText(error_text(exc))

    def selected_mail(self) -> MailInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        mail_id = self.model.row_id(rows[0].row())
        return next((m for m in self.mails if m.id == mail_id), None)

    def _selection(self) -> None:
        mail = self.selected_mail()
        self.resend_button.setEnabled(mail is not None and mail.status in RESENDABLE)
        if mail is not None and mail.last_error:
            self.detail_label.setText(f"Dernière erreur : {mail.last_error}")
        else:
            self.detail_label.setText("")

    def resend_selected(self) -> None:
        mail = self.selected_mail()
        if mail is None:
            return
        db, clock = self._ctx.db, self._ctx.clock
        self.resend_button.setEnabled(False)

        def done(_info: MailInfo) -> None:
            self._note = f"« {mail.subject} » sera renvoyé au prochain envoi."
            self.reload()

        self._worker.submit(lambda: requeue(db, clock, mail.id), done, self._failed)
