"""Show a core ``ValidationError`` in French, in red, right under the field it is about."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget


def error_label(parent: QWidget | None = None, *, name: str | None = None) -> QLabel:
    """A hidden, word-wrapped line styled as an error (``role="error"`` in the style sheet)."""
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class FieldErrors:
    """One hidden error row under each named field of a ``QFormLayout``.

    ``fields`` maps the core field name (``ValidationError.field``) to its input widget.
    Editing a field clears its error.
    """

    def __init__(self, form: QFormLayout, fields: dict[str, QWidget]) -> None:
        self._form = form
        self._fields = dict(fields)
        self._labels: dict[str, QLabel] = {}
        for name, widget in self._fields.items():
            row, _role = form.getWidgetPosition(widget)
            label = error_label(widget.parentWidget(), name=f"error_{name}")
            form.insertRow(row + 1, "", label)
            form.setRowVisible(label, False)
            self._labels[name] = label
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _text, n=name: self.clear(n))
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda _i, n=name: self.clear(n))

    def label(self, name: str) -> QLabel:
        return self._labels[name]

    def widget(self, name: str) -> QWidget:
        return self._fields[name]

    def has(self, name: str | None) -> bool:
        return name in self._labels

    def show(self, name: str, message: str, *, focus: bool = True) -> None:
        label = self._labels[name]
        label.setText(message)
        self._form.setRowVisible(label, True)
        widget = self._fields[name]
        widget.setProperty("invalid", True)
        _repolish(widget)
        if focus:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def clear(self, name: str | None = None) -> None:
        for n in ([name] if name else list(self._labels)):
            label = self._labels[n]
            if label.text():
                label.clear()
                self._form.setRowVisible(label, False)
                widget = self._fields[n]
                widget.setProperty("invalid", False)
                _repolish(widget)

    def message(self, name: str) -> str:
        return self._labels[name].text()
