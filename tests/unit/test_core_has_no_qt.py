"""The business layer must run without Qt (CLI, scheduler workers, other front-ends)."""

import subprocess
import sys

SCRIPT = r"""
import importlib, pkgutil, sys
import themisia_desktop.core as core
import themisia_desktop.context, themisia_desktop.cli
for mod in pkgutil.walk_packages(core.__path__, core.__name__ + "."):
    importlib.import_module(mod.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print("QT:" + ",".join(loaded))
"""


def test_core_context_and_cli_import_without_loading_pyside6():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    assert "QT:\n" in out.stdout, f"core pulled in Qt modules: {out.stdout}"
