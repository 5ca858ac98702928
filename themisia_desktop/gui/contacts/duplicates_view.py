"""« Doublons »: scan the whole base on a worker (with its progress), list the likely pairs,
merge one (« Fusionner… ») or dismiss it (« Ce ne sont pas des doublons »)."""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QTableView, QVBoxLayout, QWidget)

from themisia_desktop.context import AppContext
from themisia_desktop.core.contacts.duplicate_dismissals import dismiss_pair
from themisia_desktop.core.contacts.duplicate_scan import (DuplicateGroup, external_refs,
                                                           scan_duplicates)
from themisia_desktop.core.errors import ThemisiaError
from themisia_desktop.gui.contacts.merge_dialog import MergeDialog
from themisia_desktop.gui.field_errors import error_label
from themisia_desktop.gui.tables import LEFT, RIGHT, RowsModel, make_table
from themisia_desktop.gui.worker import Worker

TITLE = "Doublons"
SCAN_TEXT = "Rechercher les doublons"
MERGE_TEXT = "Fusionner…"
DISMISS_TEXT = "Ce ne sont pas des doublons"
COLUMNS = ("Contact A", "Contact B", "Score", "Raisons")


@dataclass(frozen=True)
class PairRow:
    a: int
    b: int
    name_a: str
    name_b: str
    score: int
    reasons: tuple[str, ...]


def rows_of(groups: list[DuplicateGroup]) -> list[PairRow]:
    rows = []
    for group in groups:
        names = dict(zip(group.contact_ids, group.display_names))
        for p in group.pairs:
            rows.append(PairRow(p.a, p.b, names.get(p.a, ""), names.get(p.b, ""), p.score,
                                tuple(p.reasons)))
    return rows


def group_text(group: DuplicateGroup, refs: dict[int, str | None]) -> str:
    """« Hélène Lefèvre (n° 12, réf. A-1) ; Helene Lefevre (n° 40) »."""
    return " ; ".join(f"{name} (n° {i}{', réf. ' + refs[i] if refs.get(i) else ''})"
                      for i, name in zip(group.contact_ids, group.display_names, strict=True))


def group_reasons(group: DuplicateGroup) -> tuple[str, ...]:
    seen: list[str] = []
    for pair in group.pairs:
        seen += [r for r in pair.reasons if r not in seen]
    return tuple(seen)


def reasons_text(reasons: tuple[str, ...]) -> str:
    """« Même nom, même e-mail »: one sentence, the later reasons in lower case."""
    return ", ".join(r if i == 0 else r[:1].lower() + r[1:] for i, r in enumerate(reasons))


class PairsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PairRow] = []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.name_a, row.name_b, f"{row.score} %", reasons_text(row.reasons))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def set_rows(self, rows: list[PairRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def remove_where(self, keep) -> list[PairRow]:  # noqa: ANN001
        """Drop the rows for which ``keep(row)`` is false; returns them."""
        removed = [r for r in self.rows if not keep(r)]
        if removed:
            self.set_rows([r for r in self.rows if keep(r)])
        return removed

    def add(self, rows: list[PairRow]) -> None:
        merged = self.rows + [r for r in rows if r not in self.rows]
        self.set_rows(sorted(merged, key=lambda r: (-r.score, r.a, r.b)))


class _ProgressRelay(QObject):
    """Created on the GUI thread with no parent and kept alive by the scan job: emitted from the
    pool thread, delivered (queued) to the view, or dropped if the view is gone."""

    progressed = Signal(float, str)


class DuplicatesView(QWidget):
    """The « Doublons » screen. ``merge_dialog`` is the last dialog opened by « Fusionner… »."""

    scanned = Signal(int)       # pairs found
    dismissed = Signal(int, int)
    contactsChanged = Signal()  # a merge or its undo: lists of contacts should refresh  # noqa: N815

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._worker = Worker(self)
        self.merge_dialog: MergeDialog | None = None
        self._removed_by_merge: dict[int, list[PairRow]] = {}
        self.setObjectName("DuplicatesView")
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 20, 24, 16)
        root.setSpacing(10)
        title = QLabel(TITLE)
        title.setProperty("role", "title")
        root.addWidget(title)
        lead = QLabel("Les fiches qui semblent décrire la même personne, la même société ou la "
                      "même juridiction. Fusionnez-les, ou indiquez que ce ne sont pas des "
                      "doublons : elles ne seront plus proposées.")
        lead.setProperty("role", "hint")
        lead.setWordWrap(True)
        root.addWidget(lead)

        scan_row = QHBoxLayout()
        self.scan_button = QPushButton(SCAN_TEXT)
        self.scan_button.clicked.connect(self.scan)
        scan_row.addWidget(self.scan_button)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("%p %")
        self.progress_bar.setMaximumWidth(260)
        self.progress_bar.setVisible(False)
        scan_row.addWidget(self.progress_bar)
        self.status_label = QLabel("Lancez la recherche pour comparer toutes les fiches.")
        self.status_label.setProperty("role", "hint")
        scan_row.addWidget(self.status_label, 1)
        root.addLayout(scan_row)

        self.groups: list[DuplicateGroup] = []
        self.groups_model = RowsModel(("Fiches du groupe (n°, référence externe)", "Fiches",
                                       "Meilleur score", "Raisons"), (LEFT, RIGHT, RIGHT, LEFT), self)
        self.groups_table = make_table(self, self.groups_model, (560, 60, 110), stretch=3)
        self.groups_table.selectionModel().selectionChanged.connect(self._group_selected)
        root.addWidget(self.groups_table, 1)
        pairs_hint = QLabel("Paires (la sélection d'un groupe y choisit sa meilleure paire) : fusionnez-les, ou "
                            "écartez-les comme n'étant pas des doublons.")
        pairs_hint.setProperty("role", "hint")
        root.addWidget(pairs_hint)

        self.model = PairsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 280)
        header.resizeSection(1, 280)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.open_merge())
        root.addWidget(self.table, 1)
        self.model.modelReset.connect(self._show_groups)

        self.error_label = error_label()
        root.addWidget(self.error_label)

        actions = QHBoxLayout()
        actions.addStretch(1)
        self.dismiss_button = QPushButton(DISMISS_TEXT)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.merge_button = QPushButton(MERGE_TEXT)
        self.merge_button.clicked.connect(self.open_merge)
        actions.addWidget(self.dismiss_button)
        actions.addWidget(self.merge_button)
        root.addLayout(actions)
        self._update_buttons()

    # -- state -----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._worker.busy

    def selected_row(self) -> PairRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def _update_buttons(self, *_args) -> None:  # noqa: ANN002
        chosen = self.selected_row() is not None and not self.busy
        self.merge_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)
        self.scan_button.setEnabled(not self.busy)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _failed(self, exc: BaseException, what: str) -> None:
        self.progress_bar.setVisible(False)
        self._show_error(str(exc) if isinstance(exc, ThemisiaError) else f"{what} a échoué : {exc}")
        self._update_buttons()

    def _count_text(self) -> str:
        n = len(self.model.rows)
        if n == 0:
            return "Aucun doublon probable."
        return f"{n} paire{'s' if n > 1 else ''} de doublons probables."

    # -- scan ------------------------------------------------------------------------------------
    def scan(self) -> None:
        if self.busy:
            return
        self._show_error("")
        relay = _ProgressRelay()
        relay.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        db = self._ctx.db

        def work() -> tuple[list[DuplicateGroup], dict[int, str | None]]:
            groups = scan_duplicates(db, progress=relay.progressed.emit)
            return groups, external_refs(db, (i for g in groups for i in g.contact_ids))

        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(True)
        self.status_label.setText("Recherche en cours…")
        self._worker.submit(work, self._on_scanned, lambda exc: self._failed(exc, "La recherche"))
        self._update_buttons()

    def _on_progress(self, fraction: float, step: str) -> None:
        if not self.busy:
            return  # a late step of a finished scan
        self.progress_bar.setValue(round(fraction * 100))
        self.status_label.setText(f"{step}…" if fraction < 1 else step)

    def _on_scanned(self, found: tuple[list[DuplicateGroup], dict[int, str | None]]) -> None:
        groups, self._refs = found
        self.groups = groups
        self.model.set_rows(rows_of(groups))
        self._removed_by_merge.clear()
        self.progress_bar.setVisible(False)
        self.status_label.setText(self._count_text())
        if self.model.rows:
            self.table.selectRow(0)
        self._update_buttons()
        self.scanned.emit(len(self.model.rows))

    # -- groups ---------------------------------------------------------------------------------
    def _show_groups(self) -> None:
        """The groups still holding a pair of the list (a merge or a dismissal removes pairs)."""
        live = {(r.a, r.b) for r in self.model.rows}
        refs = getattr(self, "_refs", {})
        shown = [g for g in self.groups if any((p.a, p.b) in live for p in g.pairs)]
        self._shown_groups = shown
        self.groups_model.set_rows([(n, (group_text(g, refs), str(len(g.contact_ids)),
                                         f"{g.score} %", reasons_text(group_reasons(g))))
                                    for n, g in enumerate(shown)])

    def _group_selected(self, *_args) -> None:  # noqa: ANN002
        rows = self.groups_table.selectionModel().selectedRows()
        if not rows:
            return
        group = self._shown_groups[rows[0].row()]
        members = set(group.contact_ids)
        at = next((i for i, r in enumerate(self.model.rows) if r.a in members), None)
        if at is not None:
            self.table.selectRow(at)

    # -- dismiss ---------------------------------------------------------------------------------
    def dismiss_selected(self) -> None:
        row = self.selected_row()
        if row is None or self.busy:
            return
        self._show_error("")
        ctx = self._ctx
        user_id = ctx.current_user.id if ctx.current_user else None
        self.status_label.setText("Enregistrement de la décision…")
        self._worker.submit(lambda: dismiss_pair(ctx.db, ctx.clock, row.a, row.b, user_id),
                            lambda _id: self._on_dismissed(row),
                            lambda exc: self._failed(exc, "L'enregistrement"))
        self._update_buttons()

    def _on_dismissed(self, row: PairRow) -> None:
        self._remove_and_reselect(lambda r: (r.a, r.b) != (row.a, row.b))
        self.status_label.setText(
            f"« {row.name_a} » et « {row.name_b} » ne seront plus proposés. " + self._count_text())
        self._update_buttons()
        self.dismissed.emit(row.a, row.b)

    def _remove_and_reselect(self, keep) -> list[PairRow]:  # noqa: ANN001
        """Remove rows; the next one (or the last) is selected, ready for the next decision."""
        selected = self.table.selectionModel().selectedRows()
        at = selected[0].row() if selected else 0
        removed = self.model.remove_where(keep)
        if self.model.rows:
            self.table.selectRow(min(at, len(self.model.rows) - 1))
        return removed

    # -- merge -----------------------------------------------------------------------------------
    def open_merge(self) -> None:
        row = self.selected_row()
        if row is None or self.busy:
            return
        if (self.merge_dialog is not None and shiboken6.isValid(self.merge_dialog)
                and self.merge_dialog.isVisible()):
            self.merge_dialog.raise_()
            return
        dialog = MergeDialog(self._ctx, row.a, row.b, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(lambda record_id, d=dialog: self._on_merged(d, record_id))
        dialog.undone.connect(self._on_undone)
        self.merge_dialog = dialog
        dialog.open()

    def _on_merged(self, dialog: MergeDialog, record_id: int) -> None:
        gone = dialog.merge_id  # the record merged away: no pair with it makes sense any more
        pair = {dialog.keep_id, dialog.merge_id}
        removed = self._remove_and_reselect(
            lambda r: r.a != gone and r.b != gone and {r.a, r.b} != pair)
        self._removed_by_merge[record_id] = removed
        self.status_label.setText("Fusion effectuée. " + self._count_text())
        self._update_buttons()
        self.contactsChanged.emit()

    def _on_undone(self, record_id: int) -> None:
        self.model.add(self._removed_by_merge.pop(record_id, []))
        self.status_label.setText("Fusion annulée. " + self._count_text())
        self._update_buttons()
        self.contactsChanged.emit()


def build_duplicates_page(ctx: AppContext) -> QWidget:
    """Factory with the signature of the areas (``module:function``, see gui/areas)."""
    return DuplicatesView(ctx)


def open_duplicates_window(ctx: AppContext, parent: QWidget) -> DuplicatesView:
    """The « Doublons » screen as its own window (e.g. from a « Doublons… » button of the
    contact list); deleted when closed."""
    view = DuplicatesView(ctx, parent)
    view.setWindowFlag(Qt.WindowType.Window, True)
    view.setWindowTitle(f"{TITLE} — Themisia")
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.resize(1100, 640)
    view.show()
    return view
