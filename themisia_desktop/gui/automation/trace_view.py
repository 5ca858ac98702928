"""The trace of one run, readable by a non-programmer: a heading (workflow, record, when,
outcome) and the lines of :mod:`themisia_desktop.core.automation.trace_text` — the trigger, each
condition with ✓ / ✗, each action and what it produced, errors and interrupted loops in red."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from themisia_desktop.core.automation.run_queries import RunDetail
from themisia_desktop.core.automation.trace_text import TraceLine, describe_run
from themisia_desktop.core.notify.formatting import date_heure

RED = "#b3261e"
GREEN = "#1e6b34"
GREY = "#5f6368"
MARKS = {"trigger": "▶", "condition": "", "action": "•", "error": "✗", "loop": "⟲", "info": ""}
EMPTY = ("<p style='color:%s'>Choisissez une exécution dans la liste pour voir ce qu'elle a "
         "vu et fait.</p>" % GREY)


def _mark(line: TraceLine) -> str:
    if line.kind == "condition":
        return "✓" if line.ok else "✗"
    return MARKS.get(line.kind, "")


def _colour(line: TraceLine) -> str | None:
    if line.kind in ("error", "loop") or (line.ok is False and line.kind != "condition"):
        return RED
    if line.kind == "condition":
        return GREEN if line.ok else RED
    return None


def lines_html(lines: Sequence[TraceLine]) -> str:
    """The lines as HTML paragraphs (indented by depth, errors in red)."""
    out = []
    for line in lines:
        colour = _colour(line)
        style = [f"margin:2px 0 2px {18 * line.depth}px"]
        if colour and line.kind != "condition":
            style.append(f"color:{colour}")
        if line.kind in ("trigger", "loop", "error") or line.text.startswith("Résultat"):
            style.append("font-weight:600")
        mark = _mark(line)
        mark_html = (f"<span style='color:{colour or GREY}'>{escape(mark)}</span>&nbsp;"
                     if mark else "")
        # Qt breaks lines at a narrow no-break space (« 12 450,00 € »): use a plain one.
        text = escape(line.text).replace("\u202f", "\u00a0")
        out.append(f"<p style='{';'.join(style)}'>{mark_html}{text}</p>")
    return "\n".join(out)


def detail_html(detail: RunDetail) -> str:
    run = detail.run
    title = escape(run.workflow_name or "Workflow supprimé")
    version = f" (version {run.workflow_version})" if run.workflow_version else ""
    head = [f"<h3 style='margin:0 0 4px 0'>{title}{escape(version)}</h3>",
            f"<p style='margin:0;color:{GREY}'>{escape(detail.record_name or '—')}</p>",
            f"<p style='margin:0 0 8px 0;color:{GREY}'>Exécution n° {run.id} du "
            f"{escape(date_heure(run.started_at))}</p>"]
    return "\n".join(head) + lines_html(describe_run(run, detail.names))


class TraceView(QTextBrowser):
    """Shows one run (``show_run``) or a hint when none is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trace_view")
        self.setOpenLinks(False)
        self.detail: RunDetail | None = None
        self.lines: list[TraceLine] = []
        self.clear_run()

    def clear_run(self) -> None:
        self.detail = None
        self.lines = []
        self.setHtml(EMPTY)

    def show_run(self, detail: RunDetail) -> None:
        self.detail = detail
        self.lines = describe_run(detail.run, detail.names)
        self.setHtml(detail_html(detail))

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.detail = None
        self.lines = []
        colour = RED if error else GREY
        self.setHtml(f"<p style='color:{colour}'>{escape(text)}</p>")
