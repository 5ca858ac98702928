"""Undo/redo for the workflow editor: each command swaps whole graph snapshots.

The graph is immutable, so a command only keeps the graph before and after the edit: redo
shows ``after``, undo shows ``before``. Consecutive edits of the same node in the same
editing session (typing a title key by key) merge into one undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from themisia_desktop.core.automation.graph import WorkflowGraph

MERGE_ID = 0x7F1  # any id: commands with a merge key share it, mergeWith compares the keys


class SnapshotCommand(QUndoCommand):
    """``apply(graph)`` shows a graph in the editor; ``merge_key`` (e.g. "action/1#4") lets
    the next command with the same key fold into this one."""

    def __init__(self, apply: Callable[[WorkflowGraph], None], before: WorkflowGraph,
                 after: WorkflowGraph, text: str, *, merge_key: str | None = None) -> None:
        super().__init__(text)
        self._apply = apply
        self.before = before
        self.after = after
        self.merge_key = merge_key

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SnapshotCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)
        return True
