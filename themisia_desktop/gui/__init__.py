"""The PySide6 front-end. Widgets call services in ``themisia_desktop.core``; no SQL here."""
