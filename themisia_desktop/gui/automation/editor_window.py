"""The visual workflow editor: build, check, save and switch on a workflow without help.

The workflow document (core) is the source of truth: the editor holds one immutable
:class:`WorkflowGraph`, every edit pushes a command swapping it for the edited one (undo/redo),
and the scene and the side panel are redrawn from it. Errors (the document's checks and the
firm's references) are shown on the node that has them; a workflow with errors can be neither
saved, exported nor switched on. Loading, saving, switching and files go through a worker.
"""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMainWindow, QSplitter,
                               QToolBar, QVBoxLayout, QWidget)

from themisia_desktop.core.automation.definition import ACTION_TYPES
from themisia_desktop.core.automation.editor_catalogue import EMPTY_CATALOGUE
from themisia_desktop.core.automation.graph import (NO_NAMES, GraphEditError, Names, WorkflowGraph,
                                                    blank_document)
from themisia_desktop.gui.automation import editor_jobs as jobs
from themisia_desktop.gui.automation.editor_commands import SnapshotCommand
from themisia_desktop.gui.automation.editor_defaults import default_action, default_condition
from themisia_desktop.gui.automation.editor_tools import EditorTools, errors_summary
from themisia_desktop.gui.automation.editor_parts import (ERROR_STYLE, Palette, SidePanel,
                                                          make_panel)
from themisia_desktop.gui.automation.graph_scene import GraphScene
from themisia_desktop.gui.automation.graph_view import GraphView
from themisia_desktop.gui.tables import error_text
from themisia_desktop.gui.worker import Worker

log = logging.getLogger(__name__)


class WorkflowEditor(EditorTools, QMainWindow):
    saved = Signal(int)   # the workflow id after a save
    enabled_changed = Signal(int, bool)  # the workflow id, switched on or off
    ready = Signal()      # the catalogue and the stored workflow are loaded

    def __init__(self, ctx: Any, *, workflow_id: int | None = None,
                 document: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workflow_editor")
        self.ctx = ctx
        self._worker = Worker(self)
        self.workflow_id = workflow_id
        self.enabled = False
        self.catalogue = EMPTY_CATALOGUE
        self._names = NO_NAMES
        self._graph = WorkflowGraph.from_document(document or blank_document())
        self._refs: list[str] = []
        self._errors: dict[str, list[str]] = {}
        self._selected: str | None = None
        self._edit_session = 0
        self._panel_edit = False
        self._loading = 0
        self._busy = False
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._build()
        self._render()
        self._load()
        self._check_references()

    # -- building -------------------------------------------------------------------------
    def _action(self, name: str, text: str, slot: Any, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setToolTip(tip or text)
        action.triggered.connect(slot)
        return action

    def _build(self) -> None:
        self.action_save = self._action("action_save", "Enregistrer", self.save,
                                        "Enregistrer une nouvelle version")
        self.action_save.setShortcut(QKeySequence.StandardKey.Save)
        self.action_enable = self._action("action_enable", "Activer", self.enable)
        self.action_disable = self._action("action_disable", "Désactiver", self.disable)
        self.action_test = self._action("action_test", "Tester", self.open_tester,
                                        "Voir ce que ferait ce workflow sur les données du jour")
        self.action_duplicate = self._action("action_duplicate", "Dupliquer", self.duplicate)
        self.action_import = self._action("action_import", "Importer…", self._ask_import)
        self.action_export = self._action("action_export", "Exporter…", self._ask_export)
        self.action_undo = self._action("action_undo", "Annuler", self.undo_stack.undo)
        self.action_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.action_redo = self._action("action_redo", "Rétablir", self.undo_stack.redo)
        self.action_redo.setShortcut(QKeySequence.StandardKey.Redo)
        for action, can in ((self.action_undo, self.undo_stack.canUndoChanged),
                            (self.action_redo, self.undo_stack.canRedoChanged)):
            action.setEnabled(False)
            can.connect(action.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda text: self.action_undo.setToolTip(f"Annuler : {text}" if text else "Annuler"))
        self.undo_stack.redoTextChanged.connect(
            lambda text: self.action_redo.setToolTip(f"Rétablir : {text}" if text else "Rétablir"))
        self.action_fit = self._action("action_fit", "Ajuster à la fenêtre",
                                       lambda: self.view.fit_to_view())
        toolbar = QToolBar("Workflow", self)
        toolbar.setObjectName("editor_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for item in (self.action_save, self.action_enable, self.action_disable, None,
                     self.action_test, self.action_duplicate, self.action_import,
                     self.action_export, None, self.action_undo, self.action_redo, None,
                     self.action_fit):
            toolbar.addSeparator() if item is None else toolbar.addAction(item)
        self.addToolBar(toolbar)

        self.palette = Palette(self)
        self.palette.requested.connect(self.add_from_palette)
        self.scene = GraphScene(self)
        self.scene.node_selected.connect(self._on_selected)
        self.scene.connect_requested.connect(self.connect_nodes)
        self.scene.delete_requested.connect(self.remove_node)
        self.scene.detach_requested.connect(self.disconnect_nodes)
        self.scene.move_requested.connect(self.move_action)
        self.view = GraphView(self.scene, self)
        self.side = SidePanel(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("editor_splitter")
        splitter.setChildrenCollapsible(False)
        for widget in (self.palette, self.view, self.side):
            splitter.addWidget(widget)
            widget.setMinimumWidth(170)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([180, 846, 340])
        self.state_line = QLabel(self)
        self.state_line.setObjectName("state_line")
        self.status_line = QLabel(self)
        self.status_line.setObjectName("status_line")
        self.message_line = QLabel(self)
        self.message_line.setObjectName("message_line")
        self.message_line.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(8, 2, 8, 4)
        bottom.addWidget(self.state_line)
        bottom.addSpacing(16)
        bottom.addWidget(self.status_line)
        bottom.addSpacing(16)
        bottom.addWidget(self.message_line, 1)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.setCentralWidget(central)
        self.resize(1366, 768)

    # -- loading ------------------------------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        return self._loading == 0

    def _load(self) -> None:
        self._loading = 2 if self.workflow_id is not None else 1
        self._worker.submit(lambda: jobs.load_catalogue(self.ctx), self._on_catalogue,
                            self._on_load_failed)
        if self.workflow_id is not None:
            wid = self.workflow_id
            self.message_line.setText("Chargement du workflow…")
            self._worker.submit(lambda: jobs.load_workflow(self.ctx, wid), self._on_loaded,
                                self._on_load_failed)

    def _loaded_one(self) -> None:
        self._loading = max(0, self._loading - 1)
        if self._loading == 0:
            self.view.fit_to_view()
            self.ready.emit()

    def _on_catalogue(self, catalogue: Any) -> None:
        self.catalogue = catalogue if catalogue is not None else EMPTY_CATALOGUE
        self._names = Names(users=dict(self.catalogue.users),
                            workflows=dict(self.catalogue.workflows))
        self._render(rebuild_panel=True)
        self._loaded_one()

    def _on_loaded(self, loaded: jobs.Loaded) -> None:
        self.workflow_id, self.enabled = loaded.workflow_id, loaded.enabled
        self._graph = WorkflowGraph.from_document(loaded.document)
        self._selected = None
        self.undo_stack.clear()
        self.message_line.setText("")
        self._refs = []
        self._render(rebuild_panel=True)
        self._check_references()
        self._loaded_one()

    def _on_load_failed(self, exc: BaseException) -> None:
        self._message(error_text(exc), error=True)
        self._loaded_one()

    # -- showing ------------------------------------------------------------------------------
    @property
    def graph(self) -> WorkflowGraph:
        return self._graph

    @property
    def errors(self) -> dict[str, list[str]]:
        return dict(self._errors)

    @property
    def selected_id(self) -> str | None:
        return self._selected

    def _apply(self, graph: WorkflowGraph) -> None:
        """Show ``graph`` (called by the undo commands)."""
        self._graph = graph
        self._render(rebuild_panel=not self._panel_edit)
        self._check_references()

    def _render(self, *, rebuild_panel: bool = True) -> None:
        graph = self._graph
        ids = {n.id for n in graph.nodes()}
        wanted = graph.focus if graph.focus in ids else self._selected
        if wanted not in ids:
            wanted = None
        if wanted != self._selected:
            self._edit_session += 1
            rebuild_panel = True
        self._selected = wanted
        self._errors = graph.errors(extra=self._refs)
        self.scene.set_graph(graph, self._errors, wanted, self._names)
        if rebuild_panel or self.side.node_id != (wanted or "workflow"):
            self._show_panel()
        self.side.set_errors(self._errors.get(wanted or "workflow", []))
        self.side.heading.setText(self._heading(wanted))
        self._refresh_state()

    def _heading(self, node_id: str | None) -> str:
        if node_id is None:
            return "Aucun élément sélectionné : propriétés du workflow"
        node = self._graph.node(node_id)
        return node.subtitle if node.kind == "action" else node.title

    def _show_panel(self) -> None:
        node_id = self._selected or "workflow"
        if self._selected is None:
            kind, data = "workflow", self._graph.workflow_data()
        else:
            node = self._graph.node(node_id)
            kind, data = node.kind, node.data
        heading = self._heading(self._selected)
        panel = make_panel(kind, data, record_type=self._graph.record, catalogue=self.catalogue,
                           parent=self.side, on_change=lambda d, n=node_id: self._edited(n, d))
        self.side.show_panel(node_id, heading, panel)
        self.side.set_errors(self._errors.get(node_id, []))

    def _refresh_state(self) -> None:
        count = sum(len(v) for v in self._errors.values())
        self.status_line.setText(errors_summary(count))
        self.status_line.setStyleSheet(ERROR_STYLE if count else "color: #2e7d4f;")
        if self.workflow_id is None:
            state = "Nouveau workflow, non enregistré"
        else:
            state = f"Workflow n° {self.workflow_id} — {'activé' if self.enabled else 'désactivé'}"
        if not self.undo_stack.isClean() and self.workflow_id is not None:
            state += " — modifications non enregistrées"
        self.state_line.setText(state)
        name = self._graph.to_document().get("name") or "Sans nom"
        modified = "" if self.undo_stack.isClean() and self.workflow_id is not None else " *"
        self.setWindowTitle(f"{name}{modified} — éditeur de workflow")
        idle = not self._busy
        self.action_save.setEnabled(idle)
        self.action_enable.setEnabled(idle and not self.enabled)
        self.action_disable.setEnabled(idle and self.workflow_id is not None and self.enabled)
        self.action_import.setEnabled(idle)
        self.action_export.setEnabled(idle)

    def _on_clean_changed(self, _clean: bool) -> None:
        if shiboken6.isValid(self) and shiboken6.isValid(self.undo_stack):
            self._refresh_state()

    def _message(self, text: str, *, error: bool = False) -> None:
        self.message_line.setText(text)
        self.message_line.setStyleSheet(ERROR_STYLE if error else "")

    def _check_references(self) -> None:
        doc = self._graph.to_document()
        self._worker.submit_latest("refs", lambda: jobs.references(self.ctx, doc),
                                   lambda problems: self._on_refs(doc, problems),
                                   lambda exc: log.warning("reference check failed: %s", exc))

    def _on_refs(self, doc: dict[str, Any], problems: list[str]) -> None:
        if doc == self._graph.to_document() and problems != self._refs:
            self._refs = problems
            self._render(rebuild_panel=False)

    # -- editing ------------------------------------------------------------------------------
    def _push(self, after: WorkflowGraph, text: str, *, merge_key: str | None = None) -> None:
        before = self._graph
        if after == before and after.focus == before.focus:
            return
        self.undo_stack.push(SnapshotCommand(self._apply, before, after, text,
                                             merge_key=merge_key))

    def _edited(self, node_id: str, data: dict[str, Any]) -> None:
        """A property panel changed its node's data."""
        try:
            after = self._graph.with_node_data(node_id, data)
        except (GraphEditError, KeyError, TypeError, ValueError) as exc:
            self._message(str(exc), error=True)
            return
        if after == self._graph:
            return
        self._panel_edit = True
        try:
            self._push(after, "Modifier", merge_key=f"{node_id}#{self._edit_session}")
        finally:
            self._panel_edit = False

    def _on_selected(self, node_id: str | None) -> None:
        if node_id == self._selected:
            return
        self._selected = node_id
        self._edit_session += 1
        self._show_panel()

    def select_node(self, node_id: str | None) -> None:
        self.scene.select(node_id)

    def add_from_palette(self, kind: str, action_type: str | None = None) -> str:
        """Add a node from the palette, connected after the selected node when that makes
        sense, detached otherwise; returns the new node's id."""
        graph, record = self._graph, self._graph.record
        if kind == "action":
            data, label = default_action(action_type, record, self.catalogue), \
                ACTION_TYPES[action_type]
        elif kind == "condition":
            data, label = default_condition(record), "Condition"
        else:
            data, label = {"mode": "all"}, "Groupe de conditions"
        draft = graph.next_draft_id
        after = graph.add_node(kind, data)
        source = self._attach_point(kind)
        if source is not None:
            try:
                after = after.connect(source, draft)
            except GraphEditError:
                pass
        self._push(after, f"Ajouter « {label} »")
        return after.focus or draft

    def _attach_point(self, kind: str) -> str | None:
        selected = self._selected
        if selected is None or selected.startswith("draft/"):
            return None
        if kind == "action":
            if selected.startswith("action/"):
                return selected
            actions = [n.id for n in self._graph.nodes() if n.id.startswith("action/")]
            return actions[-1] if actions else "trigger"
        return selected if selected == "trigger" or selected.startswith("cond") else None

    def connect_nodes(self, source: str, target: str) -> None:
        try:
            self._push(self._graph.connect(source, target), "Relier")
        except GraphEditError as exc:
            self._message(str(exc), error=True)

    def disconnect_nodes(self, source: str, target: str) -> None:
        try:
            self._push(self._graph.disconnect(source, target), "Détacher")
        except GraphEditError as exc:
            self._message(str(exc), error=True)

    def move_action(self, node_id: str, index: int) -> None:
        try:
            self._push(self._graph.move_action(node_id, index), "Déplacer")
        except GraphEditError as exc:
            self._message(str(exc), error=True)

    def remove_node(self, node_id: str) -> None:
        try:
            self._push(self._graph.remove(node_id), "Supprimer")
        except GraphEditError as exc:
            self._message(str(exc), error=True)

def open_workflow_editor(ctx: Any, *, workflow_id: int | None = None,
                         document: dict[str, Any] | None = None,
                         parent: QWidget | None = None) -> WorkflowEditor:
    """Open the editor on a stored workflow, on a template's document (not saved yet) or on a
    blank workflow."""
    editor = WorkflowEditor(ctx, workflow_id=workflow_id, document=document, parent=parent)
    if parent is not None:
        editor.setWindowFlag(Qt.WindowType.Window, True)
    editor.show()
    return editor
