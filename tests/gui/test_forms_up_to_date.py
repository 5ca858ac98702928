"""The committed ``gui/forms/ui_*.py`` must be what pyside6-uic makes of ``ui/*.ui`` today."""

from pathlib import Path

from themisia_desktop.gui.build_forms import (FORMS_DIR, compile_form, form_sources, normalised,
                                              target_for)

HOW_TO_FIX = "run `make forms` (python -m themisia_desktop.gui.build_forms) and commit the result"


def test_every_form_is_compiled_and_up_to_date(tmp_path: Path) -> None:
    sources = form_sources()
    assert {s.stem for s in sources} >= {"main_window", "login_dialog", "first_start_wizard"}
    stale = []
    for source in sources:
        committed = target_for(source)
        fresh = target_for(source, tmp_path)
        compile_form(source, fresh)
        if not committed.exists():
            stale.append(f"{committed.name} is missing")
        elif normalised(committed.read_text(encoding="utf-8")) != normalised(
                fresh.read_text(encoding="utf-8")):
            stale.append(f"{committed.name} differs from {source.name}")
    assert not stale, "generated forms out of date: " + "; ".join(stale) + f" — {HOW_TO_FIX}"


def test_no_generated_form_without_its_ui_file() -> None:
    expected = {target_for(s).name for s in form_sources()}
    orphans = sorted(p.name for p in FORMS_DIR.glob("ui_*.py") if p.name not in expected)
    assert not orphans, f"generated forms without a .ui file: {orphans} — delete them"
