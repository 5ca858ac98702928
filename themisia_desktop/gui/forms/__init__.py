"""Python classes generated from ``ui/*.ui`` by ``pyside6-uic``.

Never edit the ``ui_*.py`` files by hand: change the form in Qt Designer, then run
``make forms`` (``python -m themisia_desktop.gui.build_forms``).
"""
