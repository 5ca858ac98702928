"""« Mes préférences »: for each kind of notification, pop-up, e-mail or both; saved as soon
as a choice changes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from themisia_desktop.core.models.enums import NotificationChannel
from themisia_desktop.core.notify.kinds import KINDS
from themisia_desktop.core.notify.notifications import get_preference, set_preference
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

INTRO = ("Choisissez comment être prévenu pour chaque type de notification : par une fenêtre "
         "surgissante (pop-up) dans Themisia, par e-mail, ou les deux. Sans adresse e-mail "
         "dans votre profil, les notifications restent affichées dans l'application.")


class PreferencesTab(QWidget):
    """``loaded()`` once the current choices are shown; ``saved(kind, channel)`` after each save."""

    loaded = Signal()
    saved = Signal(str, str)

    def __init__(self, ctx, user_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ctx = ctx
        self.user_id = user_id
        self._worker = Worker(self)
        self._loading = False
        self.combos: dict[str, QComboBox] = {}

        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        head_kind = QLabel("Type de notification", self)
        head_channel = QLabel("Me prévenir par", self)
        for head in (head_kind, head_channel):
            head.setStyleSheet("font-weight: bold;")
        grid.addWidget(head_kind, 0, 0)
        grid.addWidget(head_channel, 0, 1)
        for row, (kind, label) in enumerate(KINDS.items(), start=1):
            text = QLabel(label, self)
            combo = QComboBox(self)
            combo.setObjectName(f"pref_{kind}")
            combo.setAccessibleName(label)
            combo.setMinimumWidth(220)
            for value, choice in NotificationChannel.choices():
                combo.addItem(choice, value)
            combo.setEnabled(False)
            combo.currentIndexChanged.connect(lambda _i, k=kind: self._changed(k))
            text.setBuddy(combo)
            grid.addWidget(text, row, 0)
            grid.addWidget(combo, row, 1)
            self.combos[kind] = combo
        grid.setColumnStretch(2, 1)

        self.status_label = QLabel("", self)
        self.status_label.setObjectName("pref_status")
        self.status_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        db, user_id = self._ctx.db, self.user_id
        self._worker.submit_latest(
            "load", lambda: {kind: get_preference(db, user_id, kind) for kind in KINDS},
            self._show, self._load_failed)

    def _show(self, channels: dict[str, NotificationChannel]) -> None:
        self._loading = True
        try:
            for kind, channel in channels.items():
                combo = self.combos[kind]
                combo.setCurrentIndex(max(combo.findData(channel.value), 0))
                combo.setEnabled(True)
        finally:
            self._loading = False
        self.loaded.emit()

    def _changed(self, kind: str) -> None:
        if self._loading:
            return
        combo = self.combos[kind]
        channel = combo.currentData()
        label = combo.currentText()
        db, user_id = self._ctx.db, self.user_id
        self.status_label.setStyleSheet("color: #5a6270;")
        self.status_label.setText("Enregistrement…")

        def done(_none: object) -> None:
            self.status_label.setStyleSheet("color: #2e6b30;")
            self.status_label.setText(f"Préférence enregistrée : « {KINDS[kind]} » → {label}.")
            self.saved.emit(kind, channel)

        self._worker.submit(lambda: set_preference(db, user_id, kind, channel), done,
                            self._failed)

    def _load_failed(self, exc: BaseException) -> None:
        self.status_label.setStyleSheet("color: #a61b1b;")
        self.status_label.setText(error_text(exc))

    def _failed(self, exc: BaseException) -> None:
        self._load_failed(exc)
        self.reload()  # show what is really stored
