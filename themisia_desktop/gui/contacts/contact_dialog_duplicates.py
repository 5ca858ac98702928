"""The « Doublon possible » check of the contact dialog, run while the user types.

Each edit restarts a short timer; when it fires, :func:`find_candidates` runs on a
:class:`Worker` and only the answer to the latest request is shown (stale answers dropped).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from themisia_desktop.core.contacts.duplicates import DuplicateMatch, DuplicateProbe, find_candidates
from themisia_desktop.core.contacts.schema import (ChannelInput, CompanyInput, Details,
                                                   JurisdictionInput, PersonInput)
from themisia_desktop.core.contacts.validation import court_name
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.contacts.identifiers import parse_date
from themisia_desktop.gui.worker import Worker

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
STRONG_SCORE = 90     # from this score, saving asks « Créer quand même ? »
MIN_NAME = 2          # letters of a name before the name alone is looked up


def match_line(m: DuplicateMatch) -> str:
    """"Hélène Lefèvre — 95 % — Même e-mail, Même nom"."""
    return f"{m.display_name} — {m.score} % — {', '.join(m.reasons)}"


def probe_of(details: Details, channels: list[ChannelInput] | tuple[ChannelInput, ...]) -> DuplicateProbe | None:
    """What to look for, or None when too little is typed to look anything up."""
    emails = tuple(c.value.strip() for c in channels if c.kind == "email" and c.value.strip())
    phones = tuple(c.value.strip() for c in channels if c.kind == "phone" and c.value.strip())
    probe = DuplicateProbe(kind=str(details.kind), emails=emails, phones=phones)
    name = ""
    if isinstance(details, PersonInput):
        try:
            born = parse_date(details.birth_date, field="birth_date")
        except ValidationError:
            born = None  # half-typed: ignored until it is a date
        name = (details.last_name or "").strip()
        probe = replace(probe, last_name=name or None, first_name=details.first_name,
                        display_name=" ".join(p for p in (details.first_name, name) if p),
                        birth_date=born)
    elif isinstance(details, CompanyInput):
        name = (details.legal_name or "").strip()
        probe = replace(probe, legal_name=name or None, display_name=name, siren=details.siren,
                        siret=details.siret, vat_number=details.vat_number)
    elif isinstance(details, JurisdictionInput) and details.court_type:
        name = details.name or court_name(details.court_type, details.city)
        probe = replace(probe, display_name=name)
    has_ids = any((probe.siren, probe.siret, probe.vat_number, emails, phones))
    return probe if has_ids or len(name) >= MIN_NAME else None


class DuplicateWatcher(QObject):
    """``schedule()`` after each edit; ``shown`` carries the matches to display (maybe [])."""

    shown = Signal(list)

    def __init__(self, parent: QObject, db: Database, read_probe: Callable[[], DuplicateProbe | None],
                 *, exclude_id: int | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._read_probe = read_probe
        self.exclude_id = exclude_id
        self._worker = Worker(parent)
        self._generation = 0
        self.matches: list[DuplicateMatch] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.check_now)

    @property
    def pending(self) -> bool:
        return self._timer.isActive() or self._worker.busy

    @property
    def strong(self) -> list[DuplicateMatch]:
        return [m for m in self.matches if m.score >= STRONG_SCORE]

    def schedule(self) -> None:
        self._timer.start()

    def check_now(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        probe = self._read_probe()
        if probe is None:
            self._show(generation, [])
            return
        db, exclude = self._db, self.exclude_id
        self._worker.submit(lambda: find_candidates(db, probe, exclude_id=exclude),
                            lambda found: self._show(generation, found),
                            lambda exc: self._failed(generation, exc))

    def _failed(self, generation: int, exc: BaseException) -> None:
        # A failed look-up must not keep anyone from saving: log it, show nothing.
        log.warning("duplicate look-up failed: %s", exc)
        self._show(generation, [])

    def _show(self, generation: int, found: list[DuplicateMatch]) -> None:
        if generation != self._generation:
            return  # an answer to an older request: the user has typed since
        self.matches = list(found)
        self.shown.emit(self.matches)
