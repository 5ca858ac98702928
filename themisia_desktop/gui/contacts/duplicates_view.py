"""« Doublons »: scan the whole base on a worker (with its progress), list the groups of likely
duplicates; the records of the selected group are shown side by side, the user picks two of
them to merge (« Fusionner… ») or several to set aside (« Ce ne sont pas des doublons »)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget)

from themisia_desktop.context import AppContext
from themisia_desktop.core.contacts.duplicate_dismissals import dismiss_group
from themisia_desktop.core.contacts.duplicate_scan import (DuplicateGroup, DuplicateMember,
                                                           DuplicatePair, group_members,
                                                           scan_duplicates)
from themisia_desktop.core.errors import ThemisiaError
from themisia_desktop.gui.contacts.duplicate_groups_model import (
    GROUP_ALIGNS, GROUP_HEADERS, MEMBER_ALIGNS, MEMBER_HEADERS, DuplicateBoard, group_row,
    group_tip, member_row)
from themisia_desktop.gui.contacts.merge_dialog import MergeDialog
from themisia_desktop.gui.field_errors import error_label
from themisia_desktop.gui.tables import RowsModel, make_table
from themisia_desktop.gui.worker import Worker

TITLE = "Doublons"
SCAN_TEXT = "Rechercher les doublons"
MERGE_TEXT = "Fusionner…"
DISMISS_TEXT = "Ce ne sont pas des doublons"
PICK_HINT = ("Cliquez sur les fiches à comparer (un second clic retire une fiche). Deux fiches "
             "pour une fusion ; deux ou plus pour indiquer que ce ne sont pas des doublons.")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


class _ProgressRelay(QObject):
    """Created on the GUI thread with no parent and kept alive by the scan job: emitted from the
    pool thread, delivered (queued) to the view, or dropped if the view is gone."""

    progressed = Signal(float, str)


class DuplicatesView(QWidget):
    """The « Doublons » screen. ``merge_dialog`` is the last dialog opened by « Fusionner… »."""

    scanned = Signal(int)       # groups found
    dismissed = Signal(list)    # the ids of the records set aside from one another
    contactsChanged = Signal()  # a merge or its undo: lists of contacts should refresh  # noqa: N815

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._worker = Worker(self)
        self.merge_dialog: MergeDialog | None = None
        self.board = DuplicateBoard()
        self.members: dict[int, DuplicateMember] = {}
        self._removed_by_merge: dict[int, list[DuplicatePair]] = {}
        self._group: DuplicateGroup | None = None
        self.setObjectName("DuplicatesView")
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 20, 24, 16)
        root.setSpacing(10)
        title = QLabel(TITLE)
        title.setProperty("role", "title")
        root.addWidget(title)
        lead = QLabel("Les fiches qui semblent décrire la même personne, la même société ou la "
                      "même juridiction, par groupes. Choisissez un groupe, puis fusionnez deux "
                      "de ses fiches, ou indiquez que ce ne sont pas des doublons : elles ne "
                      "seront plus proposées.")
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

        self.groups_model = RowsModel(GROUP_HEADERS, GROUP_ALIGNS, self)
        self.groups_table = make_table(self, self.groups_model, (620, 80, 120), stretch=3)
        self.groups_table.selectionModel().selectionChanged.connect(self._group_selected)
        root.addWidget(self.groups_table, 2)

        self.members_title = QLabel("Fiches du groupe")
        self.members_title.setProperty("role", "subtitle")
        root.addWidget(self.members_title)
        hint = QLabel(PICK_HINT)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        root.addWidget(hint)
        self.members_model = RowsModel(MEMBER_HEADERS, MEMBER_ALIGNS, self)
        self.members_table = make_table(self, self.members_model,
                                        (230, 130, 100, 200, 120, 95, 110, 110, 90), stretch=3)
        self.members_table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.members_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Interactive)
        self.members_table.selectionModel().selectionChanged.connect(self._update_buttons)
        for table in (self.groups_table, self.members_table):
            table.horizontalHeader().setDefaultAlignment(
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        root.addWidget(self.members_table, 2)

        self.error_label = error_label()
        root.addWidget(self.error_label)

        actions = QHBoxLayout()
        self.selection_label = QLabel()
        self.selection_label.setProperty("role", "hint")
        actions.addWidget(self.selection_label, 1)
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

    @property
    def groups(self) -> list[DuplicateGroup]:
        return self.board.groups

    def selected_group(self) -> DuplicateGroup | None:
        return self._group

    def selected_ids(self) -> list[int]:
        """The records picked in the group's table, in the table's order."""
        rows = sorted(i.row() for i in self.members_table.selectionModel().selectedRows())
        return [self.members_model.row_id(r) for r in rows]

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def _update_buttons(self, *_args) -> None:  # noqa: ANN002
        n = len(self.selected_ids())
        self.merge_button.setEnabled(n == 2 and not self.busy)
        self.dismiss_button.setEnabled(n >= 2 and not self.busy)
        self.scan_button.setEnabled(not self.busy)
        if self._group is None:
            self.selection_label.setText("")
        elif n == 2:
            self.selection_label.setText("2 fiches sélectionnées.")
        elif n > 2:
            self.selection_label.setText(f"{n} fiches sélectionnées : une fusion se fait deux "
                                         "fiches à la fois.")
        else:
            self.selection_label.setText("Sélectionnez deux fiches du groupe.")

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _failed(self, exc: BaseException, what: str) -> None:
        self.progress_bar.setVisible(False)
        self._show_error(str(exc) if isinstance(exc, ThemisiaError) else f"{what} a échoué : {exc}")
        self._update_buttons()

    def _count_text(self) -> str:
        n = len(self.board.groups)
        if n == 0:
            return "Aucun doublon probable."
        return f"{_plural(n, 'groupe')} de doublons probables."

    # -- scan ------------------------------------------------------------------------------------
    def scan(self) -> None:
        if self.busy:
            return
        self._show_error("")
        relay = _ProgressRelay()
        relay.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        db = self._ctx.db

        def work() -> tuple[list[DuplicateGroup], dict[int, DuplicateMember]]:
            groups = scan_duplicates(db, progress=relay.progressed.emit)
            return groups, group_members(db, (i for g in groups for i in g.contact_ids))

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

    def _on_scanned(self, found: tuple[list[DuplicateGroup], dict[int, DuplicateMember]]) -> None:
        groups, self.members = found
        self.board.load(groups)
        self._removed_by_merge.clear()
        self.progress_bar.setVisible(False)
        self.status_label.setText(self._count_text())
        self._show_groups(select=0)
        self.scanned.emit(len(self.board.groups))

    # -- groups ----------------------------------------------------------------------------------
    def _show_groups(self, select: int | None = None, near: set[int] | None = None) -> None:
        """Refill the groups' table and select one: the one holding a record of ``near``, else
        the row ``select`` (or the last)."""
        groups = self.board.groups
        self.groups_model.set_rows([(n, group_row(g)) for n, g in enumerate(groups)],
                                   [group_tip(g) for g in groups])
        at = None
        if near:
            at = next((n for n, g in enumerate(groups) if near & set(g.contact_ids)), None)
        if at is None and select is not None and groups:
            at = min(select, len(groups) - 1)
        if at is None:
            self._show_members(None)
        else:
            self.groups_table.selectRow(at)
            self._group_selected()

    def _group_selected(self, *_args) -> None:  # noqa: ANN002
        rows = self.groups_table.selectionModel().selectedRows()
        group = self.board.groups[rows[0].row()] if rows else None
        if group is not self._group:
            self._show_members(group)

    def _show_members(self, group: DuplicateGroup | None) -> None:
        """The group's records; its best pair is picked, ready for a decision."""
        self._group = group
        if group is None:
            self.members_model.set_rows([])
            self.members_title.setText("Fiches du groupe")
            self._update_buttons()
            return
        names = dict(zip(group.contact_ids, group.display_names))
        self.members_model.set_rows([(i, member_row(self.members.get(i), i, names[i]))
                                     for i in group.contact_ids])
        self.members_title.setText(f"Fiches du groupe ({_plural(len(group.contact_ids), 'fiche')})")
        self.set_selected_ids(self.board.best_pair(group))

    def set_selected_ids(self, ids) -> None:  # noqa: ANN001
        table, wanted = self.members_table, set(ids)
        table.clearSelection()
        for row in range(self.members_model.rowCount()):
            if self.members_model.row_id(row) in wanted:
                table.selectRow(row)  # MultiSelection: adds the row
        self._update_buttons()

    def _group_row(self) -> int:
        rows = self.groups_table.selectionModel().selectedRows()
        return rows[0].row() if rows else 0

    # -- dismiss ---------------------------------------------------------------------------------
    def dismiss_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) < 2 or self.busy:
            return
        self._show_error("")
        ctx = self._ctx
        user_id = ctx.current_user.id if ctx.current_user else None
        self.status_label.setText("Enregistrement de la décision…")
        self._worker.submit(lambda: dismiss_group(ctx.db, ctx.clock, ids, user_id=user_id),
                            lambda _n: self._on_dismissed(ids),
                            lambda exc: self._failed(exc, "L'enregistrement"))
        self._update_buttons()

    def _on_dismissed(self, ids: list[int]) -> None:
        at = self._group_row()
        self.board.dismissed(ids)
        self._group = None
        self._show_groups(select=at, near=set(ids))
        names = " », « ".join(self.board.names.get(i, str(i)) for i in ids)
        self.status_label.setText(f"« {names} » ne seront plus proposées comme doublons. "
                                  + self._count_text())
        self.dismissed.emit(list(ids))

    # -- merge -----------------------------------------------------------------------------------
    def open_merge(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 2 or self.busy:
            return
        if (self.merge_dialog is not None and shiboken6.isValid(self.merge_dialog)
                and self.merge_dialog.isVisible()):
            self.merge_dialog.raise_()
            return
        dialog = MergeDialog(self._ctx, ids[0], ids[1], parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(lambda record_id, d=dialog: self._on_merged(d, record_id))
        dialog.undone.connect(lambda record_id, d=dialog: self._on_undone(d, record_id))
        self.merge_dialog = dialog
        dialog.open()

    def _on_merged(self, dialog: MergeDialog, record_id: int) -> None:
        keep, gone = dialog.keep_id, dialog.merge_id
        at = self._group_row()
        self._removed_by_merge[record_id] = self.board.merged(keep, gone)
        self._group = None
        self._show_groups(select=at, near={keep})
        self.status_label.setText("Fusion effectuée. " + self._count_text())
        self._refresh_members((keep, gone))
        self.contactsChanged.emit()

    def _on_undone(self, dialog: MergeDialog, record_id: int) -> None:
        keep, gone = dialog.keep_id, dialog.merge_id
        self.board.restore(self._removed_by_merge.pop(record_id, []))
        self._group = None
        self._show_groups(select=self._group_row(), near={keep, gone})
        self.status_label.setText("Fusion annulée. " + self._count_text())
        self._refresh_members((keep, gone))
        self.contactsChanged.emit()

    def _refresh_members(self, ids: tuple[int, ...]) -> None:
        """After a merge or its undo the records changed: read them again, then redraw the
        group's table (the picked records stay picked)."""
        db = self._ctx.db

        def done(found: dict[int, DuplicateMember]) -> None:
            self.members.update(found)
            if self._group is not None and set(found) & set(self._group.contact_ids):
                picked = self.selected_ids()
                group, self._group = self._group, None
                self._show_members(group)
                self.set_selected_ids(picked)
            self._update_buttons()

        self._worker.submit(lambda: group_members(db, ids), done,
                            lambda exc: self._failed(exc, "La lecture des fiches"))
        self._update_buttons()


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
