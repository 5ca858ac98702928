"""Saving, switching on/off, testing, duplicating and files for the workflow editor (a part
of :class:`.editor_window.WorkflowEditor`). A workflow with errors is refused with its errors
shown on their nodes; the work itself runs on the editor's worker."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.gui.automation import editor_jobs as jobs
from themisia_desktop.gui.tables import error_text

if TYPE_CHECKING:
    from themisia_desktop.gui.automation.editor_window import WorkflowEditor

log = logging.getLogger(__name__)
FILE_FILTER = "Workflow Themisia (*.json)"


def errors_summary(count: int) -> str:
    if count == 0:
        return "Aucune erreur : le workflow peut être enregistré"
    if count == 1:
        return "1 erreur : corrigez-la avant d'enregistrer"
    return f"{count} erreurs : corrigez-les avant d'enregistrer"


class EditorTools:
    """Mixed into the editor window: uses its graph, errors, worker and message line."""

    # -- saving, switching ------------------------------------------------------------------
    def _refuse(self, what: str) -> bool:
        """True (and the errors shown on their nodes) when the workflow has errors."""
        count = sum(len(v) for v in self._errors.values())
        if not count:
            return False
        first = next(iter(self._errors))
        self.select_node(None if first == "workflow" else first)
        plural = "s" if count > 1 else ""
        self._message(f"Impossible {what} : {count} erreur{plural} à corriger (éléments "
                      "en rouge, détail au survol).", error=True)
        return True

    def _run(self, fn: Any, on_success: Any, waiting: str) -> None:
        self._busy = True
        self._message(waiting)
        self._refresh_state()

        def done(result: Any) -> None:
            self._busy = False
            on_success(result)
            self._refresh_state()

        def failed(exc: BaseException) -> None:
            self._busy = False
            problems = getattr(exc, "errors", None)
            self._message(" ; ".join(problems) if problems else error_text(exc), error=True)
            if problems:
                self._refs = [p for p in problems if self._graph.error_node(p) != "workflow"]
                self._render(rebuild_panel=False)
            self._refresh_state()
            if not isinstance(exc, ValidationError):
                log.error("workflow editor job failed", exc_info=exc)
        self._worker.submit(fn, done, failed)

    def save(self) -> None:
        if self._busy or self._refuse("d'enregistrer"):
            return
        wid, doc = self.workflow_id, self._graph.to_document()
        self._run(lambda: jobs.save(self.ctx, wid, doc), self._on_saved, "Enregistrement…")

    def _on_saved(self, loaded: jobs.Loaded) -> None:
        self.workflow_id, self.enabled = loaded.workflow_id, loaded.enabled
        self.undo_stack.setClean()
        self._message(f"Version {loaded.version} enregistrée")
        self.saved.emit(loaded.workflow_id)

    def enable(self) -> None:
        if self._busy or self._refuse("d'activer"):
            return
        if self.workflow_id is None or not self.undo_stack.isClean():
            self._message("Enregistrez d'abord le workflow : c'est la version enregistrée qui "
                          "est activée.", error=True)
            return
        self._switch(True)

    def disable(self) -> None:
        if not self._busy and self.workflow_id is not None:
            self._switch(False)

    def _switch(self, on: bool) -> None:
        wid = self.workflow_id

        def switched(enabled: bool) -> None:
            self.enabled = enabled
            self.enabled_changed.emit(wid, enabled)
            self._message("Workflow activé" if enabled else "Workflow désactivé")
        self._run(lambda: jobs.switch(self.ctx, wid, on), switched,
                  "Activation…" if on else "Désactivation…")

    # -- other tools ------------------------------------------------------------------------
    def open_tester(self) -> Any:
        try:
            from themisia_desktop.gui.automation.test_dialog import open_test_dialog
        except ImportError:
            self._message("Le testeur n'est pas disponible dans cette version.", error=True)
            return None
        return open_test_dialog(self.ctx, self._graph.to_document(), self,
                                workflow_id=self.workflow_id)

    def duplicate(self) -> WorkflowEditor:
        """A new, unsaved editor holding a copy of this workflow."""
        doc = self._graph.to_document()
        doc["name"] = f"{doc.get('name') or 'Workflow'} (copie)"[:200]
        from themisia_desktop.gui.automation.editor_window import open_workflow_editor

        copy = open_workflow_editor(self.ctx, document=doc, parent=self.parentWidget())
        self._copies = [*getattr(self, "_copies", []), copy]
        return copy

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Importer un workflow", "", FILE_FILTER)
        if path:
            self.import_from(Path(path))

    def _ask_export(self) -> None:
        name = self._graph.to_document().get("name") or "workflow"
        path, _ = QFileDialog.getSaveFileName(self, "Exporter le workflow", f"{name}.json",
                                              FILE_FILTER)
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        if self._busy or self._refuse("d'exporter"):
            return
        doc = self._graph.to_document()
        self._run(lambda: jobs.export_to(path, doc),
                  lambda p: self._message(f"Workflow exporté dans {Path(p).name}"), "Export…")

    def import_from(self, path: Path) -> None:
        """Open an exported workflow: saved as a new, disabled workflow when it is valid,
        shown unsaved with its errors otherwise."""
        if self._busy:
            return

        def opened(loaded: jobs.Loaded) -> None:
            self._on_loaded(loaded)
            self._loading = 0
            self.view.fit_to_view()
            self._message("Workflow importé (désactivé)" if loaded.workflow_id is not None else
                          "Fichier ouvert sans être enregistré : corrigez les erreurs puis "
                          "enregistrez", error=loaded.workflow_id is None)
        self._run(lambda: jobs.import_from(self.ctx, path), opened, "Import…")
