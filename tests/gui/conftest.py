"""GUI test helpers. The shared fixtures (ctx, firm_ctx, clock…) live in tests/conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

# The offscreen platform plugin warns about a feature it does not have; it is not a bug of ours.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
