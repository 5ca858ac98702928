"""Compile the Qt Designer forms ``ui/*.ui`` into ``themisia_desktop/gui/forms/ui_<name>.py``.

Run ``python -m themisia_desktop.gui.build_forms`` (or ``make forms``) after changing a form.
``tests/gui/test_forms_up_to_date.py`` fails when a generated file is out of step.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from themisia_desktop.core.paths import ui_dir

FORMS_DIR = Path(__file__).resolve().parent / "forms"

# pyside6-uic is a console script around this function; calling it through the current
# interpreter works the same in a venv, on Windows and without the scripts on PATH.
_UIC = ("import sys; from PySide6.scripts.pyside_tool import uic; "
        "sys.argv[0] = 'pyside6-uic'; sys.exit(uic())")

# Lines that depend on the uic version rather than on the form.
_VOLATILE_MARKERS = ("Created by: Qt User Interface Compiler version",)


def form_sources() -> list[Path]:
    return sorted(ui_dir().glob("*.ui"))


def target_for(source: Path, out_dir: Path = FORMS_DIR) -> Path:
    return out_dir / f"ui_{source.stem}.py"


def compile_form(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-c", _UIC, str(source), "-o", str(target)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"pyside6-uic failed on {source.name}:\n{proc.stderr or proc.stdout}")


def normalised(text: str) -> str:
    """The generated code without the lines that only name the uic version."""
    return "\n".join(line for line in text.splitlines()
                     if not any(m in line for m in _VOLATILE_MARKERS))


def build_all(out_dir: Path = FORMS_DIR) -> list[Path]:
    written = []
    for source in form_sources():
        target = target_for(source, out_dir)
        compile_form(source, target)
        written.append(target)
    return written


def main() -> int:
    for path in build_all():
        print(f"généré : {path.relative_to(FORMS_DIR.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
