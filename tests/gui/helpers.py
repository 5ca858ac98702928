"""Small user-like actions shared by the GUI tests."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QLineEdit,
                               QRadioButton)


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), f"{button.text()!r} cannot be clicked"
    if isinstance(button, (QRadioButton, QCheckBox)):
        # Only the indicator and the text react, not the whole width of the row.
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, edit: QLineEdit, text: str, *, replace: bool = False) -> None:
    """Type ``text`` key by key. QTest only knows ASCII keys: accented letters are sent as key
    events carrying their text, as a French keyboard would."""
    if replace:
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    for char in text:
        if char.isascii():
            qtbot.keyClicks(edit, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    edit, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def save_shot(widget, name: str) -> None:
    """Render ``widget`` as the user would see it (pending layout work done first) and keep
    the PNG in $THEMISIA_SHOTS when set, for a human to look at."""
    import os
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    image = widget.grab()
    assert not image.isNull()
    folder = os.environ.get("THEMISIA_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert image.save(str(Path(folder) / name))
