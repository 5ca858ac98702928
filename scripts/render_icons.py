"""Render resources/icons/themisia.svg to the PNG and ICO files the app and build.spec use.

Run after changing the SVG: ``.venv/bin/python scripts/render_icons.py``.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ICONS / "themisia.svg")).render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841 - needed for painting
    ok = render(256).save(str(ICONS / "themisia.png"))
    ok &= render(256).save(str(ICONS / "themisia.ico"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
